from django.urls import path

from elections import views, views_oversight, views_terms

app_name = "elections"
urlpatterns = [
    path("", views_oversight.oversight, name="oversight"),
    path("start/<int:pk>/", views.start, name="start"),
    path("<int:pk>/", views.election_detail, name="election"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/request/", views.send_request, name="send_request"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/candidates/", views.send_candidates, name="send_candidates"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/round/", views.record_round, name="record_round"),
    path("<int:pk>/close-voting/", views.close_voting, name="close_voting"),
    path("<int:pk>/officers/", views.officers, name="officers"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/documents/<str:document>.docx", views.document, name="document"),
    path("term-changes/", views_terms.term_changes, name="term_changes"),
    path("term-changes/<int:pk>/", views_terms.term_change, name="term_change"),
    path("term-changes/<int:pk>/decide/", views_terms.term_change_decide, name="term_change_decide"),
    path("organization/<int:pk>/term-change/", views_terms.term_change_request, name="term_change_request"),
]
