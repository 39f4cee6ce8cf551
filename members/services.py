"""Operations on members. While a member is on the roll, Member.organization and their open
Membership fact agree; after leaving, the field keeps the last organization and no fact is
open. Both change only here."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from accounts.models import User
from accounts.roles import VIEW_REGISTRY
from accounts.scope import may
from audit.services import diff, known_user, record
from core import clock
from core.errors import DomainError
from core.export import export_label
from core.i18n import format_lazy, stored
from core.periods import add_years
from core.rules import MIN_AGE_TO_JOIN, PROBATION_YEARS, of_age_to_join, probation_ends
from members import rules
from members.models import (
    Category,
    EventKind,
    FlagKind,
    Member,
    MemberEvent,
    MemberFlag,
    Membership,
    Status,
    SuspensionKind,
    UnmappedValue,
    VotingSuspension,
)
from members.signals import conversion_requested, members_moved
from orgs.models import OrgKind, PartyOrganization, Post
from orgs.services import end_posts

PERSONAL_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "degree",
    "join_date",
    "full_member_date",
    "category",
    "is_leading_cadre",
    "cadre_rank",
    "work_post",
    "occupation",
    "retired_on",
)


def _snapshot(member: Member) -> dict:
    return {f: (v.isoformat() if isinstance(v := getattr(member, f), dt.date) else v) for f in PERSONAL_FIELDS}


def _check_dates(member: Member) -> None:
    today = clock.today()
    if member.join_date > today:
        raise DomainError(_("The date of joining cannot be later than today."), field="join_date")
    if member.full_member_date:
        if member.full_member_date > today:
            raise DomainError(_("The date of full membership cannot be later than today."), field="full_member_date")
        _check_probation(member.join_date, member.full_member_date, "full_member_date")
    if member.birth_date and not of_age_to_join(member.birth_date, member.join_date):
        raise DomainError(
            _("A member must be 18 years old on joining (%(citation)s).") % {"citation": MIN_AGE_TO_JOIN.citation},
            field="join_date",
        )
    if member.retired_on and member.birth_date:
        _check_retirement(member.birth_date, member.retired_on)
    member.category = Category.FULL if member.full_member_date else Category.PROBATIONARY


# No one retires before they may work: the minimum working age (《劳动法》第十五条). The bound
# catches a year typed wrong, not a policy.
MIN_WORKING_AGE = 16


def _check_retirement(birth_date: dt.date, retired_on: dt.date) -> None:
    earliest = add_years(birth_date, MIN_WORKING_AGE)
    if not earliest <= retired_on <= clock.today():
        raise DomainError(
            _(
                "The date of retirement must fall between the day the member turned %(age)s (%(earliest)s) and"
                " today; leave it empty for a member not retired."
            )
            % {"age": MIN_WORKING_AGE, "earliest": earliest},
            field="retired_on",
        )


def _check_probation(join_date: dt.date, full_date: dt.date, field: str) -> None:
    """Probation is one year from joining (党章 第七条): no one is full before its end."""
    end = probation_ends(join_date)
    if full_date < end:
        raise DomainError(
            _(
                "Probation lasts one year, from joining on %(joined)s until %(end)s: full membership cannot come"
                " before it ends (%(citation)s)."
            )
            % {"joined": join_date, "end": end, "citation": PROBATION_YEARS.citation},
            field=field,
        )


_REGISTERED_TWICE = gettext_noop(
    "This ID number is registered already: one member cannot be registered in two party organizations."
)
# What a user is told of an ID number that belongs to someone outside their scope, whatever that
# person's status (on the roll elsewhere, transferred out, deceased): the same words for all, so
# that no form tells anyone who is on file where. The details go to the committee.
CANNOT_REGISTER = gettext_noop("This person cannot be registered here; the committee can help.")
# The reason kept on a first membership fact, and on the audit values of a changed personal number.
REGISTERED = pgettext_lazy("membership reason", "Registered")
_CHANGED = gettext_lazy("(changed)")


# -- the membership facts: the one writer -----------------------------------------------------
#
# Every other app (transfers, adjustment plans, imports, the demo) changes memberships and
# Member.organization through these primitives, inside its own transaction; the `do_*` services
# add the checks and the audit event a person's action needs.

_TOO_EARLY = gettext_noop("The date must be later than the day the member joined their present organization.")


def move_membership(
    member: Member,
    destination: PartyOrganization | None,
    day: dt.date,
    *,
    reason: str,
    acting_user: User | None,
    status: str | None = None,
    notify: bool = True,
    too_early: str = _TOO_EARLY,
) -> None:
    """Move `member` to `destination` from `day`: close their open fact at `day` (if they have
    one: a member returning to the roll has none) and open one in `destination`, which becomes
    Member.organization and puts them on the roll. `destination=None`: they leave the roll with
    `status` (required then); the field keeps the last organization.

    Call inside the caller's transaction with the member row locked. Refuses (DomainError on
    `day`, message `too_early`: an English msgid, translated, then formatted with %(since)s) a
    day not after the open fact's start or before the last fact's end. Sends `members_moved`
    unless `notify` is False, which only the development procedure passes (it is the receiver's
    own change). Posts are the caller's: `orgs.services.end_posts`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("move_membership runs inside the caller's transaction")
    if destination is None and status in (None, Status.ACTIVE):
        raise ValueError("a member leaving the roll needs the status they leave with")
    fact = member.memberships.select_for_update().filter(valid_to__isnull=True).first()
    if fact is not None:
        if day <= fact.valid_from:
            raise DomainError(_(too_early) % {"since": fact.valid_from}, field="day")
        fact.valid_to = day
        fact.save(update_fields=["valid_to"])
    else:
        if destination is None:
            raise ValueError("the member has no open membership to close")
        last = member.memberships.order_by("-valid_to").first()
        # every fact of the member is closed (no open one, checked above): valid_to is set
        if last is not None and last.valid_to is not None and day < last.valid_to:
            raise DomainError(
                _("The member left the roll on %(day)s: the date cannot be earlier.") % {"day": last.valid_to},
                field="day",
            )
    if destination is not None:
        Membership.objects.create(member=member, organization=destination, valid_from=day, reason=reason)
        member.organization, member.status = destination, Status.ACTIVE
        member.save(update_fields=["organization", "status"])
    else:
        assert status is not None  # leaving the roll needs a status (ValueError above)
        member.status = status
        member.save(update_fields=["status"])
    if notify:
        members_moved.send(
            sender=Membership,
            member_ids=[member.pk],
            destination=destination,
            day=day,
            reason=reason,
            acting_user=acting_user,
        )


def bulk_move_memberships(
    member_ids: list[int], destination: PartyOrganization, day: dt.date, *, reason: str, acting_user: User | None
) -> list[int]:
    """Move members on the roll (an adjustment plan merging or moving a branch's members) to
    `destination` from `day`, in a few statements whatever their number: their open facts close
    at `day`, new ones open, Member.organization follows; one `members_moved` for all. Inside
    the caller's transaction (the plan's, under the tree lock). Returns the ids moved."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_move_memberships runs inside the caller's transaction")
    ids = list(member_ids)
    open_facts = Membership.objects.filter(member_id__in=ids, valid_to__isnull=True)
    if open_facts.filter(valid_from__gte=day).exists():
        raise DomainError(
            _("Some members joined their present organization on %(day)s or later: they cannot be moved on that day.")
            % {"day": day},
            field="day",
        )
    open_facts.update(valid_to=day)
    Membership.objects.bulk_create(
        (Membership(member_id=pk, organization=destination, valid_from=day, reason=reason) for pk in ids),
        batch_size=5000,
    )
    Member.objects.filter(pk__in=ids).update(organization=destination)
    members_moved.send(
        sender=Membership, member_ids=ids, destination=destination, day=day, reason=reason, acting_user=acting_user
    )
    return ids


def register_members(
    rows: Iterable[tuple[Member, int, dt.date, dt.date | None]], *, reason: str, batch_size: int = 2000
) -> list[Member]:
    """Write new members and their first membership facts in bulk (an import, the demo).

    Each row is (member, organization pk, since, until): the member unsaved, with its personal
    numbers and name set through their setters; `until` None for a member on the roll, or the
    day they left (the member's status then says how). Member.organization is set to the
    organization. Checks are the caller's (the import validates every row first). Sends no
    signal: a first fact is a registration, not a move — no record can follow it yet."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("register_members runs inside the caller's transaction")
    rows = list(rows)
    for member, organization_id, _since, until in rows:
        member.organization_id = organization_id
        if (until is None) != (member.status == Status.ACTIVE):
            raise ValueError("a member on the roll has an open membership; one who left has none")
    created = Member.objects.bulk_create([m for m, _o, _s, _u in rows], batch_size=batch_size)
    Membership.objects.bulk_create(
        (
            Membership(member_id=m.pk, organization_id=o, valid_from=since, valid_to=until, reason=reason)
            for m, (_m, o, since, until) in zip(created, rows, strict=True)
        ),
        batch_size=5000,
    )
    return created


# -- a person on file outside one's scope ------------------------------------------------------


def committee_of(organization: PartyOrganization | None) -> PartyOrganization | None:
    """The committee that hears what happens to a person of `organization` outside the scope of
    the one who tried it: the working committee above it (the district's registry), else the
    top of its tree."""
    if organization is None:
        return PartyOrganization.get_root_nodes().first()
    chain = [*PartyOrganization.objects.get_ancestors(organization).order_by("depth"), organization]
    return next((o for o in reversed(chain) if o.kind == OrgKind.WORKING_COMMITTEE), chain[0])


def sees_member(user: User | None, member: Member) -> bool:
    """Whether `user` may be told facts about `member` (their registry scope; a command or the
    system sees everyone)."""
    return known_user(user) is None or may(user, VIEW_REGISTRY, member)


def record_refusal(member: Member, *, attempted: str, details: dict, acting_user: User | None) -> None:
    """Tell the committee that `acting_user` tried to register, by ID number, `member`, who is
    outside their scope: an audit event whose organization is `committee_of` the member's
    (only the committee's scope sees it), with what was tried and the member's status."""
    record(
        "members.registration.refused",
        actor=acting_user,
        target=member,
        organization=committee_of(member.organization),
        new={"attempted": attempted, "status": member.status, "organization": member.organization_id, **details},
    )


def refuse_registration(member: Member, *, attempted: str, details: dict, acting_user: User | None) -> DomainError:
    """The refusal to raise for `member` outside `acting_user`'s scope: the neutral
    `CANNOT_REGISTER`, after `record_refusal`. Call outside any transaction the refusal rolls
    back, or the committee never hears of it."""
    record_refusal(member, attempted=attempted, details=details, acting_user=acting_user)
    return DomainError(_(CANNOT_REGISTER), field="id_number")


# -- the services ------------------------------------------------------------------------------


def do_create_member(
    member: Member,
    *,
    id_number: str,
    phone: str,
    organization: PartyOrganization,
    since: dt.date,
    acting_user: User | None,
) -> Member:
    """Register a member in `organization` (a branch) from `since`."""
    if not organization.holds_members:
        raise DomainError(
            _("A member's membership is kept in a party branch (or a temporary branch)."), field="organization"
        )
    if organization.dissolved:
        raise DomainError(_("This party organization is dissolved."), field="organization")
    member.set_id_number(id_number)
    member.set_phone(phone)
    member.set_name(member.name)
    _check_dates(member)
    if since < member.join_date:
        raise DomainError(
            _("The date of joining this branch cannot be earlier than the date of joining the party."), field="since"
        )
    if since > clock.today():
        raise DomainError(_("The date of joining this branch cannot be later than today."), field="since")
    known = Member.objects.filter(id_number_hash=member.id_number_hash).first()
    if known is not None:
        if not sees_member(acting_user, known):
            raise refuse_registration(
                known,
                attempted="members.member.created",
                details={"to": organization.pk, "name": member.name},
                acting_user=acting_user,
            )
        raise DomainError(_(_REGISTERED_TWICE), field="id_number")
    try:
        with transaction.atomic():
            member.organization = organization
            member.status = Status.ACTIVE
            member.save()
            Membership.objects.create(
                member=member, organization=organization, valid_from=since, reason=stored(REGISTERED)
            )
            record(
                "members.member.created",
                actor=acting_user,
                target=member,
                organization=organization,
                new={**_snapshot(member), "organization": organization.pk, "since": since.isoformat()},
            )
    except IntegrityError:
        raise DomainError(_(_REGISTERED_TWICE), field="id_number") from None
    return member


def do_update_member(member: Member, *, id_number: str | None, phone: str | None, acting_user: User | None) -> Member:
    """Save changed personal data. The organization changes only through transfers."""
    before_row = Member.objects.get(pk=member.pk)
    before = _snapshot(before_row)
    if id_number:
        # cleared so that both follow the new number (set_id_number fills them or raises)
        member.gender = member.birth_date = None  # type: ignore[assignment]
        member.set_id_number(id_number)
    if phone is not None:
        member.set_phone(phone)
    member.set_name(member.name)
    _check_dates(member)
    if member.status != Status.ACTIVE and member.full_member_date != before_row.full_member_date:
        raise DomainError(
            _("The date of full membership of a member off the roll cannot be changed."), field="full_member_date"
        )
    if before_row.full_member_date is None and member.full_member_date:
        conversion_requested.send(sender=Member, member=member, day=member.full_member_date)
    try:
        with transaction.atomic():
            member.save()
            old, new = diff(before, _snapshot(member))
            # an old value the code tables could not map is kept until the field is set
            UnmappedValue.objects.filter(member=member, field__in=[f for f in new if getattr(member, f)]).delete()
            if id_number and member.id_number_hash != before_row.id_number_hash:
                old["id_number"], new["id_number"] = stored(_CHANGED), stored(_CHANGED)
            if phone is not None and member.phone_hash != before_row.phone_hash:
                old["phone"], new["phone"] = stored(_CHANGED), stored(_CHANGED)
            record(
                "members.member.updated",
                actor=acting_user,
                target=member,
                organization=member.organization,
                old=old,
                new=new,
            )
    except IntegrityError:
        raise DomainError(_("This ID number is registered to another member."), field="id_number") from None
    return member


# 党籍 events that take a member off the roll, and the status each leaves (党章 第九条;
# 党员教育管理工作条例 第二十四条). `Status` keeps its values: every way out of the party but
# death reads "left"; the event's kind says which.
_LEAVING: dict[str, Status] = {
    EventKind.DECEASED: Status.DECEASED,
    EventKind.EXPELLED: Status.LEFT,
    EventKind.REMOVED: Status.LEFT,
    EventKind.LAPSED: Status.LEFT,
    EventKind.WITHDREW: Status.LEFT,
    EventKind.PROBATION_CANCELLED: Status.LEFT,
    EventKind.SUSPENDED: Status.SUSPENDED,
}
# Kinds that may follow a 停止党籍 (the member is off the roll already): death, and the ways out
# of the party (失联 two years after the suspension ⇒ 自行脱党除名, 第二十四条).
_AFTER_SUSPENSION = frozenset(
    {EventKind.DECEASED, EventKind.EXPELLED, EventKind.REMOVED, EventKind.LAPSED, EventKind.WITHDREW}
)
# Kinds a decision revoked may undo (申诉, 复查): only through that procedure.
_REVOCABLE = frozenset({EventKind.EXPELLED, EventKind.REMOVED})


def _refuse_status(member: Member) -> DomainError:
    return DomainError(
        _("The member's status is “%(status)s”: this event cannot be recorded any more.")
        % {"status": member.get_status_display()},
        field="kind",
    )


def _check_event(member: Member, kind: str, procedure: bool) -> None:
    """Refuse what a rule forbids: the kinds and statuses each event may be recorded from."""
    if kind == EventKind.LEFT:
        raise DomainError(
            _("“Left the party” is no longer recorded: please choose how the member left (death, removal…)."),
            field="kind",
        )
    if kind not in EventKind.values:
        raise DomainError(_("Unknown kind of event."), field="kind")
    if kind == EventKind.EXPELLED and not procedure:
        raise DomainError(
            _("Expulsion from the party is recorded by the discipline decision that imposes it, not here."),
            field="kind",
        )
    if kind == EventKind.RESTORED:
        if member.status == Status.SUSPENDED:
            return
        last = member.events.exclude(kind=EventKind.CONVERTED).order_by("-date", "-pk").first()
        if procedure and member.status == Status.LEFT and last is not None and last.kind in _REVOCABLE:
            return  # the decision that expelled or removed the member was revoked
        if member.status == Status.LEFT:
            raise DomainError(
                _(
                    "Only a suspended membership is restored; one who withdrew, was removed or expelled may in "
                    "principle only join again (%(citation)s)."
                )
                % {"citation": rules.RESTORE_AFTER_LEAVING.citation},
                field="kind",
            )
        raise _refuse_status(member)
    if member.status == Status.SUSPENDED and kind in _AFTER_SUSPENSION:
        return
    if member.status != Status.ACTIVE:
        raise _refuse_status(member)
    if kind in (EventKind.CONVERTED, EventKind.PROBATION_CANCELLED) and member.category != Category.PROBATIONARY:
        raise DomainError(_("This member is a full member already."), field="kind")


def do_record_member_event(
    member: Member,
    *,
    kind: str,
    day: dt.date,
    note: str,
    acting_user: User | None,
    procedure: bool = False,
    organization: PartyOrganization | None = None,
) -> MemberEvent:
    """Record a 党籍 event: 转为正式, or one of the kinds that take a member off the roll (去世,
    开除党籍, 除名, 自行脱党, 退党, 取消预备党员资格, 停止党籍), or 恢复党籍, which brings a
    suspended member back on the roll of `organization` (a branch) from `day`.

    `procedure`: recorded by the procedure that decides it (development's conversion and
    cancellation, a discipline decision's expulsion, a revoked decision's restoration), not by
    an officer's form. 开除党籍 is recorded only so; a member expelled or removed by a decision
    since revoked is restored only so. Leaving ends the member's membership fact and posts at
    `day`; history stays. `LEFT` is refused: old rows keep it, no new event is recorded with it."""
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field="day")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        _check_event(member, kind, procedure)
        if kind == EventKind.CONVERTED:
            _check_probation(member.join_date, day, "day")
            if not procedure:  # the development procedure is the conversion itself
                conversion_requested.send(sender=Member, member=member, day=day)
            member.category, member.full_member_date = Category.FULL, day
            member.save(update_fields=["category", "full_member_date"])
        elif kind == EventKind.RESTORED:
            _restore(member, day, organization, acting_user)
        elif member.status == Status.SUSPENDED:
            # off the roll already: only the status changes, from a day not before the suspension
            last = member.memberships.order_by("-valid_to").first()
            if last is not None and last.valid_to is not None and day < last.valid_to:
                raise DomainError(
                    _("The member left the roll on %(day)s: the date cannot be earlier.") % {"day": last.valid_to},
                    field="day",
                )
            member.status = _LEAVING[kind]
            member.save(update_fields=["status"])
        else:
            move_membership(
                member,
                None,
                day,
                reason=stored(EventKind(kind).label),
                acting_user=acting_user,
                status=_LEAVING[kind],
                # the development procedure's own change; a discipline decision's is news to it
                notify=not (procedure and kind == EventKind.PROBATION_CANCELLED),
            )
            end_posts(day, member=member)
            if Post.objects.filter(member=member, valid_to__isnull=True).exists():
                raise DomainError(
                    _("The member holds a post that begins after this date: please check the posts first."), field="day"
                )
        event = MemberEvent.objects.create(member=member, kind=kind, date=day, note=note)
        record(
            f"members.member.{kind}",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={
                "date": day.isoformat(),
                "note": note,
                "status": member.status,
                **({"organization": member.organization_id} if kind == EventKind.RESTORED else {}),
            },
        )
    return event


def _restore(member: Member, day: dt.date, organization: PartyOrganization | None, acting_user: User | None) -> None:
    """恢复党籍: the member comes back on the roll of `organization` from `day` (a new fact)."""
    if organization is None:
        raise DomainError(_("Please choose the branch that takes the member back."), field="organization")
    if not organization.holds_members:
        raise DomainError(
            _("A member's membership is kept in a party branch (or a temporary branch)."), field="organization"
        )
    if organization.dissolved:
        raise DomainError(_("This party organization is dissolved."), field="organization")
    move_membership(member, organization, day, reason=stored(EventKind.RESTORED.label), acting_user=acting_user)


# -- member flags (失联, 流动党员, 出国（境）): facts that never change the roll ----------------


def do_record_flag(
    member: Member,
    *,
    kind: str,
    valid_from: dt.date,
    valid_to: dt.date | None,
    place: str,
    note: str,
    acting_user: User | None,
) -> MemberFlag:
    """Record that a member is out of contact, away (流动党员) or abroad from `valid_from`
    (until `valid_to`, exclusive, or open). A flag never changes the roll; the flags list warns
    when a rule's months have passed (失联 ⇒ 停止党籍 may be considered)."""
    place, note = place.strip(), note.strip()
    if kind not in FlagKind.values:
        raise DomainError(_("Unknown kind."), field="kind")
    if valid_from > clock.today():
        raise DomainError(_("The start date cannot be later than today."), field="valid_from")
    if valid_to is not None and valid_to <= valid_from:
        raise DomainError(_("The end date must be later than the start date."), field="valid_to")
    if kind in (FlagKind.MOBILE, FlagKind.ABROAD) and not place:
        raise DomainError(_("Please say where the member is."), field="place")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status not in (Status.ACTIVE, Status.SUSPENDED):
            raise DomainError(
                _("The member's status is “%(status)s”: this cannot be recorded.")
                % {"status": member.get_status_display()},
                field="kind",
            )
        if member.flags.filter(kind=kind).overlapping(valid_from, valid_to).exists():
            raise DomainError(
                _("The member has a record of this kind in this period already: please end or check it first."),
                field="valid_from",
            )
        flag = MemberFlag.objects.create(
            member=member, kind=kind, valid_from=valid_from, valid_to=valid_to, place=place, note=note
        )
        record(
            "members.flag.recorded",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={
                "kind": kind,
                "from": valid_from.isoformat(),
                "to": valid_to and valid_to.isoformat(),
                "place": place,
                "note": note,
            },
        )
    return flag


def do_end_flag(flag: MemberFlag, *, day: dt.date, acting_user: User | None) -> MemberFlag:
    """End an open flag on `day` (exclusive: back in contact, returned from `day`)."""
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field="day")
    with transaction.atomic():
        flag = MemberFlag.objects.select_for_update().select_related("member").get(pk=flag.pk)
        if flag.valid_to is not None:
            raise DomainError(_("This record ended on %(day)s.") % {"day": flag.valid_to}, field="day")
        if day <= flag.valid_from:
            raise DomainError(_("The end date must be later than the start date."), field="day")
        flag.valid_to = day
        flag.save(update_fields=["valid_to"])
        record(
            "members.flag.ended",
            actor=acting_user,
            target=flag.member,
            organization=flag.member.organization,
            new={"kind": flag.kind, "to": day.isoformat()},
        )
    return flag


def do_reveal_personal_data(member: Member, *, acting_user: User | None) -> None:
    """Every reveal of a full ID or phone number is an audit event."""
    record(
        "members.member.revealed",
        actor=acting_user,
        target=member,
        organization=member.organization,
        new={"fields": ["id_number", "phone"]},
    )


def do_record_export(
    *, kind: str, count: int, revealed: bool, query: str, acting_user: User | None, part: str = ""
) -> None:
    """Every export of a list of people is an audit event, named by its kind (a
    `core.export.ExportKind` code) and, for one list of several of a kind, that list (`part`,
    e.g. 口袋党员 of the transfer register); with full ID and phone numbers it is a reveal of
    every row."""
    what = format_lazy(gettext_lazy("%(kind)s (%(part)s)"), kind=export_label(kind), part=part) if part else None
    record(
        "members.exported",
        actor=acting_user,
        target_label=(
            "members.export",
            "",
            stored(
                format_lazy(
                    gettext_lazy("%(what)s exported (%(count)s people)"), what=what or export_label(kind), count=count
                )
            ),
        ),
        new={"kind": kind, "rows": count, "revealed": revealed, "filters": query},
    )


def do_record_voting_suspension(
    member: Member, *, kind: str, valid_from: dt.date, valid_to: dt.date | None, basis: str, acting_user: User | None
) -> VotingSuspension:
    """Record that a member does not count among those entitled to vote from `valid_from`
    (until `valid_to`, exclusive, or open): 留党察看 or detention take the rights away; an
    approved absence only takes the seat at the meeting. The basis (a decision, an approval) is
    required: a vote's count depends on it."""
    basis = basis.strip()
    if kind not in SuspensionKind.values:
        raise DomainError(_("Unknown kind."), field="kind")
    if not basis:
        raise DomainError(
            _("Please state the basis (the decision or approval: a document or a meeting)."), field="basis"
        )
    if valid_to is not None and valid_to <= valid_from:
        raise DomainError(_("The end date must be later than the start date."), field="valid_to")
    if valid_from > clock.today():
        raise DomainError(_("The start date cannot be later than today."), field="valid_from")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status != Status.ACTIVE:
            raise DomainError(
                _("The member's status is “%(status)s”: this cannot be recorded.")
                % {"status": member.get_status_display()},
                field="kind",
            )
        overlapping = member.voting_suspensions.filter(kind=kind).overlapping(valid_from, valid_to)
        if overlapping.exists():
            raise DomainError(
                _("The member has a record of this kind in this period already: please end or check it first."),
                field="valid_from",
            )
        suspension = VotingSuspension.objects.create(
            member=member, kind=kind, valid_from=valid_from, valid_to=valid_to, basis=basis
        )
        record(
            "members.voting_suspension.recorded",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={"kind": kind, "from": valid_from.isoformat(), "to": valid_to and valid_to.isoformat(), "basis": basis},
        )
    return suspension


def do_end_voting_suspension(
    suspension: VotingSuspension, *, day: dt.date, acting_user: User | None
) -> VotingSuspension:
    """End a suspension on `day` (exclusive: the member counts again from that day): an open one,
    or one that would end later (a revoked 留党察看 ends on the day of the revocation)."""
    with transaction.atomic():
        suspension = VotingSuspension.objects.select_for_update().select_related("member").get(pk=suspension.pk)
        if suspension.valid_to is not None and suspension.valid_to <= day:
            raise DomainError(_("This record ended on %(day)s.") % {"day": suspension.valid_to}, field="day")
        if day <= suspension.valid_from:
            raise DomainError(_("The end date must be later than the start date."), field="day")
        suspension.valid_to = day
        suspension.save(update_fields=["valid_to"])
        record(
            "members.voting_suspension.ended",
            actor=acting_user,
            target=suspension.member,
            organization=suspension.member.organization,
            new={"kind": suspension.kind, "to": day.isoformat()},
        )
    return suspension
