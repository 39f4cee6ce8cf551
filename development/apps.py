from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = _("Member development")

    def ready(self) -> None:
        from audit.actions import kinds, register
        from development.models import Stage, StepKind

        register(
            {
                "development.applied": _("Application to join recorded"),
                "development.application.refused": _("Application refused"),
                "development.record.transferred": _("Development record transferred"),
                "development.record.closed": _("Development record closed"),
                "development.quota.set": _("Development quota set"),
                "development.document.printed": _("Development document printed"),
                "development.calendar_day.set": _("Working calendar day set"),
                **kinds("development.step.{}", _("Development step recorded"), StepKind.choices),
            },
            values={"step": StepKind.choices, "kind": StepKind.choices, "stage": Stage.choices},
        )

        from development.services import follow_members, follow_merge, refuse_conversion_outside_the_procedure
        from members.signals import conversion_requested, members_moved
        from orgs.signals import organization_merged

        # A development record follows its person: through transfers and merges, off the roll.
        members_moved.connect(follow_members, dispatch_uid="development.follow_members")
        organization_merged.connect(follow_merge, dispatch_uid="development.follow_merge")
        conversion_requested.connect(
            refuse_conversion_outside_the_procedure, dispatch_uid="development.refuse_conversion"
        )
