from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Discipline inspection")

    def ready(self) -> None:
        from discipline import cases, sanctions, talks

        talks.register_audit()
        cases.register_audit()
        sanctions.register_audit()
