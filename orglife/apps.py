from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("Organizational life")

    def ready(self) -> None:
        from audit.actions import register

        register(
            {
                "orglife.calendar_feed.issued": _("Calendar address made"),
                "orglife.calendar_feed.revoked": _("Calendar address revoked"),
            },
            fields={"replaced": _("An earlier address stopped working")},
        )
