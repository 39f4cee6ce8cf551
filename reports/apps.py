from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from audit.actions import register
        from reports.annual import tables

        figures = [(row.key, row.label) for table in tables() for row in table.rows if row.key]
        register(
            {
                "reports.explanation.write": _("Explanation of an annual statistics figure written"),
                "reports.filing.file": _("Annual statistics report filed"),
                "reports.filing.withdraw": _("Annual statistics filing withdrawn"),
            },
            fields={
                "figure": _("figure"),
                "text": _("explanation"),
                "members": _("members"),
                "figures": _("figures"),
                "filed_on": _("filed on"),
                **dict(figures),  # a withdrawn filing's figures, each by its name
            },
            values={"figure": figures},  # an explanation's figure, by its name
        )
