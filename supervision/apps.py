from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Reports and inspections")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from supervision.models import AnnualReport, Finding, Inspection, ItemState, RectificationItem, ReportStatus

        register(
            {
                "supervision.reporting.opened": _("Annual reporting opened"),
                "supervision.report.submitted": _("Annual work report submitted"),
                "supervision.report.accepted": _("Annual work report accepted"),
                "supervision.report.returned": _("Annual work report returned"),
                "supervision.inspection.created": _("Inspection recorded"),
                "supervision.finding.recorded": _("Inspection finding recorded"),
                "supervision.item.created": _("Rectification item recorded"),
                "supervision.item.reported": _("Rectification item reported done"),
                "supervision.item.accepted": _("Rectification item accepted"),
                "supervision.item.reopened": _("Rectification item reopened"),
            },
            fields={
                **model_fields(AnnualReport, Inspection, Finding, RectificationItem),
                "organizations": _("organizations inspected"),
                "item": _("rectification item"),
            },
            values={"status": ReportStatus.choices, "state": ItemState.choices},
        )
