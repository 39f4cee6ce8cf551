from django.urls import path

from commendations import views

app_name = "commendations"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_create, name="round_create"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("round/<int:pk>/category/", views.category_add, name="category_add"),
    path("round/<int:pk>/quotas/", views.quotas, name="quotas"),
    path("round/<int:pk>/notice/", views.notice, name="notice"),
    path("round/<int:pk>/decide/", views.decide, name="decide"),
    path("round/<int:pk>/list.docx", views.round_document, name="round_document"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("organization/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("nomination/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("nomination/<int:pk>/review/", views.review, name="review"),
    path("nomination/<int:pk>/objection/", views.objection, name="objection"),
    path("nomination/<int:pk>/certificate.docx", views.certificate, name="certificate"),
    path("nomination/<int:pk>/file/", views.attachment, name="attachment"),
]
