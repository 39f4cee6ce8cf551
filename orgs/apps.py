from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from audit.actions import model_fields, register
        from orgs.models import OrgKind, PartyOrganization, Post, PostRole, Rank, Unit, UnitLevel, UnitType

        register(
            {
                "orgs.unit.created": _("Unit created"),
                "orgs.unit.updated": _("Unit changed"),
                "orgs.unit_category.created": _("Unit category created"),
                "orgs.unit_category.updated": _("Unit category changed"),
                "orgs.organization.created": _("Party organization created"),
                "orgs.organization.updated": _("Party organization changed"),
                "orgs.organization.term_started": _("New term started by an election"),
                "orgs.organization.term_moved": _("Term end moved by an approved delay or advance"),
                "orgs.post.appointed": _("Post appointed"),
                "orgs.post.ended": _("Post ended"),
                "orgs.working_body.created": _("Working body created"),
                "orgs.working_body.updated": _("Working body changed"),
                "orgs.leadership_group.created": _("Leadership group elected"),
                "orgs.group_member.appointed": _("Group member appointed"),
                "orgs.group_member.ended": _("Group member's seat ended"),
            },
            fields=model_fields(PartyOrganization, Unit, Post) | {"unit_type": _("unit type in statistics")},
            values={
                "kind": OrgKind.choices,
                "role": PostRole.choices,
                "rank": Rank.choices,
                "level": UnitLevel.choices,
                "unit_type": UnitType.choices,
            },
        )
