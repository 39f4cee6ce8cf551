from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Annual assessment")

    def ready(self) -> None:
        from assessment.models import Assessment, Debrief, Entry, IndicatorTable, Item, ItemKind, Tier
        from audit.actions import model_fields, register

        register(
            {
                "assessment.table.created": _("Indicator table drafted"),
                "assessment.table.changed": _("Indicator table's name or tiers changed"),
                "assessment.table.adopted": _("Indicator table adopted"),
                "assessment.item.added": _("Indicator added"),
                "assessment.item.changed": _("Indicator changed"),
                "assessment.item.removed": _("Indicator removed"),
                "assessment.self.submitted": _("Self-assessment submitted"),
                "assessment.item.scored": _("Indicator scored by the committee"),
                "assessment.debrief.recorded": _("Secretary's report on party building recorded"),
                "assessment.results.published": _("Assessment results published"),
            },
            fields={
                **model_fields(IndicatorTable, Item, Assessment, Entry, Debrief),
                "items": pgettext_lazy("audit field", "Items"),
                "organizations": pgettext_lazy("audit field", "Organizations assessed"),
            },
            values={"kind": ItemKind.choices, "tier": Tier.choices},
        )
