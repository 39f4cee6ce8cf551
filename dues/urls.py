from django.urls import path

from dues import urls_remittance, views

app_name = "dues"

MONTH = "<int:pk>/<int:year>-<int:month>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.organization, name="organization"),
    path(MONTH, views.month_page, name="month"),
    path(f"{MONTH}record/", views.record_payments, name="record"),
    path(f"{MONTH}compute/", views.compute, name="compute"),
    path("member/<int:pk>/", views.member_dues, name="member"),
    path("member/<int:pk>/base/", views.set_base, name="base"),
    path("member/<int:pk>/relief/", views.grant_relief, name="relief"),
    *urls_remittance.urlpatterns,
]
