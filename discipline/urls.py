from django.urls import path

from discipline import views

app_name = "discipline"

urlpatterns = [
    path("", views.index, name="index"),
]
