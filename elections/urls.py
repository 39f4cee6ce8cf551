from django.urls import path

from elections import views_oversight, views_terms

app_name = "elections"
urlpatterns = [
    path("", views_oversight.oversight, name="oversight"),
    path("term-changes/", views_terms.term_changes, name="term_changes"),
    path("term-changes/<int:pk>/", views_terms.term_change, name="term_change"),
    path("term-changes/<int:pk>/decide/", views_terms.term_change_decide, name="term_change_decide"),
    path("organization/<int:pk>/term-change/", views_terms.term_change_request, name="term_change_request"),
]
