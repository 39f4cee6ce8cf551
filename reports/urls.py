from django.urls import path

from reports import views, views_annual

app_name = "reports"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("staffing/", views.staffing_report, name="staffing"),
    path("superiors/", views.superiors_report, name="superiors"),
    path("superiors.xlsx", views.superiors_xlsx, name="superiors_xlsx"),
    path("annual/", views_annual.annual_report, name="annual"),
    path("annual/<int:pk>/", views_annual.annual_report, name="annual_of"),
    path("annual.xlsx", views_annual.annual_xlsx, name="annual_xlsx"),
    path("annual/<int:pk>.xlsx", views_annual.annual_xlsx, name="annual_xlsx_of"),
    path("annual/figure/", views_annual.annual_figure, name="annual_figure"),
    path("annual/<int:pk>/figure/", views_annual.annual_figure, name="annual_figure_of"),
    path("annual/explain/", views_annual.annual_explain, name="annual_explain"),
    path("annual/<int:pk>/explain/", views_annual.annual_explain, name="annual_explain_of"),
    path("annual/file/", views_annual.annual_file, name="annual_file"),
    path("annual/<int:pk>/file/", views_annual.annual_file, name="annual_file_of"),
]
