from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Committee activities")

    def ready(self) -> None:
        from activities.models import ActivityKind, Organizer
        from audit.actions import register

        register(
            {
                "activities.activity.created": _("Committee activity recorded"),
                "activities.activity.changed": _("Committee activity changed"),
                "activities.participation.set": _("Participants of a committee activity set"),
            },
            fields={"organizer": _("Organizer"), "people": _("Participants by organization")},
            values={"organizer": Organizer.choices, "kind": ActivityKind.choices},
        )
