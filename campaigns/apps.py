from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from campaigns.models import Application, Campaign, CampaignKind, Naming, Pairing, PartnerKind

        register(
            {
                "campaigns.campaign.created": _("Campaign created"),
                "campaigns.criterion.added": _("Campaign criterion added"),
                "campaigns.application.submitted": _("Campaign application submitted"),
                "campaigns.application.assessed": _("Campaign application assessed"),
                "campaigns.application.refused": _("Campaign application refused"),
                "campaigns.naming.named": _("Organization named"),
                "campaigns.naming.reviewed": _("Naming reviewed"),
                "campaigns.naming.revoked": _("Naming revoked"),
                "campaigns.pairing.created": _("Pairing created"),
                "campaigns.joint_activity.recorded": _("Joint activity recorded"),
                "campaigns.member_activity.recorded": _("Member's activity recorded"),
            },
            fields=model_fields(Campaign, Application, Naming, Pairing),
            values={"kind": CampaignKind.choices, "partner_kind": PartnerKind.choices},
        )
