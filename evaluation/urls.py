from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/open/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/conclude/", views.round_conclude, name="round_conclude"),
    path("<int:pk>/roll/", views.roll_edit, name="roll_edit"),
    path("<int:pk>/results.xlsx", views.round_xlsx, name="round_xlsx"),
    path("members/<int:pk>/", views.participant, name="participant"),
    path("members/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
]
