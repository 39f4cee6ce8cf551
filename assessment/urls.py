from django.urls import path

from assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    path("tables/", views.tables, name="tables"),
    path("tables/new/", views.table_create, name="table_create"),
    path("tables/<int:pk>/", views.table, name="table"),
    path("tables/<int:pk>/edit/", views.table_edit, name="table_edit"),
    path("tables/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("tables/<int:pk>/compare/", views.table_compare, name="table_compare"),
    path("tables/<int:pk>/adopt/", views.table_adopt, name="table_adopt"),
    path("tables/<int:pk>/publish/", views.table_publish, name="table_publish"),
    path("tables/<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path("organizations/<int:pk>/score/", views.score, name="score"),
    path("organizations/<int:pk>/debrief/", views.debrief, name="debrief"),
    path("organizations/<int:pk>/responsibility.docx", views.responsibility_docx, name="responsibility_docx"),
]
