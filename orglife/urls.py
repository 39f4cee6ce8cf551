from django.urls import path

from orglife import views, views_compliance

app_name = "orglife"
urlpatterns = [
    path("", views.index, name="index"),
    path("organizations/<int:pk>/", views.organization, name="organization"),
    path("organizations/<int:pk>/plan/", views.generate_plan, name="generate_plan"),
    path("organizations/<int:pk>/plan/new/", views.plan_item_create, name="plan_item_create"),
    path("organizations/<int:pk>/record/", views.record, name="record"),
    path("organizations/<int:pk>/groups/", views.groups, name="groups"),
    path("organizations/<int:pk>/groups/new/", views.group_create, name="group_create"),
    path("plan/<int:pk>/", views.plan_item_edit, name="plan_item_edit"),
    path("plan/<int:pk>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/close/", views.group_end, name="group_end"),
    path("groups/<int:pk>/members/", views.group_assign, name="group_assign"),
    path("seats/<int:pk>/leave/", views.seat_end, name="seat_end"),
    path("seats/<int:pk>/leader/", views.seat_leader, name="seat_leader"),
    # the ledger (台账) and the calendar feed (item 7 and the feed of item 3)
    path("organizations/<int:pk>/ledger/", views.ledger, name="ledger"),
    path("organizations/<int:pk>/ledger.docx", views.ledger_docx, name="ledger_docx"),
    path("organizations/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("organizations/<int:pk>/calendar-feed/", views.calendar_feed_issue, name="calendar_feed_issue"),
    path("organizations/<int:pk>/calendar-feed/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<int:pk>/<str:token>.ics", views.ical_feed, name="ical_feed"),
    # a member's own organizational life
    path("mine/", views.my_life, name="my_life"),
    # what the rules expect and what was held (the committee's and the superiors' table)
    path("compliance/", views_compliance.compliance_table, name="compliance"),
    path("compliance.xlsx", views_compliance.compliance_xlsx, name="compliance_xlsx"),
    path("organizations/<int:pk>/attention/", views_compliance.attention, name="attention"),
]
