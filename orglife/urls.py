from django.urls import path

from orglife import views

app_name = "orglife"
urlpatterns: list = [
    # the ledger (台账) and the calendar feed (item 7 and the feed of item 3)
    path("<int:pk>/ledger/", views.ledger, name="ledger"),
    path("<int:pk>/ledger.docx", views.ledger_docx, name="ledger_docx"),
    path("<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger_xlsx"),
    path("<int:pk>/calendar-feed/", views.calendar_feed_issue, name="calendar_feed_issue"),
    path("<int:pk>/calendar-feed/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/<int:pk>/<str:token>.ics", views.ical_feed, name="ical_feed"),
    # a member's own organizational life
    path("mine/", views.my_life, name="my_life"),
]
