"""Commendation rounds: the only writers of rounds, categories, quotas, nominations and
objections. Each `do_*` checks first, then writes in one transaction with its audit event; a
refusal is a DomainError whose message a person can act on, and nothing is written.

The steps: the committee opens a round (its categories and checks) and sets the quotas; the
nominating organizations nominate within their quota during the nomination period; the committee
approves (never an ineligible nominee) or rejects with a reason; it starts the public notice,
whose end is counted on the working-day calendar (development.workdays.notice_end, the length a
dated rule); objections are recorded during the notice (a nomination may still be rejected); after
the notice the decision (date, document number) makes the approved nominations honours."""

import datetime as dt
import os

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from commendations import eligibility, rules
from commendations.models import (
    ACTIVE,
    STANDARD_KINDS,
    Category,
    Nomination,
    NominationStatus,
    NomineeKind,
    Objection,
    Quota,
    Round,
    Standard,
    Status,
)
from core import clock
from core.errors import DomainError
from core.uploads import check_attachment
from development.workdays import notice_end
from members.models import Member, Membership
from orgs.models import PartyOrganization

MAX_SEATS = 500  # a quota beyond this is a typing error


def _locked(round_: Round) -> Round:
    """The round, locked until the transaction ends: two nominations at once cannot both take
    the last seat, a decision cannot cross a nomination."""
    return Round.objects.select_for_update().get(pk=round_.pk)


def _require(round_: Round, *statuses: str) -> None:
    if round_.status not in statuses:
        raise DomainError(
            _("This round is at the step “%(step)s”: this cannot be done now.") % {"step": round_.get_status_display()}
        )


# -- the round -----------------------------------------------------------------------------------


def do_create_round(
    *,
    name: str,
    year: int,
    opens_on: dt.date,
    closes_on: dt.date,
    standards: list[str],
    local_categories: list[tuple[str, str]] = (),  # type: ignore[assignment]
    level: str = "",
    checks: dict[str, bool] | None = None,
    acting_user: User | None,
) -> Round:
    """Open a round: its standard categories (Standard values), its local ones (name, nominee
    kind), the commending body and the committee's switches of the eligibility conditions."""
    if closes_on < opens_on:
        raise DomainError(_("Nominations cannot close before they open."), field="closes_on")
    if Round.objects.filter(year=year).exists():
        raise DomainError(_("A round of %(year)s exists already.") % {"year": year}, field="year")
    wanted = [s for s in Standard.values if s in standards]
    locals_ = [(n.strip(), k) for n, k in local_categories if n.strip()]
    if not wanted and not locals_:
        raise DomainError(_("Choose at least one category."), field="standards")
    names = [n for n, _k in locals_]
    if len(set(names)) != len(names):
        raise DomainError(_("Two local categories have the same name."), field="local_categories")
    with transaction.atomic():
        round_ = Round.objects.create(
            name=name,
            year=year,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=known_user(acting_user),
            **({"level": level} if level else {}),
            **(checks or {}),
        )
        order = 0
        for standard in wanted:
            Category.objects.create(
                round=round_, standard=standard, nominee_kind=STANDARD_KINDS[Standard(standard)], order=order
            )
            order += 1
        for local_name, kind in locals_:
            Category.objects.create(round=round_, local_name=local_name, nominee_kind=kind, order=order)
            order += 1
        record(
            "commendations.round.created",
            actor=acting_user,
            target=round_,
            new={
                "name": name,
                "year": year,
                "level": round_.level,
                "opens_on": opens_on.isoformat(),
                "closes_on": closes_on.isoformat(),
                "categories": [*wanted, *names],
                **(checks or {}),
            },
        )
    return round_


def do_add_category(round_: Round, *, name: str, nominee_kind: str, acting_user: User | None) -> Category:
    """Add a local category while nominations are open."""
    name = name.strip()
    if not name:
        raise DomainError(_("Please give the category's name."), field="name")
    if nominee_kind not in NomineeKind.values:
        raise DomainError(_("Choose whom the category honours."), field="nominee_kind")
    with transaction.atomic():
        round_ = _locked(round_)
        _require(round_, Status.NOMINATION)
        if round_.categories.filter(local_name=name).exists():
            raise DomainError(_("The round has a category of this name."), field="name")
        order = (round_.categories.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        category = Category.objects.create(round=round_, local_name=name, nominee_kind=nominee_kind, order=order)
        record(
            "commendations.category.added",
            actor=acting_user,
            target=category,
            new={"round": round_.name, "name": name, "nominee_kind": nominee_kind},
        )
    return category


# -- quotas --------------------------------------------------------------------------------------


def members_on_roll(organizations: list[PartyOrganization], day: dt.date) -> dict[int, int]:
    """Members on the roll of each organization's subtree on `day`: one statement, the roll
    counted by organization, each count added up its path (a round over a province's thousands
    of organizations is not thousands of counts)."""
    if not organizations:
        return {}
    step = PartyOrganization.steplen
    wanted = {org.path: org.pk for org in organizations}
    found = dict.fromkeys(wanted.values(), 0)
    common = os.path.commonprefix(list(wanted))
    rows = (
        Membership.objects.as_of(day)
        .filter(organization__path__startswith=common[: len(common) // step * step])
        .order_by()
        .values_list("organization__path")
        .annotate(n=Count("pk"))
    )
    for path, n in rows:
        for end in range(step, len(path) + 1, step):
            if path[:end] in wanted:
                found[wanted[path[:end]]] += n
    return found


def suggest_quotas(totals: dict[int, int], organizations: list[PartyOrganization], day: dt.date) -> dict:
    """A proposal the clerk edits: each category's total (category id → seats) shared among the
    organizations in proportion to their members on the roll on `day`, by the largest remainder
    (the shares add up to the total). Returns {(organization id, category id): seats}."""
    counts = members_on_roll(organizations, day)
    everyone = sum(counts.values())
    found: dict[tuple[int, int], int] = {}
    for category_id, total in totals.items():
        if not everyone or total <= 0:
            found.update({(o.pk, category_id): 0 for o in organizations})
            continue
        exact = {o.pk: total * counts[o.pk] / everyone for o in organizations}
        seats = {pk: int(v) for pk, v in exact.items()}
        left = total - sum(seats.values())
        for pk in sorted(exact, key=lambda pk: (-(exact[pk] - seats[pk]), -counts[pk], pk))[:left]:
            seats[pk] += 1
        found.update({(pk, category_id): n for pk, n in seats.items()})
    return found


def do_set_quotas(round_: Round, seats: dict[tuple[int, int], int], *, acting_user: User | None) -> int:
    """Set the quota table: {(organization id, category id): seats}; a zero removes the quota.
    A quota below the nominations the organization holds in the category is refused."""
    categories = {c.pk: c for c in round_.categories.all()}
    for (_org_id, category_id), n in seats.items():
        if category_id not in categories:
            raise DomainError(_("This category is not of this round."))
        if not 0 <= n <= MAX_SEATS:
            raise DomainError(_("A quota is a number from 0 to %(max)s.") % {"max": MAX_SEATS})
    org_names = dict(PartyOrganization.objects.filter(pk__in={o for o, _c in seats}).values_list("pk", "name"))
    if len(org_names) != len({o for o, _c in seats}):
        raise DomainError(_("An organization of the table does not exist."))
    changed = 0
    with transaction.atomic():
        round_ = _locked(round_)
        _require(round_, Status.NOMINATION)
        held = _held(round_)
        existing = {(q.organization_id, q.category_id): q for q in Quota.objects.filter(category__round=round_)}
        for key, n in sorted(seats.items()):
            if n < held.get(key, 0):
                raise DomainError(
                    _("%(org)s has %(held)s nominations in “%(category)s”: its quota cannot be less.")
                    % {"org": org_names[key[0]], "held": held[key], "category": categories[key[1]].name}
                )
            quota = existing.get(key)
            if quota is None and n:
                Quota.objects.create(organization_id=key[0], category_id=key[1], seats=n)
            elif quota is not None and not n:
                quota.delete()
            elif quota is not None and quota.seats != n:
                quota.seats = n
                quota.save(update_fields=["seats"])
            else:
                continue
            changed += 1
        record(
            "commendations.quotas.set",
            actor=acting_user,
            target=round_,
            new={"changed": changed, "seats": sum(n for n in seats.values())},
        )
    return changed


def _held(round_: Round) -> dict[tuple[int, int], int]:
    """The nominations holding a seat, per (organization id, category id)."""
    rows = (
        Nomination.objects.filter(round=round_, status__in=ACTIVE)
        .order_by()
        .values_list("organization_id", "category_id")
        .annotate(n=Count("pk"))
    )
    return {(org_id, category_id): n for org_id, category_id, n in rows}


# -- nominations ---------------------------------------------------------------------------------


def _check_nominee(
    organization: PartyOrganization, category: Category, member: Member | None, nominee: PartyOrganization | None
) -> None:
    if category.for_members:
        if member is None or nominee is not None:
            raise DomainError(_("This category honours party members: choose a member."), field="member")
        in_subtree = member.organization is not None and member.organization.path.startswith(organization.path)
        if member.status != "active" or not in_subtree:
            raise DomainError(
                _("Only members on the roll of %(org)s and the organizations under it may be nominated.")
                % {"org": organization.name},
                field="member",
            )
        return
    if nominee is None or member is not None:
        raise DomainError(_("This category honours party organizations: choose an organization."), field="nominee")
    if not nominee.path.startswith(organization.path):
        raise DomainError(
            _("Only %(org)s and the organizations under it may be nominated.") % {"org": organization.name},
            field="nominee",
        )
    today = clock.today()
    if nominee.dissolved is not None and nominee.dissolved <= today:
        raise DomainError(
            _("%(org)s was dissolved on %(day)s (%(citation)s).")
            % {
                "org": nominee.name,
                "day": nominee.dissolved.isoformat(),
                "citation": rules.ORGANIZATION_EXISTS.citation,
            },
            field="nominee",
        )


def _check_file(upload) -> tuple[str, str]:
    rule = rules.ATTACHMENT_MAX_MB
    return check_attachment(upload, max_mb=int(rule.current()), citation=rule.citation)


def do_nominate(
    round_: Round,
    organization: PartyOrganization,
    *,
    category: Category,
    member: Member | None = None,
    nominee: PartyOrganization | None = None,
    basis: str,
    upload=None,
    acting_user: User | None,
) -> Nomination:
    """`organization` nominates a member or an organization of its subtree in `category`,
    within the nomination period and its quota. Eligibility does not refuse a nomination (it is
    shown beside it and refuses the approval)."""
    if category.round_id != round_.pk:
        raise DomainError(_("This category is not of this round."), field="category")
    _check_nominee(organization, category, member, nominee)
    basis = basis.strip()
    if not basis:
        raise DomainError(_("Please give the main deeds."), field="basis")
    checked = _check_file(upload) if upload is not None else None
    today = clock.today()
    with transaction.atomic():
        round_ = _locked(round_)
        _require(round_, Status.NOMINATION)
        if not round_.opens_on <= today <= round_.closes_on:
            raise DomainError(
                _("Nominations are received from %(opens)s to %(closes)s.")
                % {"opens": round_.opens_on.isoformat(), "closes": round_.closes_on.isoformat()}
            )
        quota = Quota.objects.filter(category=category, organization=organization).first()
        seats = quota.seats if quota else 0
        held = _held(round_).get((organization.pk, category.pk), 0)
        if held >= seats:
            raise DomainError(
                _("The quota of %(org)s in “%(category)s” is %(seats)s and %(held)s are nominated: no seat is left.")
                % {"org": organization.name, "category": category.name, "seats": seats, "held": held},
                field="category",
            )
        taken = Nomination.objects.filter(category=category, status__in=ACTIVE)
        taken = taken.filter(member=member) if member is not None else taken.filter(nominee_organization=nominee)
        if taken.exists():
            raise DomainError(_("This nominee is nominated in this category already."), field="category")
        nomination = Nomination(
            round=round_,
            category=category,
            organization=organization,
            member=member,
            nominee_organization=nominee,
            basis=basis,
            created_by=known_user(acting_user),
        )
        if checked is not None:
            nomination.file.save(checked[0], upload, save=False)
            nomination.file_name, nomination.content_type = checked
        nomination.save()
        record(
            "commendations.nomination.made",
            actor=acting_user,
            target=nomination,
            organization=organization,
            new={
                "round": round_.name,
                "category": str(category.name),
                "nominee": str(nomination.nominee),
                **({"file_name": nomination.file_name} if checked else {}),
            },
        )
    return nomination


def do_withdraw_nomination(nomination: Nomination, *, acting_user: User | None) -> Nomination:
    """The nominating organization withdraws a nomination not yet reviewed (its seat is free)."""
    with transaction.atomic():
        round_ = _locked(nomination.round)
        _require(round_, Status.NOMINATION)
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.status != NominationStatus.PENDING:
            raise DomainError(_("Only a nomination awaiting review can be withdrawn."))
        nomination.status = NominationStatus.WITHDRAWN
        nomination.save(update_fields=["status"])
        record(
            "commendations.nomination.withdrawn",
            actor=acting_user,
            target=nomination,
            organization=nomination.organization,
            old={"status": NominationStatus.PENDING},
            new={"status": NominationStatus.WITHDRAWN},
        )
    return nomination


def do_review_nomination(
    nomination: Nomination, *, approve: bool, reason: str = "", acting_user: User | None
) -> Nomination:
    """The committee approves a nomination (never one a finding bars on the check day) or
    rejects it with a reason; during the notice, after an objection, an approved nomination can
    still be rejected."""
    reason = reason.strip()
    if not approve and not reason:
        raise DomainError(_("Please give the reason for the rejection."), field="reason")
    with transaction.atomic():
        round_ = _locked(nomination.round)
        nomination = Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
        old = nomination.status
        if approve:
            _require(round_, Status.NOMINATION)
            if old != NominationStatus.PENDING:
                raise DomainError(_("Only a nomination awaiting review can be approved."))
            day = eligibility.check_day(round_)
            barred = [f for f in eligibility.findings([nomination], day).get(nomination.pk, []) if f.bars]
            if barred:
                raise DomainError(
                    _("This nominee does not meet the conditions: %(reasons)s.")
                    % {"reasons": "；".join(f.text for f in barred)}
                )
            nomination.status = NominationStatus.APPROVED
        else:
            _require(round_, Status.NOMINATION, Status.NOTICE)
            allowed = {NominationStatus.PENDING} if round_.status == Status.NOMINATION else set()
            allowed |= {NominationStatus.APPROVED}
            if old not in allowed:
                raise DomainError(_("This nomination cannot be rejected now."))
            nomination.status = NominationStatus.REJECTED
        nomination.review_reason = reason
        nomination.reviewed_on = clock.today()
        nomination.reviewed_by = known_user(acting_user)
        nomination.save(update_fields=["status", "review_reason", "reviewed_on", "reviewed_by"])
        record(
            "commendations.nomination.approved" if approve else "commendations.nomination.rejected",
            actor=acting_user,
            target=nomination,
            organization=nomination.organization,
            old={"status": old},
            new={"status": nomination.status},
            reason=reason,
        )
    return nomination


# -- the notice and the decision -----------------------------------------------------------------


def _notice(round_: Round) -> tuple[dt.date, dt.date]:
    """The notice's first and last days (a round past nomination has them: a check constraint)."""
    assert round_.notice_starts is not None and round_.notice_ends is not None  # noqa: S101
    return round_.notice_starts, round_.notice_ends


def do_start_notice(round_: Round, *, starts: dt.date, acting_user: User | None) -> tuple[Round, str]:
    """Publish the approved nominees from `starts` for the rule's working days (counted on the
    official calendar); returns the round and the calendar's warning, if any. Every nomination
    is reviewed first, and the nomination period is over."""
    with transaction.atomic():
        round_ = _locked(round_)
        _require(round_, Status.NOMINATION)
        if starts <= round_.closes_on:
            raise DomainError(
                _("The notice starts after nominations close (%(day)s).") % {"day": round_.closes_on.isoformat()},
                field="starts",
            )
        statuses = set(round_.nominations.values_list("status", flat=True))
        if NominationStatus.PENDING in statuses:
            raise DomainError(_("Some nominations are still awaiting review."))
        if NominationStatus.APPROVED not in statuses:
            raise DomainError(_("No nomination is approved: there is nothing to publish."))
        days = rules.notice_working_days()
        ends, warning = notice_end(starts, days)
        round_.status, round_.notice_starts, round_.notice_ends = Status.NOTICE, starts, ends
        round_.save(update_fields=["status", "notice_starts", "notice_ends"])
        record(
            "commendations.notice.started",
            actor=acting_user,
            target=round_,
            new={"starts": starts.isoformat(), "ends": ends.isoformat(), "working_days": days},
        )
    return round_, str(warning)


def do_record_objection(
    nomination: Nomination, *, received_on: dt.date, text: str, acting_user: User | None
) -> Objection:
    """Record an objection received during the notice about an approved nominee."""
    text = text.strip()
    if not text:
        raise DomainError(_("Please write down the objection."), field="text")
    with transaction.atomic():
        round_ = _locked(nomination.round)
        _require(round_, Status.NOTICE)
        nomination = Nomination.objects.get(pk=nomination.pk)
        if nomination.status != NominationStatus.APPROVED:
            raise DomainError(_("Objections are recorded against the nominees on the notice."))
        starts, ends = _notice(round_)
        if not starts <= received_on <= ends or received_on > clock.today():
            raise DomainError(
                _("An objection is received during the notice, from %(starts)s to %(ends)s.")
                % {"starts": starts.isoformat(), "ends": ends.isoformat()},
                field="received_on",
            )
        objection = Objection.objects.create(
            nomination=nomination, received_on=received_on, text=text, recorded_by=known_user(acting_user)
        )
        record(
            "commendations.objection.recorded",
            actor=acting_user,
            target=objection,
            organization=nomination.organization,
            new={"nominee": str(nomination.nominee), "received_on": received_on.isoformat()},
        )
    return objection


def do_decide(round_: Round, *, decided_on: dt.date, document_number: str, acting_user: User | None) -> Round:
    """The decision after the notice: its approved nominations become honours. Each is checked
    again on the decision day; one that a finding bars then must be rejected first."""
    document_number = document_number.strip()
    if not document_number:
        raise DomainError(_("Please give the decision's document number."), field="document_number")
    if decided_on > clock.today():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    with transaction.atomic():
        round_ = _locked(round_)
        _require(round_, Status.NOTICE)
        _starts, ends = _notice(round_)
        if decided_on <= ends:
            raise DomainError(
                _("The decision comes after the notice, which ends on %(day)s.") % {"day": ends.isoformat()},
                field="decided_on",
            )
        approved = list(
            round_.nominations.filter(status=NominationStatus.APPROVED).select_related(
                "round", "member", "nominee_organization"
            )
        )
        barred = [pk for pk, rows in eligibility.findings(approved, decided_on).items() if any(f.bars for f in rows)]
        if barred:
            raise DomainError(
                _("%(n)s approved nominees do not meet the conditions on %(day)s: reject them first.")
                % {"n": len(barred), "day": decided_on.isoformat()}
            )
        round_.status, round_.decided_on, round_.document_number = Status.DECIDED, decided_on, document_number
        round_.save(update_fields=["status", "decided_on", "document_number"])
        record(
            "commendations.round.decided",
            actor=acting_user,
            target=round_,
            new={"decided_on": decided_on.isoformat(), "document_number": document_number, "honours": len(approved)},
        )
    return round_
