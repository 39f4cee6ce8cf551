from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Excel import and export")

    def ready(self) -> None:
        from audit.actions import register

        register(
            {
                "exchange.members.imported": _("Members imported from Excel"),
                "exchange.posts.imported": _("Posts imported from Excel"),
                "exchange.units.imported": _("Units imported from Excel"),
                "exchange.organizations.imported": _("Party organizations imported from Excel"),
                "exchange.dues.imported": _("Party dues imported from Excel"),
            },
            fields={"groups": _("branch months recorded")},
        )
