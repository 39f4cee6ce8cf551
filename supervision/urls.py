from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/open/", views.reporting_open, name="reporting_open"),
    path("report/<int:pk>/", views.report, name="report"),
    path("report/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("report/<int:pk>/return/", views.report_return, name="report_return"),
    path("report/<int:pk>/file/", views.report_file, name="report_file"),
    path("report/<int:pk>/docx/", views.report_docx, name="report_docx"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspection/<int:pk>/", views.inspection, name="inspection"),
    path("inspection/<int:pk>/finding/", views.finding_add, name="finding_add"),
    path("finding/<int:pk>/item/", views.item_add, name="item_add"),
    path("finding/<int:pk>/file/", views.finding_file, name="finding_file"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("item/<int:pk>/", views.item, name="item"),
    path("item/<int:pk>/report/", views.item_report, name="item_report"),
    path("item/<int:pk>/accept/", views.item_accept, name="item_accept"),
    path("item/<int:pk>/reopen/", views.item_reopen, name="item_reopen"),
    path("event/<int:pk>/file/", views.event_file, name="event_file"),
]
