from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from audit.actions import kinds, model_fields, register
        from members.codes import ETHNICITIES
        from members.models import (
            Category,
            Degree,
            Education,
            EventKind,
            FlagKind,
            Gender,
            Member,
            Occupation,
            Status,
            SuspensionKind,
        )

        register(
            {
                "members.registration.refused": _("Registration refused"),
                "members.member.created": _("Member registered"),
                "members.member.updated": _("Member record changed"),
                "members.member.revealed": _("Full ID or phone number shown"),
                "members.exported": _("List of people exported"),
                "members.voting_suspension.recorded": _("Voting rights suspension recorded"),
                "members.voting_suspension.ended": _("Voting rights suspension ended"),
                **kinds("members.member.{}", _("Member event"), EventKind.choices),
                "members.flag.recorded": _("Out of contact, away or abroad recorded"),
                "members.flag.ended": _("Out of contact, away or abroad ended"),
            },
            fields={**model_fields(Member), "place": pgettext_lazy("audit field", "Place")},
            values={
                "status": Status.choices,
                "category": Category.choices,
                "gender": Gender.choices,
                "education": Education.choices,
                "ethnicity": ETHNICITIES,
                "degree": Degree.choices,
                "occupation": Occupation.choices,
                "kind": [*SuspensionKind.choices, *FlagKind.choices],
            },
        )
