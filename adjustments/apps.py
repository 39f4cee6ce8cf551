from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdjustmentsConfig(AppConfig):
    name = "adjustments"
    verbose_name = _("Superior adjustments")

    def ready(self) -> None:
        from adjustments.models import OperationKind
        from audit.actions import kinds, register

        register(
            {
                "adjustments.plan.created": _("Adjustment plan drafted"),
                "adjustments.plan.updated": _("Adjustment plan changed"),
                "adjustments.operation.added": _("Step added to a plan"),
                "adjustments.operation.deleted": _("Step removed from a plan"),
                "adjustments.plan.approved": _("Adjustment plan approved"),
                "adjustments.plan.rejected": _("Adjustment plan not adopted"),
                "adjustments.plan.executed": _("Adjustment plan carried out"),
                **kinds("adjustments.operation.{}", _("Adjustment carried out"), OperationKind.choices),
            }
        )
