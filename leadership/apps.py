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
            }
        )
