from django.urls import path

from work import views

app_name = "work"
urlpatterns = [
    path("", views.todo, name="todo"),
    path("new/", views.item_create, name="item_create"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/comment/", views.item_comment, name="item_comment"),
    path("<int:pk>/close/", views.item_close, name="item_close"),
    path("<int:pk>/decide/", views.appointment_decide, name="appointment_decide"),
    path("appointments/<int:org_pk>/new/", views.appointment_propose, name="appointment_propose"),
]
