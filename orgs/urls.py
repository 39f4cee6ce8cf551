from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("pick/", views.organization_pick, name="pick"),
    path("new/", views.organization_create, name="organization_create"),
    path("organizations.xlsx", views.organization_export, name="export"),
    path("posts.xlsx", views.post_export, name="post_export"),
    path("mine/", views.my_organization, name="mine"),
    path("<int:pk>/", views.organization_detail, name="organization"),
    path("<int:pk>/children/", views.children, name="children"),
    path("<int:pk>/roster.xlsx", views.roster_xlsx, name="roster_xlsx"),
    path("<int:pk>/roster.docx", views.roster_docx, name="roster_docx"),
    path("<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("<int:pk>/posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/end/", views.post_end, name="post_end"),
    path("<int:org_pk>/working-bodies/new/", views.working_body_edit, name="working_body_create"),
    path("working-bodies/<int:pk>/edit/", views.working_body_edit, name="working_body_edit"),
    path("units/", views.unit_list, name="units"),
    path("units/pick/", views.unit_pick, name="unit_pick"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/categories/", views.unit_category_list, name="unit_categories"),
    path("units/categories/new/", views.unit_category_edit, name="unit_category_create"),
    path("units/categories/<int:pk>/edit/", views.unit_category_edit, name="unit_category_edit"),
    path("units/units.xlsx", views.unit_export, name="unit_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/leadership/new/", views.leadership_group_create, name="leadership_group_create"),
    path("units/<int:pk>/leadership/seats/new/", views.group_member_create, name="group_member_create"),
    path("leadership-seats/<int:pk>/end/", views.group_member_end, name="group_member_end"),
]
