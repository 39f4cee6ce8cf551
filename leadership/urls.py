from django.urls import path

from leadership import views

app_name = "leadership"
urlpatterns = [
    path("", views.study, name="study"),
    path("study.xlsx", views.study_xlsx, name="study_xlsx"),
    path("life-meetings/", views.life_meetings, name="life_meetings"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("units/<int:pk>/checks/new/", views.spot_check_create, name="spot_check_create"),
    path("units/<int:pk>/life-meetings/new/", views.life_meeting_create, name="life_meeting_create"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("checks/<int:pk>/rectified/", views.spot_check_rectified, name="spot_check_rectified"),
    path("life-meetings/<int:pk>/", views.life_meeting, name="life_meeting"),
    path("life-meetings/<int:pk>/edit/", views.life_meeting_edit, name="life_meeting_edit"),
    path("life-meetings/<int:pk>/record/", views.life_meeting_record, name="life_meeting_record"),
    path("life-meetings/<int:pk>/rectifications/new/", views.rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/done/", views.rectification_done, name="rectification_done"),
]
