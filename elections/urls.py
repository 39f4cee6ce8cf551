from django.urls import path

from elections import views_oversight

app_name = "elections"
urlpatterns = [
    path("", views_oversight.oversight, name="oversight"),
]
