from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FundsConfig(AppConfig):
    name = "funds"
    verbose_name = _("Activity funds")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from funds.models import ALL_CATEGORIES, Budget, FundKind, Source, Spending

        register(
            {
                "funds.budget.set": _("Activity funds budget set"),
                "funds.spending.recorded": _("Activity funds spending recorded"),
                "funds.spending.corrected": _("Activity funds spending corrected"),
            },
            fields={
                **model_fields(Budget, Spending),
                "per_member": pgettext_lazy("audit field", "Yuan per member"),
            },
            values={"kind": FundKind.choices, "source": Source.choices, "category": ALL_CATEGORIES},
        )
