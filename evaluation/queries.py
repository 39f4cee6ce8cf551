"""Reading evaluations: scoped lists for the pages, and the public reads of other apps
(`rounds_held` for the compliance table, `verdicts_of` for a member's record,
`follow_ups_due` / `follow_up_key` for the reminders in `work`)."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from accounts.scope import scope_queryset
from evaluation.models import EvaluationRound, Grade, Participant, RoundStatus
from members.models import Member
from orgs.models import PartyOrganization


def rounds_under(user, organization: PartyOrganization) -> QuerySet[EvaluationRound]:
    """The rounds of `organization` and the organizations under it that the user sees."""
    rounds = EvaluationRound.objects.filter(organization__path__startswith=organization.path)
    return scope_queryset(user, rounds).select_related("organization").order_by("-year", "organization__path")


def rounds_of_year(user, year: int) -> QuerySet[EvaluationRound]:
    """Every round of `year` the user sees, with its counts of graded members and excellents."""
    return (
        scope_queryset(user, EvaluationRound.objects.filter(year=year))
        .select_related("organization")
        .annotate(
            roll=Count("participants"),
            excellent=Count("participants", filter=Q(participants__grade=Grade.EXCELLENT)),
            unqualified=Count("participants", filter=Q(participants__grade=Grade.UNQUALIFIED)),
        )
        .order_by("organization__path")
    )


def roll(evaluation: EvaluationRound) -> list[Participant]:
    """The round's members, full members first, by name."""
    return list(evaluation.participants.select_related("member").order_by("probationary", "member__name_pinyin", "pk"))


def rounds_held(organization_ids: Iterable[int], year: int) -> dict[int, int]:
    """For each organization id, how many democratic evaluations it concluded in `year` (0 or
    1): a concluded round is the year's 民主评议 held. One query, whatever the number of ids
    (the year's concluded rounds, matched here rather than in a parameter list)."""
    wanted = {int(i) for i in organization_ids}
    held = {org_id: 0 for org_id in wanted}
    rows = (
        EvaluationRound.objects.filter(year=year, status=RoundStatus.CONCLUDED)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    for org_id, n in rows.iterator():
        if org_id in held:
            held[org_id] = n
    return held


def verdicts_of(member: Member) -> QuerySet[Participant]:
    """A member's results of concluded rounds, latest year first (the member's own page and,
    later, commendations read them)."""
    return (
        Participant.objects.filter(member=member, round__status=RoundStatus.CONCLUDED)
        .select_related("round", "round__organization")
        .order_by("-round__year")
    )


def follow_ups_due() -> QuerySet[Participant]:
    """Verdicts of 不合格 in concluded rounds whose outcome is not recorded yet."""
    return Participant.objects.filter(
        grade=Grade.UNQUALIFIED, follow_up="", round__status=RoundStatus.CONCLUDED
    ).select_related("member", "round", "round__organization")


def follow_up_key(participant: Participant) -> str:
    """The follow-up to-do's key: the verdict named by codes (organization, year, member)."""
    evaluation = participant.round
    return f"evaluation_follow_up:{evaluation.organization_id}:{evaluation.year}:{participant.member_id}"
