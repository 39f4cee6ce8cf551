"""Talks (谈话): recording and correcting them, the admonishment's effect period, and the audit
labels of both. Who sees and records which kind is `discipline.access` (talks section).

The gist and the follow-up are encrypted at rest and never copied into the audit trail: an
event says which talk, of which kind, with whom and when, and whether the text changed."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from accounts.models import User
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.periods import add_months
from discipline import rules
from discipline.access import talk_kinds_for
from discipline.models import Talk, TalkKind
from discipline.signals import talk_recorded
from members.models import Member, Membership
from orgs.models import Post, PostRole

# The posts whose taking up asks for a talk with a newly appointed leader.
LEADER_ROLES = frozenset({PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY})


def admonition_months(day: dt.date) -> int:
    """The admonishment's effect period (months) by the local rule in force on `day`."""
    rule = rules.rule_on(rules.ADMONITION_MONTHS.code, day) or rules.ADMONITION_MONTHS
    return int(rule.current())


def effect_until(kind: str, day: dt.date) -> dt.date | None:
    """The end (exclusive) of the talk's effect period: an admonishment flags the person for
    `ADMONITION_MONTHS` months from the talk (counted by the calendar: 2026-08-31 + 6 months is
    2027-02-28); other talks have none."""
    if kind != TalkKind.ADMONITION:
        return None
    return add_months(day, admonition_months(day))


def organization_on(member: Member, day: dt.date):
    """The member's organization on `day` (their membership then), else their present one."""
    fact = (
        Membership.objects.filter(member=member, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("organization")
        .first()
    )
    return fact.organization if fact else member.organization


def _check(kind: str, member: Member, day: dt.date, talker: str, post: Post | None) -> None:
    if kind not in TalkKind.values:
        raise DomainError(_("Please choose the kind of talk."), field="kind")
    if day > clock.today():
        raise DomainError(
            _("%(label)s cannot be later than today.") % {"label": pgettext("refused date", "The date of the talk")},
            field="date",
        )
    if day < member.join_date:
        raise DomainError(_("The talk cannot be earlier than the date the person joined the party."), field="date")
    if not talker.strip():
        raise DomainError(_("Please write who held the talk."), field="talker")
    if post is not None:
        if kind != TalkKind.APPOINTMENT:
            raise DomainError(_("Only a talk with a newly appointed leader answers a post."), field="post")
        if post.member_id != member.pk or post.role not in LEADER_ROLES:
            raise DomainError(
                _("The post is not a secretary's or deputy secretary's post of this person."), field="post"
            )


def do_record_talk(
    *,
    kind: str,
    member: Member,
    date: dt.date,
    talker: str,
    gist: str,
    follow_up: str,
    post: Post | None = None,
    acting_user: User | None,
) -> Talk:
    """Record a talk held with `member`. An admonishment gets its effect period; an appointment
    talk closes the to-do its post asked for (`discipline.signals.talk_recorded`, received by
    `work`, in this transaction). `acting_user` (None for commands and the demo) must see and
    record this kind of talk with a person of the member's organization on the day."""
    _check(kind, member, date, talker, post)
    organization = organization_on(member, date)
    if acting_user is not None and kind not in talk_kinds_for(acting_user, organization):
        raise DomainError(_("You do not record this kind of talk with this person."), field="kind")
    talk = Talk(
        kind=kind,
        member=member,
        organization=organization,
        date=date,
        talker=talker.strip(),
        gist=gist.strip(),
        follow_up=follow_up.strip(),
        effect_until=effect_until(kind, date),
        post=post,
        recorded_by=known_user(acting_user),
    )
    with transaction.atomic():
        talk.save()
        record(
            "discipline.talk.recorded",
            actor=acting_user,
            target_label=("discipline.talk", str(talk.pk), f"{talk.get_kind_display()} {talk.date}"),
            organization=organization,
            new={
                "talk_kind": kind,
                "member": member.pk,
                "date": date.isoformat(),
                "talker": talk.talker,
                "effect_until": talk.effect_until.isoformat() if talk.effect_until else None,
                "post": post.pk if post else None,
            },
        )
        talk_recorded.send(sender=Talk, talk=talk, acting_user=acting_user)
    return talk


def do_update_talk(
    talk: Talk, *, date: dt.date, talker: str, gist: str, follow_up: str, acting_user: User | None
) -> Talk:
    """Correct a talk's date, talker, gist or follow-up (its kind and person stay: a different
    talk is recorded anew). The admonishment's effect period follows the corrected date."""
    _check(talk.kind, talk.member, date, talker, talk.post)
    old = {
        "date": talk.date.isoformat(),
        "talker": talk.talker,
        "effect_until": talk.effect_until.isoformat() if talk.effect_until else None,
    }
    text_changed = (gist.strip(), follow_up.strip()) != (talk.gist, talk.follow_up)
    talk.date, talk.talker = date, talker.strip()
    talk.gist, talk.follow_up = gist.strip(), follow_up.strip()
    talk.effect_until = effect_until(talk.kind, date)
    new = {
        "date": talk.date.isoformat(),
        "talker": talk.talker,
        "effect_until": talk.effect_until.isoformat() if talk.effect_until else None,
    }
    with transaction.atomic():
        talk.save(update_fields=["date", "talker", "gist", "follow_up", "effect_until"])
        record(
            "discipline.talk.updated",
            actor=acting_user,
            target_label=("discipline.talk", str(talk.pk), f"{talk.get_kind_display()} {talk.date}"),
            organization=talk.organization,
            old={k: v for k, v in old.items() if new[k] != v},
            new={**{k: v for k, v in new.items() if old[k] != v}, "text_changed": text_changed},
        )
    return talk


def admonitions_in_effect(member_ids, day: dt.date) -> dict[int, list[Talk]]:
    """{member id: their admonishment talks in effect on `day`} (for `discipline.queries`)."""
    found: dict[int, list[Talk]] = {}
    for talk in Talk.objects.filter(
        kind=TalkKind.ADMONITION, member_id__in=list(member_ids), date__lte=day, effect_until__gt=day
    ).order_by("date", "pk"):
        found.setdefault(talk.member_id, []).append(talk)
    return found


def talks_by_kind(year: int) -> dict[str, int]:
    """{"appointment": n, "reminder": n, "admonition": n, "letter_inquiry": n} held in `year`
    (for `manage.py discipline`)."""
    counts = dict.fromkeys(TalkKind.values, 0)
    for kind in Talk.objects.filter(date__year=year).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


def register_audit() -> None:
    """The labels of the talks' audit actions, keys and values (called from `DisciplineConfig`)."""
    from audit.actions import register

    register(
        {
            "discipline.talk.recorded": gettext_lazy("Talk recorded"),
            "discipline.talk.updated": gettext_lazy("Talk corrected"),
        },
        fields={
            "talker": gettext_lazy("talked by"),
            "effect_until": gettext_lazy("in effect until"),
            "text_changed": gettext_lazy("Gist or follow-up changed"),
            "post": gettext_lazy("post"),
            "talk_kind": gettext_lazy("kind of talk"),
        },
        values={"talk_kind": TalkKind.choices},
    )
