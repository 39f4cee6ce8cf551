from django.urls import path

from campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/criterion/", views.criterion_add, name="criterion_add"),
    path("application/<int:pk>/", views.application, name="application"),
    path("application/<int:pk>/assess/", views.assess, name="assess"),
    path("application/<int:pk>/name/", views.name, name="name"),
    path("application/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("application/<int:pk>/file/", views.application_file, name="application_file"),
    path("naming/<int:pk>/review/", views.review, name="review"),
    path("naming/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("organization/<int:pk>/apply/", views.apply, name="apply"),
    path("organization/<int:pk>/pairing/", views.pairing_create, name="pairing_create"),
    path("organization/<int:pk>/activities/", views.branch_activities, name="branch_activities"),
    path("pairing/<int:pk>/", views.pairing, name="pairing"),
    path("pairing/<int:pk>/activity/", views.joint_activity_add, name="joint_activity_add"),
    path("mine/", views.mine, name="mine"),
    path("activities/", views.activities, name="activities"),
    path("activity/<int:pk>/photo/", views.activity_photo, name="activity_photo"),
]
