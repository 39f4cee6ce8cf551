from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Party dues")

    def ready(self) -> None:
        from audit.actions import register
        from dues.models import PayerKind, PaymentWay, ReliefKind

        register(
            {
                "dues.base.recorded": _("Dues base recorded"),
                "dues.month.computed": _("Month's dues computed"),
                "dues.payments.recorded": _("Dues payments recorded"),
                "dues.remittance.sent": _("Dues remitted"),
                "dues.remittance.confirmed": _("Receipt of remitted dues confirmed"),
                "dues.receipt.printed": _("Dues receipt printed"),
                "dues.relief.granted": _("Dues relief approved"),
                "dues.base.revealed": _("Dues bases shown in full"),
            },
            fields={
                "month": _("month"),
                "created": _("rows created"),
                "updated": _("rows updated"),
                "no_base": _("members without a base"),
                "members": _("members"),
                "way": _("paid by"),
                "part": _("part"),
                "collected": _("collected"),
                "kept": _("kept"),
                "remitted": _("remitted"),
                "to_centre": _("voluntary payments for the centre"),
                "receiver": _("remitted to"),
                "year": _("year"),
                "months": _("months"),
                "first": _("from month"),
                "last": _("to month"),
            },
            values={"kind": [*PayerKind.choices, *ReliefKind.choices], "way": PaymentWay.choices},
        )
