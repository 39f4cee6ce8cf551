from django.urls import path

from adjustments import views

app_name = "adjustments"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_edit, name="plan_create"),
    path("compare/", views.compare, name="compare"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/steps/new/", views.operation_create, name="operation_create"),
    path("<int:pk>/steps/<int:position>/delete/", views.operation_delete, name="operation_delete"),
    path("<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("<int:pk>/reject/", views.plan_reject, name="plan_reject"),
    path("<int:pk>/execute/", views.plan_execute, name="plan_execute"),
]
