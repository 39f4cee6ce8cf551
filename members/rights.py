"""Who may vote on a date: the one function every vote asks (admissions, conversions, extensions,
and later elections). Rights follow facts: membership facts say who belongs to the branch that
day, `VotingSuspension` facts say who is not counted among 应到会有表决权的人数.

细则（2014）第二十、二十一条: the quorum and the pass threshold are counted against the full
members who should attend and have the vote; probationary members have none (党章 第七条), nor
has a member under 留党察看 during its period (党章 第七条; 选举工作条例 第五条)."""

import datetime as dt

from django.db.models import QuerySet

from members.models import RIGHTS_SUSPENDED, Member, VotingSuspension
from orgs.models import PartyOrganization


def entitled_voters(organization: PartyOrganization, day: dt.date, *, subtree: bool = False) -> QuerySet[Member]:
    """The full members of `organization` on `day` who count among those entitled to vote;
    `subtree`: of the organizations under it too (a committee's general meeting of members)."""
    suspended = VotingSuspension.objects.as_of(day).values("member_id")
    roll = Member.objects.under(organization, day) if subtree else Member.objects.of(organization, day)
    return roll.filter(full_member_date__lte=day).exclude(pk__in=suspended)


def has_voting_rights(member: Member, day: dt.date) -> bool:
    """A full member on `day` whose rights are not suspended (留党察看, detention): may vote,
    stand and sponsor. An approved absence keeps the rights."""
    if member.full_member_date is None or member.full_member_date > day:
        return False
    return not member.voting_suspensions.as_of(day).filter(kind__in=RIGHTS_SUSPENDED).exists()


def without_voting_rights(members: list[Member], day: dt.date) -> set[int]:
    """The ids among `members` who may not vote or stand on `day` (`has_voting_rights`, asked of
    many in one query: a list of candidates under review)."""
    lacking = {m.pk for m in members if m.full_member_date is None or m.full_member_date > day}
    suspended = VotingSuspension.objects.as_of(day).filter(
        kind__in=RIGHTS_SUSPENDED, member_id__in=[m.pk for m in members if m.pk not in lacking]
    )
    return lacking | set(suspended.values_list("member_id", flat=True))
