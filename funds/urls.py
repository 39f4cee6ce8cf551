from django.urls import path

from funds import views

app_name = "funds"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("organization/<int:pk>/", views.organization, name="organization"),
    path("organization/<int:pk>/budget/", views.budget_set, name="budget_set"),
    path("budget/<int:pk>/spending/", views.spending_add, name="spending_add"),
    path("spending/<int:pk>/edit/", views.spending_edit, name="spending_edit"),
    path("spending/<int:pk>/file/", views.attachment, name="attachment"),
]
