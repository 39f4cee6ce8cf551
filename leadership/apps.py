from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = _("Leadership groups' study and democratic life meetings")

    def ready(self) -> None:
        from audit.actions import register

        register(
            {
                "leadership.study_session.recorded": _("Central-group study session recorded"),
                "leadership.study_session.corrected": _("Central-group study session corrected"),
                "leadership.spot_check.recorded": _("Spot check of central-group study recorded"),
                "leadership.spot_check.rectified": _("Spot check findings rectified"),
                "leadership.life_meeting.planned": _("Democratic life meeting planned"),
                "leadership.life_meeting.updated": _("Democratic life meeting plan updated"),
                "leadership.life_meeting.postponed": _("Democratic life meeting postponed"),
                "leadership.life_meeting.held": _("Democratic life meeting recorded"),
                "leadership.rectification.added": _("Rectification item added"),
                "leadership.rectification.done": _("Rectification item done"),
            },
            fields={
                "half_days": _("half-days"),
                "present": _("Present"),
                "expected": _("Expected"),
                "rectify_by": _("Rectify by"),
                "rectified_on": _("Rectified on"),
                "planned_date": _("planned date"),
                "plan_reported_on": _("topic and plan reported on"),
                "held_on": _("Held on"),
                "supervisors_attended": _("Supervising bodies attending"),
                "report_submitted_on": _("Report submitted on"),
                "meeting": _("Democratic life meeting"),
                "life_meeting": _("Democratic life meeting"),
                "owner": _("Owner"),
                "deadline": _("Deadline"),
                "done_on": _("Done on"),
                "rectification": _("Rectification item"),
                "spot_check": _("Spot check"),
            },
        )
