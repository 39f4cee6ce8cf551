from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Democratic evaluation of members")

    def ready(self) -> None:
        from audit.actions import register
        from evaluation.models import FollowUp, Grade

        register(
            {
                "evaluation.round.opened": _("Democratic evaluation opened"),
                "evaluation.member.recorded": _("Democratic evaluation of a member recorded"),
                "evaluation.roll.recorded": _("Assessments and appraisal of the roll recorded"),
                "evaluation.round.concluded": _("Democratic evaluation concluded"),
                "evaluation.follow_up.recorded": _("Follow-up of an unqualified member recorded"),
            },
            fields={
                "grade": _("Verdict"),
                "votes": _("Appraisal votes"),
                "self_assessed": _("Self-assessment received"),
                "mutual_assessed": _("Mutual assessment done"),
                "concluded_on": _("Concluded on"),
                "changed": _("Members whose record changed"),
                "verdicts": _("Verdicts changed"),
                **dict(Grade.choices),
            },
            values={"grade": Grade.choices, "follow_up": FollowUp.choices},
        )
