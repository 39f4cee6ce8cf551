from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    name = "authority"
    verbose_name = _("Authority list")

    def ready(self) -> None:
        from audit.actions import register

        register(
            {
                "authority.list.created": _("Authority list drafted"),
                "authority.matter.created": _("Matter added"),
                "authority.matter.updated": _("Matter changed"),
                "authority.matter.deleted": _("Matter deleted"),
                "authority.list.adopted": _("Authority list adopted"),
                "authority.list.rejected": _("Authority list not adopted"),
            }
        )
