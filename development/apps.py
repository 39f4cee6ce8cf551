from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from development.services import follow_members, follow_merge, refuse_conversion_outside_the_procedure
        from members.signals import conversion_requested, members_moved
        from orgs.signals import organization_merged

        # A development record follows its person: through transfers and merges, off the roll.
        members_moved.connect(follow_members, dispatch_uid="development.follow_members")
        organization_merged.connect(follow_merge, dispatch_uid="development.follow_merge")
        conversion_requested.connect(
            refuse_conversion_outside_the_procedure, dispatch_uid="development.refuse_conversion"
        )
