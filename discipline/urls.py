from django.urls import path

from discipline import views, views_cases, views_sanctions, views_talks

app_name = "discipline"

urlpatterns = [
    path("", views.index, name="index"),
    # talks (谈话): discipline/views_talks.py
    path("talks/", views_talks.talks_list, name="talks"),
    path("talks/record/", views_talks.talk_record, name="talk_record"),
    path("talks/organization/<int:pk>/record/", views_talks.talk_record_org, name="talk_record_org"),
    path("talks/<int:pk>/", views_talks.talk_detail, name="talk"),
    path("talks/<int:pk>/edit/", views_talks.talk_edit, name="talk_edit"),
    # clues and cases (h3)
    path("clues/", views_cases.clues, name="clues"),
    path("clues/new/", views_cases.clue_create, name="clue_create"),
    path("clues/<int:pk>/", views_cases.clue, name="clue"),
    path("clues/<int:pk>/routing/", views_cases.clue_override, name="clue_override"),
    path("clues/<int:pk>/disposal/", views_cases.clue_dispose, name="clue_dispose"),
    path("cases/", views_cases.cases, name="cases"),
    path("cases/new/", views_cases.case_create, name="case_create"),
    path("cases/<int:pk>/", views_cases.case, name="case"),
    path("cases/<int:pk>/extension/", views_cases.case_extend, name="case_extend"),
    path("cases/<int:pk>/step/", views_cases.case_step, name="case_step"),
    path("cases/<int:pk>/close/", views_cases.case_close, name="case_close"),
    # sanctions (h4)
    path("sanctions/", views_sanctions.sanction_list, name="sanctions"),
    path("sanctions/new/", views_sanctions.sanction_create, name="sanction_create"),
    path("sanctions/<int:pk>/", views_sanctions.sanction_detail, name="sanction"),
    path("sanctions/<int:pk>/end/", views_sanctions.sanction_end, name="sanction_end"),
    path("sanctions/<int:pk>/revoke/", views_sanctions.sanction_revoke, name="sanction_revoke"),
    path("mine/", views_sanctions.mine, name="mine"),
]
