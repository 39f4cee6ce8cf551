from django.urls import path

from transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("transfers.xlsx", views.inbox_export, name="export"),
    path("incoming/new/", views.incoming_create, name="incoming_create"),
    path("members/<int:member_pk>/new/", views.transfer_create, name="transfer_create"),
    path("members/<int:member_pk>/letter/", views.letter_create, name="letter_create"),
    path("organizations/<int:org_pk>/batch/", views.batch_create, name="batch_create"),
    path("<int:pk>/", views.transfer_detail, name="transfer"),
    path("<int:pk>/accept/", views.transfer_accept, name="transfer_accept"),
    path("<int:pk>/accept/confirm/", views.transfer_accept_confirm, name="transfer_accept_confirm"),
    path("<int:pk>/return/", views.transfer_return, name="transfer_return"),
    path("<int:pk>/receipt/", views.transfer_receipt, name="transfer_receipt"),
    path("<int:pk>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("<int:pk>/issue/", views.letter_issue, name="letter_issue"),
    path("<int:pk>/letter.docx", views.letter_docx, name="letter_docx"),
]
