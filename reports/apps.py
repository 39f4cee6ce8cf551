from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from audit.actions import register

        register(
            {"reports.explanation.write": _("Explanation of an annual statistics figure written")},
            fields={"figure": _("figure"), "text": _("explanation")},
        )
