"""Routing a clue (问题线索) by the division of the authority list in force on the day it is
received: the person's side of the division (`RoutingBasis`: a leading cadre of a rank the
district committee manages, or any other member) names a matter of the list
(`rules.ROUTING_MATTERS`), and that matter's lead body handles the clue. The result is stored on
the clue, so adopting another list later changes the routing of new clues only."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from authority.models import AuthorityList, Body, BodyKind, Domain, Matter, RoleKind
from discipline import rules
from discipline.models import RoutingBasis
from members.models import Member


@dataclass(frozen=True)
class Routing:
    basis: str  # RoutingBasis
    authority_list: AuthorityList | None
    matter_code: str
    body: Body | None
    matter: Matter | None = None

    @property
    def routed(self) -> bool:
        return self.body is not None


def basis_of(member: Member, day: dt.date) -> str:
    """Which side of the division `member` falls on (区管干部 or not), by the local rule. The
    registry keeps a member's present rank only, so a clue received earlier is routed by it."""
    ranks = _rule("district_cadre_ranks", day, rules.DISTRICT_CADRE_RANKS).current()
    if member.is_leading_cadre and member.cadre_rank in ranks:
        return RoutingBasis.DISTRICT_CADRE
    return RoutingBasis.OTHER_MEMBER


def route(member: Member, day: dt.date) -> Routing:
    """The routing of a clue on `member` received on `day`. With no list in force, or no matter
    of the rule's code in it, or no lead body for it, the routing names no body (unrouted)."""
    basis = basis_of(member, day)
    code = _rule("clue_routing_matters", day, rules.ROUTING_MATTERS).current().get(basis, "")
    authority_list = AuthorityList.in_force(day)
    if authority_list is None or not code:
        return Routing(basis, authority_list, code, None)
    matter = Matter.objects.filter(authority_list=authority_list, code=code).first()
    if matter is None:
        return Routing(basis, authority_list, code, None)
    lead = matter.roles.filter(role=RoleKind.LEAD).select_related("body").first()
    return Routing(basis, authority_list, code, lead.body if lead else None, matter)


def _rule(code: str, day: dt.date, default):
    return rules.rule_on(code, day) or default


def discipline_bodies(day: dt.date) -> QuerySet[Body]:
    """The bodies a clue may be handed to on `day`: the discipline bodies (纪委, 纪工委) and
    whoever leads a discipline matter in the list in force (the committee's 纪工办)."""
    which = Q(kind=BodyKind.DISCIPLINE)
    authority_list = AuthorityList.in_force(day)
    if authority_list is not None:
        which |= Q(
            matter_roles__role=RoleKind.LEAD,
            matter_roles__matter__domain=Domain.DISCIPLINE,
            matter_roles__matter__authority_list=authority_list,
        )
    return Body.objects.filter(which).distinct()
