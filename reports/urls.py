from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("staffing/", views.staffing_report, name="staffing"),
    path("superiors/", views.superiors_report, name="superiors"),
    path("superiors.xlsx", views.superiors_xlsx, name="superiors_xlsx"),
]
