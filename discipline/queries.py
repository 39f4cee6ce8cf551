"""What discipline records mean for the rest of the system, without their narratives: who is under
an effect period on a day (an admonishment talk, a sanction) and so is flagged in appointments
and left out of commendations. The flags say the kind and the end date, nothing more."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from discipline.models import Sanction, SanctionStatus, Talk, TalkKind


@dataclass(frozen=True)
class Restriction:
    member_id: int
    kind: str  # "admonition" or a SanctionKind value
    label: str | Promise
    until: dt.date | None  # exclusive end of the effect period


def sanctions_in_effect(day: dt.date) -> QuerySet[Sanction]:
    """Sanctions whose effect period covers `day`: decided by then, not over, not revoked or
    changed by then (a revocation ends the effect from its day)."""
    cut = Q(status__in=[SanctionStatus.REVOKED, SanctionStatus.CHANGED], ended_on__lte=day)
    return (
        Sanction.objects.filter(decided_on__lte=day)
        .filter(Q(effect_until__isnull=True) | Q(effect_until__gt=day))
        .exclude(cut)
    )


def admonitions_in_effect(day: dt.date) -> QuerySet[Talk]:
    """诫勉谈话 whose effect period covers `day`."""
    return Talk.objects.filter(kind=TalkKind.ADMONITION, date__lte=day, effect_until__gt=day)


# What a reader without the discipline capability is told of an admonishment: that there is
# something to ask the discipline office about (干部任用 asks its opinion), not what or until when.
DISCREET = "discipline"


def restrictions(member_ids: Iterable[int], day: dt.date, *, discreet: bool = False) -> dict[int, list[Restriction]]:
    """The effect periods each of `member_ids` is under on `day` (members under none are absent).
    `discreet` (a reader without the discipline capability): an admonishment, which only the
    discipline capability knows of, is named as a matter to ask the discipline office about,
    without its kind or end; sanctions, announced to the member's organization, keep theirs."""
    ids = list(member_ids)
    found: dict[int, list[Restriction]] = {}
    for talk in admonitions_in_effect(day).filter(member_id__in=ids).order_by("date", "pk"):
        if discreet:
            flag = Restriction(talk.member_id, DISCREET, _("please ask the discipline office"), None)
            if flag not in found.get(talk.member_id, []):
                found.setdefault(talk.member_id, []).append(flag)
            continue
        found.setdefault(talk.member_id, []).append(
            Restriction(talk.member_id, TalkKind.ADMONITION.value, talk.get_kind_display(), talk.effect_until)
        )
    for sanction in sanctions_in_effect(day).filter(member_id__in=ids).order_by("decided_on", "pk"):
        found.setdefault(sanction.member_id, []).append(
            Restriction(sanction.member_id, sanction.kind, sanction.get_kind_display(), sanction.effect_until)
        )
    return found


def excluded_from_commendation(day: dt.date) -> set[int]:
    """The ids of members who may not be commended on `day`: under an admonishment's or a
    sanction's effect period."""
    return set(admonitions_in_effect(day).values_list("member_id", flat=True)) | set(
        sanctions_in_effect(day).values_list("member_id", flat=True)
    )
