from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CommendationsConfig(AppConfig):
    name = "commendations"
    verbose_name = _("Commendations")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from commendations.models import (
            Category,
            Nomination,
            NominationStatus,
            NomineeKind,
            Objection,
            Quota,
            Round,
            Standard,
            Status,
        )

        register(
            {
                "commendations.round.created": _("Commendation round opened"),
                "commendations.category.added": _("Commendation category added"),
                "commendations.quotas.set": _("Commendation quotas set"),
                "commendations.nomination.made": _("Nomination for commendation made"),
                "commendations.nomination.withdrawn": _("Nomination for commendation withdrawn"),
                "commendations.nomination.approved": _("Nomination for commendation approved"),
                "commendations.nomination.rejected": _("Nomination for commendation rejected"),
                "commendations.notice.started": _("Commendation notice started"),
                "commendations.objection.recorded": _("Objection to a nominee recorded"),
                "commendations.round.decided": _("Commendation decided"),
                "commendations.document.printed": _("Commendation document printed"),
            },
            fields={
                **model_fields(Round, Category, Quota, Nomination, Objection),
                "categories": pgettext_lazy("audit field", "Categories"),
                "nominee": pgettext_lazy("audit field", "Nominee"),
                "starts": pgettext_lazy("audit field", "Public notice from"),
                "ends": pgettext_lazy("audit field", "Public notice until"),
                "working_days": pgettext_lazy("audit field", "Working days"),
                "honours": pgettext_lazy("audit field", "Honours"),
                "changed": pgettext_lazy("audit field", "Quotas changed"),
                "seats": pgettext_lazy("audit field", "Seats in all"),
                "document": pgettext_lazy("audit field", "Document"),
            },
            values={
                "status": [*Status.choices, *NominationStatus.choices],
                "categories": Standard.choices,
                "nominee_kind": NomineeKind.choices,
            },
        )
