from django.urls import path

from discipline import views, views_talks

app_name = "discipline"

urlpatterns = [
    path("", views.index, name="index"),
    # talks (谈话): discipline/views_talks.py
    path("talks/", views_talks.talks_list, name="talks"),
    path("talks/record/", views_talks.talk_record, name="talk_record"),
    path("talks/organization/<int:pk>/record/", views_talks.talk_record_org, name="talk_record_org"),
    path("talks/<int:pk>/", views_talks.talk_detail, name="talk"),
    path("talks/<int:pk>/edit/", views_talks.talk_edit, name="talk_edit"),
]
