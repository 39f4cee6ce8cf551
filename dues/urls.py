from dues import urls_remittance

app_name = "dues"
urlpatterns = [*urls_remittance.urlpatterns]
