"""The remittance and account pages (joined into dues/urls.py, app_name "dues")."""

from django.urls import path

from dues import views_remittance

urlpatterns = [
    path("remittance/<int:pk>/", views_remittance.remittance_month, name="remittance_month"),
    path("remittance/<int:pk>/remit/", views_remittance.remit, name="remit"),
    path("remittances/to-confirm/", views_remittance.to_confirm, name="remittances_to_confirm"),
    path("remittances/<int:pk>/confirm/", views_remittance.confirm, name="remittance_confirm"),
    path("account/<int:pk>/", views_remittance.account, name="account"),
    path("account/<int:pk>/subtree/", views_remittance.subtree_account, name="subtree_account"),
    path("account/<int:pk>/account.docx", views_remittance.account_docx, name="account_docx"),
    path("receipt/<int:pk>/", views_remittance.receipt, name="receipt"),
    path("receipt/<int:pk>/receipt.docx", views_remittance.receipt_docx, name="receipt_docx"),
    path("receipt/mine/", views_remittance.my_receipt, name="my_receipt"),
]
