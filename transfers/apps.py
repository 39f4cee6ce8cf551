from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "transfers"
    verbose_name = _("Membership transfers")

    def ready(self) -> None:
        from audit.actions import kinds, register
        from transfers.models import TransferKind

        register(
            {
                "transfers.within.issued": _("Transfer within the district issued"),
                "transfers.within.accepted": _("Transfer within the district accepted"),
                "transfers.out.requested": _("Transfer out of the district requested"),
                "transfers.out.issued": _("Letter for a transfer out of the district issued"),
                "transfers.out.received": _("Receipt of a transfer out of the district recorded"),
                "transfers.out.letter_printed": _("Introduction letter printed"),
                "transfers.in.registered": _("Transfer into the district registered"),
                "transfers.in.readmission_requested": _("Return to the roll requested"),
                "transfers.in.readmission_confirmed": _("Return to the roll confirmed"),
                **kinds("transfers.{}.returned", _("Transfer returned"), TransferKind.choices),
                **kinds("transfers.{}.cancelled", _("Transfer withdrawn"), TransferKind.choices),
            }
        )
