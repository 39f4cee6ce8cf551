from django.urls import path

from authority import views

app_name = "authority"
urlpatterns = [
    path("", views.list_index, name="index"),
    path("new/", views.list_create, name="list_create"),
    path("compare/", views.list_compare, name="compare"),
    path("<int:pk>/", views.list_detail, name="list"),
    path("<int:pk>/matrix.xlsx", views.list_xlsx, name="list_xlsx"),
    path("<int:pk>/adopt/", views.list_adopt, name="list_adopt"),
    path("<int:pk>/reject/", views.list_reject, name="list_reject"),
    path("<int:list_pk>/matters/new/", views.matter_edit, name="matter_create"),
    path("matters/<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path("matters/<int:pk>/delete/", views.matter_delete, name="matter_delete"),
]
