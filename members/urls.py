from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("pick/", views.member_pick, name="pick"),
    path("new/", views.member_create, name="create"),
    path("members.xlsx", views.member_export, name="export"),
    path("<int:pk>/", views.member_detail, name="member"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/event/", views.member_event, name="event"),
    path("<int:pk>/voting/", views.voting_suspension, name="voting_suspension"),
    path("voting/<int:pk>/end/", views.voting_suspension_end, name="voting_suspension_end"),
    path("<int:pk>/flag/", views.flag_create, name="flag_create"),
    path("flag/<int:pk>/end/", views.flag_end, name="flag_end"),
    path("flags/", views.flags, name="flags"),
    path("<int:pk>/reveal/", views.member_reveal, name="reveal"),
]
