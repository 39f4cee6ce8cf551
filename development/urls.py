from django.urls import path

from development import views

app_name = "development"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("plan/", views.plan, name="plan"),
    path("organizations/<int:pk>/", views.board, name="board"),
    path("organizations/<int:pk>/board.xlsx", views.board_export, name="board_export"),
    path("organizations/<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/", views.candidate_detail, name="candidate"),
    path("<int:pk>/steps/<str:kind>/", views.step_create, name="step_create"),
    path("<int:pk>/move/", views.record_move, name="record_move"),
    path("<int:pk>/documents/<str:name>.docx", views.document, name="document"),
]
