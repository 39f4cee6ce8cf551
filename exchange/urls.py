from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("imports/", views.imports, name="imports"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("imports/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("imports/<int:pk>/confirm/", views.batch_confirm, name="batch_confirm"),
    path("imports/<int:pk>/errors.xlsx", views.batch_errors, name="batch_errors"),
    path("templates/<str:kind>.xlsx", views.template, name="template"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/progress/", views.export_progress, name="export_progress"),
    path("exports/<int:pk>/download.xlsx", views.export_download, name="export_download"),
]
