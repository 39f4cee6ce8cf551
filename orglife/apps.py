from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("Organizational life")

    def ready(self) -> None:
        from audit.actions import register
        from orglife.rules import check_configured_frequencies

        check_configured_frequencies()
        from orglife.models import MeetingKind

        register(
            {
                "orglife.party_group.created": _("Party group set up"),
                "orglife.party_group.renamed": _("Party group renamed"),
                "orglife.party_group.ended": _("Party group closed"),
                "orglife.party_group.assigned": _("Member put in a party group"),
                "orglife.party_group.removed": _("Member taken out of a party group"),
                "orglife.party_group.leader_set": _("Party group leader set"),
                "orglife.meeting.recorded": _("Meeting recorded"),
                "orglife.meeting.updated": _("Meeting corrected"),
                "orglife.plan.generated": _("Year plan of organizational life generated"),
                "orglife.plan_item.added": _("Planned meeting added"),
                "orglife.plan_item.updated": _("Planned meeting changed"),
                "orglife.plan_item.removed": _("Planned meeting removed"),
                "orglife.attachment.added": _("Meeting attachment added"),
                "orglife.attachment.removed": _("Meeting attachment removed"),
            },
            values={"kind": MeetingKind.choices},
            fields={"attendance_changed": _("Attendance changed"), "items": _("Planned meetings")},
        )
        register(
            {
                "orglife.calendar_feed.issued": _("Calendar address made"),
                "orglife.calendar_feed.revoked": _("Calendar address revoked"),
            },
            fields={"replaced": _("An earlier address stopped working")},
        )
