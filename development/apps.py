from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from development.services import follow_members
        from members.signals import members_moved

        # A probationary member's development record follows their membership.
        members_moved.connect(follow_members, dispatch_uid="development.follow_members")
