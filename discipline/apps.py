from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "discipline"
    verbose_name = _("Discipline inspection")

    def ready(self) -> None:
        from discipline.sanctions import register_audit as register_sanctions

        register_sanctions()
