from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "work"
    verbose_name = _("To-do")

    def ready(self) -> None:
        from authority.signals import list_in_force
        from work.services import follow_list_in_force

        # Open items follow the leads of a version of the authority list as soon as it is in force.
        list_in_force.connect(follow_list_in_force, dispatch_uid="work.follow_list_in_force")
