from django.urls import path

from orglife import views_compliance

app_name = "orglife"
urlpatterns: list = [
    path("compliance/", views_compliance.compliance_table, name="compliance"),
    path("compliance.xlsx", views_compliance.compliance_xlsx, name="compliance_xlsx"),
    path("<int:pk>/attention/", views_compliance.attention, name="attention"),
]
