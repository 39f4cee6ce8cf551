"""Staffing compliance of organ party committees (the seed, section 四.1).

Every organ party committee has either a full-time secretary at deputy-division level, or a
part-time secretary paired with a full-time deputy secretary at section level; and at least one
full-time staff member. The report records what falls short; it decides nothing."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgKind, PartyOrganization, Post, PostRole, Rank

SOURCE = _(
    "The district committee's organization department and the district organs' working committee, Notice on "
    "adjusting the setup and management of the party organizations of district units"
)
# What a committee lacks (lazy; a report holds them as text in the language it was made in).
MISSING_SECRETARY = _("Secretary")
MISSING_SECRETARY_RANK = _("A full-time secretary at deputy-division level")
MISSING_DEPUTY = _("A part-time secretary needs a full-time deputy secretary (section level)")
MISSING_STAFF = _("One full-time staff member")


@dataclass
class Shortfall:
    organization: PartyOrganization
    missing: list[str]  # what falls short, as text


@dataclass
class StaffingReport:
    day: dt.date
    total: int
    shortfalls: list[Shortfall]

    @property
    def compliant(self) -> int:
        return self.total - len(self.shortfalls)

    def as_json(self) -> dict:
        return {
            "organ_party_committees": self.total,
            "compliant": self.compliant,
            "short": [{"organization": s.organization.name, "missing": s.missing} for s in self.shortfalls],
        }


def check(organizations, day: dt.date) -> StaffingReport:
    """`organizations`: a queryset (already scoped) to look for organ party committees in."""
    live = Q(founded__lte=day) & (Q(dissolved__isnull=True) | Q(dissolved__gt=day))
    committees = list(organizations.filter(live, kind=OrgKind.ORGAN_PARTY_COMMITTEE).order_by("path"))
    posts: dict[int, list[Post]] = {c.pk: [] for c in committees}
    for post in Post.objects.as_of(day).filter(organization__in=committees):
        posts[post.organization_id].append(post)
    shortfalls = []
    for committee in committees:
        missing = _missing(posts[committee.pk])
        if missing:
            shortfalls.append(Shortfall(committee, missing))
    return StaffingReport(day=day, total=len(committees), shortfalls=shortfalls)


def _missing(posts: list[Post]) -> list[str]:
    return [str(m) for m in _shortfalls(posts)]


def _shortfalls(posts: list[Post]) -> list:
    secretaries = [p for p in posts if p.role == PostRole.SECRETARY]
    missing = []
    if not secretaries:
        missing.append(MISSING_SECRETARY)
    elif any(p.full_time for p in secretaries):
        if not any(p.full_time and p.rank in {Rank.DEPUTY_DIVISION, Rank.DIVISION} for p in secretaries):
            missing.append(MISSING_SECRETARY_RANK)
    elif not any(
        p.role == PostRole.DEPUTY_SECRETARY and p.full_time and p.rank in {Rank.SECTION, Rank.DEPUTY_DIVISION}
        for p in posts
    ):
        missing.append(MISSING_DEPUTY)
    if not any(p.role == PostRole.STAFF and p.full_time for p in posts):
        missing.append(MISSING_STAFF)
    return missing
