"""Party disciplinary sanctions (党纪处分) and their effects, written in the same transaction as the
sanction, so the rest of the system obeys them rather than reads a note:

- 留党察看: a `members.VotingSuspension` (PROBATION_WITHIN_PARTY) from the decision to the end
  of the probation, so `members.rights` leaves the member out of every vote, election and
  sponsorship; and the member's posts end (党内职务自然撤销).
- 撤销党内职务: the member's posts end on the decision date.
- 开除党籍: a 党籍 event (EXPELLED) takes the member off the roll.
- every sanction, for its effect period (`discipline.rules` in force on the decision date), flags
  the member in appointments and keeps them out of commendations (`discipline.queries`).

The posts a sanction ended are remembered (`Sanction.ended_posts`), so revoking it (申诉, 撤销)
appoints them again from the revocation day, ends the suspension that day and, for an expulsion,
restores the membership. Audit events carry kinds, dates and ids: never the facts and reasons.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record
from core import clock
from core.errors import DomainError
from core.i18n import format_lazy, stored
from core.periods import add_months, add_years
from discipline import rules
from discipline.models import Sanction, SanctionKind, SanctionStatus
from members.models import EventKind, Member, Membership, Status, SuspensionKind, VotingSuspension
from members.services import do_end_voting_suspension, do_record_member_event, do_record_voting_suspension
from orgs.models import Post
from orgs.services import do_appoint_post, do_end_post

# the effect period of each kind, in months, by the rule's code (probation: after its end)
_EFFECT_MONTHS = {
    SanctionKind.WARNING: "warning_effect_months",
    SanctionKind.SERIOUS_WARNING: "serious_warning_effect_months",
    SanctionKind.REMOVAL: "removal_effect_months",
    SanctionKind.PROBATION: "after_probation_effect_months",
}
# kinds that end the member's posts on the decision date
_ENDS_POSTS = {SanctionKind.REMOVAL, SanctionKind.PROBATION, SanctionKind.EXPULSION}
DECIDED_BY_MAX = 100


def _rule(code: str, day: dt.date):
    rule = rules.rule_on(code, day)
    if rule is None:
        raise DomainError(
            _("No version of the regulations on disciplinary sanctions was in force on %(day)s.") % {"day": day},
            field="decided_on",
        )
    return rule


def effect_until(kind: str, decided_on: dt.date, probation_years: int | None) -> dt.date:
    """The end (exclusive) of the effect period of a sanction decided on `decided_on`, by the
    rules in force that day: warning 1 year, serious warning 18 months, removal 2 years, probation
    its years and 2 more after the rights come back, expulsion the 5 years before rejoining."""
    if kind == SanctionKind.EXPULSION:
        return add_years(decided_on, _rule("expulsion_no_rejoining_years", decided_on).current())
    start = decided_on
    if kind == SanctionKind.PROBATION:
        start = add_years(decided_on, probation_years or 0)
    return add_months(start, _rule(_EFFECT_MONTHS[SanctionKind(kind)], decided_on).current())


def _check_probation_years(kind: str, probation_years: int | None, decided_on: dt.date) -> int | None:
    if kind != SanctionKind.PROBATION:
        if probation_years:
            raise DomainError(_("Only probation within the party has a term in years."), field="probation_years")
        return None
    rule = _rule("probation_years", decided_on)
    if probation_years not in rule.current():
        raise DomainError(
            _("Probation within the party is for %(years)s years (%(citation)s).")
            % {"years": rule.display, "citation": rule.citation},
            field="probation_years",
        )
    return probation_years


def _end_posts(sanction: Sanction, day: dt.date, acting_user) -> list[int]:
    """End the member's open posts on `day`, each audited; their ids, to restore on revocation."""
    posts = list(Post.objects.filter(member=sanction.member, valid_to__isnull=True).order_by("pk"))
    if any(p.valid_from >= day for p in posts):
        raise DomainError(
            _("The member holds a post that begins on or after the decision date: please check the posts first."),
            field="decided_on",
        )
    for post in posts:
        do_end_post(post, day=day, acting_user=acting_user)
    return [p.pk for p in posts]


def _basis(sanction: Sanction) -> str:
    return stored(
        format_lazy(
            gettext_lazy("Disciplinary sanction of %(day)s: %(kind)s"),
            day=sanction.decided_on.isoformat(),
            kind=SanctionKind(sanction.kind).label,
        )
    )


def do_impose_sanction(
    *,
    member: Member,
    kind: str,
    decided_on: dt.date,
    decided_by: str,
    narrative: str,
    probation_years: int | None = None,
    case=None,
    acting_user,
) -> Sanction:
    """Record a sanction decided on `decided_on` and write its effects (module docstring)."""
    decided_by = decided_by.strip()
    if kind not in SanctionKind.values:
        raise DomainError(_("Unknown kind."), field="kind")
    if decided_on > clock.today():
        raise DomainError(_("The date of the decision cannot be later than today."), field="decided_on")
    if not decided_by:
        raise DomainError(_("Please name the organization that decided."), field="decided_by")
    if len(decided_by) > DECIDED_BY_MAX:
        raise DomainError(_("The name is too long."), field="decided_by")
    probation_years = _check_probation_years(kind, probation_years, decided_on)
    until = effect_until(kind, decided_on, probation_years)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        fact = Membership.objects.as_of(decided_on).filter(member=member).select_related("organization").first()
        if member.status != Status.ACTIVE or fact is None:
            raise DomainError(
                _("The member was not on the roll on the date of the decision: a sanction cannot be recorded."),
                field="member",
            )
        if member.full_member_date is None or member.full_member_date > decided_on:
            # 条例 (2015 第三十五条, later 第三十六条, not verified): criticism, a longer
            # probation or the probationary membership cancelled, not a sanction
            raise DomainError(
                _(
                    "%(name)s was a probationary member on %(day)s: a probationary member is not given a "
                    "disciplinary sanction, but criticized, their probation extended or their probationary "
                    "membership cancelled (%(source)s)."
                )
                % {"name": member.name, "day": decided_on, "source": rules.DISCIPLINE_REGULATIONS},
                field="member",
            )
        if case is not None and case.member_id != member.pk:
            raise DomainError(_("The case concerns another member."), field="member")
        standing = Sanction.objects.filter(member=member).exclude(
            status__in=[SanctionStatus.REVOKED, SanctionStatus.CHANGED]
        )
        if case is not None:
            if case.closed_on is None:
                raise DomainError(_("The case is still open: close it with its decision first."), field="member")
            if standing.filter(case=case).exists():
                raise DomainError(
                    _("A sanction has been recorded for this case already: change it on appeal instead."),
                    field="kind",
                )
        if standing.filter(kind=kind, decided_on=decided_on).exists():
            raise DomainError(_("This sanction has been recorded already."), field="kind")
        sanction = Sanction.objects.create(
            case=case,
            member=member,
            organization=fact.organization,
            kind=kind,
            decided_on=decided_on,
            decided_by=decided_by,
            probation_years=probation_years,
            effect_until=until,
            narrative=narrative.strip(),
            recorded_by=acting_user,
        )
        if kind in _ENDS_POSTS:
            sanction.ended_posts = _end_posts(sanction, decided_on, acting_user)
            sanction.save(update_fields=["ended_posts"])
        if kind == SanctionKind.PROBATION:
            do_record_voting_suspension(
                member,
                kind=SuspensionKind.PROBATION_WITHIN_PARTY,
                valid_from=decided_on,
                valid_to=sanction.probation_until,
                basis=_basis(sanction),
                acting_user=acting_user,
            )
        elif kind == SanctionKind.EXPULSION:
            do_record_member_event(
                member,
                kind=EventKind.EXPELLED,
                day=decided_on,
                note=_basis(sanction),
                acting_user=acting_user,
                procedure=True,
            )
        record(
            "discipline.sanction.imposed",
            actor=acting_user,
            target=sanction,
            organization=sanction.organization,
            new={
                "member": member.pk,
                "kind": kind,
                "decided_on": decided_on.isoformat(),
                "decided_by": decided_by,
                "probation_years": probation_years,
                "effect_until": until.isoformat(),
                "case": case.pk if case is not None else None,
                "ended_posts": sanction.ended_posts,
            },
        )
    return sanction


def do_end_sanction(sanction: Sanction, *, acting_user, day: dt.date | None = None) -> Sanction:
    """The sanction's period is over (察看期满恢复党员权利, 影响期满): its status becomes ended
    on its due day. The suspension of a probation ends on its own date already: the vote is back
    from that day, whether or not this has run."""
    day = day or clock.today()
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
        if sanction.status != SanctionStatus.IN_EFFECT:
            raise DomainError(_("This sanction is not in effect."), field="day")
        due = sanction.due_on
        if due is None or due > day:
            raise DomainError(
                _("The period of this sanction ends on %(day)s: it cannot be ended earlier (a revocation can).")
                % {"day": due},
                field="day",
            )
        sanction.status, sanction.ended_on = SanctionStatus.ENDED, due
        sanction.save(update_fields=["status", "ended_on"])
        record(
            "discipline.sanction.ended",
            actor=acting_user,
            target=sanction,
            organization=sanction.organization,
            new={"kind": sanction.kind, "ended_on": due.isoformat()},
        )
    return sanction


def end_expired_sanctions(day: dt.date | None = None) -> int:
    """The daily pass: end every sanction whose period is over by `day` (today). Returns how many."""
    day = day or clock.today()
    ended = 0
    for sanction in Sanction.objects.filter(status=SanctionStatus.IN_EFFECT).order_by("pk"):
        due = sanction.due_on
        if due is not None and due <= day:
            do_end_sanction(sanction, acting_user=None, day=day)
            ended += 1
    return ended


def _restore_posts(sanction: Sanction, day: dt.date, acting_user) -> tuple[list[int], list[int]]:
    """Appoint again from `day` the posts the sanction ended; those that cannot be (the
    organization has another secretary now, it was dissolved) are listed, not forced."""
    restored, refused = [], []
    for post in Post.objects.filter(pk__in=sanction.ended_posts).select_related("organization").order_by("pk"):
        if post.organization.dissolved:
            refused.append(post.pk)
            continue
        again = Post(
            member=sanction.member,
            organization=post.organization,
            role=post.role,
            full_time=post.full_time,
            rank=post.rank,
            valid_from=day,
        )
        try:
            do_appoint_post(again, acting_user=acting_user)
        except DomainError:  # raised by its checks, before it writes
            refused.append(post.pk)
        else:
            restored.append(again.pk)
    return restored, refused


def do_revoke_sanction(
    sanction: Sanction,
    *,
    day: dt.date,
    reason: str,
    acting_user,
    status: str = SanctionStatus.REVOKED,
    restore_posts: bool = True,
) -> Sanction:
    """Revoke a sanction from `day` (申诉后撤销): what it took is given back from that day. The
    probation's suspension ends that day, the posts it ended are appointed again, an expelled
    member is restored to the branch that expelled them. `status=CHANGED`: see
    `do_change_sanction`."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Please state the reason (the decision on the appeal)."), field="reason")
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field="day")
    with transaction.atomic():
        sanction = Sanction.objects.select_for_update().select_related("member", "organization").get(pk=sanction.pk)
        if sanction.status in (SanctionStatus.REVOKED, SanctionStatus.CHANGED):
            raise DomainError(_("This sanction has been revoked or changed already."), field="day")
        if day <= sanction.decided_on:
            raise DomainError(
                _("The date must be later than the date of the decision (%(day)s).") % {"day": sanction.decided_on},
                field="day",
            )
        if sanction.kind == SanctionKind.EXPULSION:
            do_record_member_event(
                sanction.member,
                kind=EventKind.RESTORED,
                day=day,
                note=stored(gettext_lazy("Expulsion revoked")),
                acting_user=acting_user,
                procedure=True,
                organization=sanction.organization,
            )
        if sanction.kind == SanctionKind.PROBATION:
            suspension = (
                VotingSuspension.objects.filter(
                    member=sanction.member,
                    kind=SuspensionKind.PROBATION_WITHIN_PARTY,
                    valid_from=sanction.decided_on,
                )
                .order_by("pk")
                .first()
            )
            if suspension is not None and (suspension.valid_to is None or suspension.valid_to > day):
                do_end_voting_suspension(suspension, day=day, acting_user=acting_user)
        sanction.member.refresh_from_db()  # restored to the roll above, if expelled
        restored, refused = _restore_posts(sanction, day, acting_user) if restore_posts else ([], [])
        sanction.status, sanction.ended_on, sanction.end_reason = status, day, reason
        sanction.save(update_fields=["status", "ended_on", "end_reason"])
        record(
            f"discipline.sanction.{status}",
            actor=acting_user,
            target=sanction,
            organization=sanction.organization,
            new={
                "kind": sanction.kind,
                "ended_on": day.isoformat(),
                "posts_restored": restored,
                "posts_not_restored": refused,
            },
        )
    return sanction


def do_change_sanction(
    sanction: Sanction,
    *,
    day: dt.date,
    reason: str,
    kind: str,
    decided_by: str,
    narrative: str,
    probation_years: int | None = None,
    acting_user,
) -> Sanction:
    """Change a sanction on appeal (申诉后改变): the old one is revoked from `day` (what it took
    comes back) and the new one is imposed from `day`, linked by `replaced_by`."""
    # A new sanction that ends posts again takes over the old one's ended posts rather than
    # appointing them and ending them on the same day (which the post rules refuse).
    keeps_posts_ended = kind in _ENDS_POSTS
    with transaction.atomic():
        old = do_revoke_sanction(
            sanction,
            day=day,
            reason=reason,
            acting_user=acting_user,
            status=SanctionStatus.CHANGED,
            restore_posts=not keeps_posts_ended,
        )
        new = do_impose_sanction(
            member=old.member,
            kind=kind,
            decided_on=day,
            decided_by=decided_by,
            narrative=narrative,
            probation_years=probation_years,
            case=old.case,
            acting_user=acting_user,
        )
        old.replaced_by = new
        old.save(update_fields=["replaced_by"])
        if keeps_posts_ended:
            new.ended_posts = [*old.ended_posts, *new.ended_posts]
            new.save(update_fields=["ended_posts"])
        record(
            "discipline.sanction.replaced",
            actor=acting_user,
            target=old,
            organization=old.organization,
            new={"replaced_by": new.pk, "kind": kind},
        )
    return new


def register_audit() -> None:
    """The labels of the sanctions' audit events (called from `discipline.apps`)."""
    from audit.actions import register

    register(
        {
            "discipline.sanction.imposed": gettext_lazy("Disciplinary sanction recorded"),
            "discipline.sanction.ended": gettext_lazy("Disciplinary sanction's period ended"),
            "discipline.sanction.revoked": gettext_lazy("Disciplinary sanction revoked"),
            "discipline.sanction.changed": gettext_lazy("Disciplinary sanction changed"),
            "discipline.sanction.replaced": gettext_lazy("Disciplinary sanction replaced by a new decision"),
        },
        values={"kind": SanctionKind.choices},
        fields={
            "decided_on": gettext_lazy("Decided on"),
            "decided_by": gettext_lazy("Decided by"),
            "probation_years": gettext_lazy("Probation (years)"),
            "effect_until": gettext_lazy("Effect period until"),
            "case": gettext_lazy("Case"),
            "ended_posts": gettext_lazy("Posts ended"),
            "ended_on": gettext_lazy("Ended on"),
            "posts_restored": gettext_lazy("Posts restored"),
            "posts_not_restored": gettext_lazy("Posts that could not be restored"),
            "replaced_by": gettext_lazy("Replaced by"),
        },
    )
