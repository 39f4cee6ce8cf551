from django.urls import path

from activities import views

app_name = "activities"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.activity_detail, name="activity"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/participants/", views.participation, name="participation"),
]
