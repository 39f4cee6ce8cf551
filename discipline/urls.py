from django.urls import path

from discipline import views, views_sanctions

app_name = "discipline"

urlpatterns = [
    path("", views.index, name="index"),
    # sanctions (h4)
    path("sanctions/", views_sanctions.sanction_list, name="sanctions"),
    path("sanctions/new/", views_sanctions.sanction_create, name="sanction_create"),
    path("sanctions/<int:pk>/", views_sanctions.sanction_detail, name="sanction"),
    path("sanctions/<int:pk>/end/", views_sanctions.sanction_end, name="sanction_end"),
    path("sanctions/<int:pk>/revoke/", views_sanctions.sanction_revoke, name="sanction_revoke"),
    path("mine/", views_sanctions.mine, name="mine"),
]
