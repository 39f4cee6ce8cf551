"""Dues: what a member owes for a month, and the writes of bases, reliefs, monthly rows and
payments (one transaction each, audited without amounts: a base is personal data).

`due_amount` is the one reckoning of the 2008 provisions: the rate of the base's band on the
whole base, rounded half up to the fen (`dues.money`); a relief replaces it for its months."""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import ExpressionWrapper, F, TextField
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from core import clock
from core.crypto import decrypt_many
from core.errors import DomainError
from core.periods import add_months
from dues import rules
from dues.models import BANDED, DuesBase, MonthlyDues, PayerKind, PaymentWay, Relief, ReliefKind, month_of
from dues.money import ZERO, to_fen
from dues.signals import payments_recorded
from members.models import Member, Membership, Status
from orgs.models import PartyOrganization
from orgs.queries import approving_committee


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _rate(bands: list[tuple[Decimal | None, Decimal]], base: Decimal) -> Decimal:
    for edge, rate in bands:
        if edge is None or base <= edge:
            return rate
    raise ValueError("the last band has no upper edge")


def reckoner(month: dt.date) -> Callable[[str, Decimal], Decimal]:
    """The reckoning of `month`'s rules as a function of (kind, base): the rules read once, then
    applied to every member of the month (`do_compute_month` calls it a million times)."""
    employed = rules.bands("employed_bands", month)
    retired = rules.bands("retired_bands", month)
    flat = to_fen(rules.amount("flat_monthly", month))

    def reckon(kind: str, base: Decimal) -> Decimal:
        if kind in BANDED:
            return to_fen(base * _rate(employed, base))
        if kind == PayerKind.RETIRED:
            return to_fen(base * _rate(retired, base))
        if kind == PayerKind.FARMER:
            return to_fen(base)
        if kind == PayerKind.FLAT:
            return flat
        raise ValueError(f"unknown payer kind {kind!r}")

    return reckon


def due_amount(kind: str, base: Decimal, month: dt.date) -> Decimal:
    """The month's dues for a base of `kind` by the rules in force that month."""
    return reckoner(month)(kind, base)


def check_base(kind: str, amount: Decimal, month: dt.date) -> None:
    if kind == PayerKind.FARMER:
        low, high = (Decimal(v) for v in rules.rule_on("farmer_range", month).current())
        if not low <= amount <= high:
            rule = rules.rule_on("farmer_range", month)
            raise DomainError(
                _("A farmer member pays between %(low)s and %(high)s yuan a month (%(citation)s).")
                % {"low": low, "high": high, "citation": rule.citation},
                field="amount",
            )


# -- bases and reliefs ------------------------------------------------------------------------


def do_set_base(member: Member, *, kind: str, amount: Decimal, month: dt.date, acting_user: User | None) -> DuesBase:
    """The member's base from `month` (a new wage counts from the month it is paid): replaces a
    base recorded for the same month. Months already computed keep their due until the month
    is computed again (`do_compute_month` updates unpaid rows)."""
    month = month_of(month)
    if month > month_of(clock.today()):
        raise DomainError(_("A base counts from the month it is paid: not a month to come."), field="month")
    check_base(kind, amount, month)
    with transaction.atomic():
        row, created = DuesBase.objects.update_or_create(
            member=member, month=month, defaults={"kind": kind, "amount": str(amount), "recorded_by": acting_user}
        )
        record(
            "dues.base.recorded",
            actor=acting_user,
            target=member,
            organization=None,
            new={"month": month.isoformat(), "kind": kind},  # never the amount: personal data
        )
    return row


# -- the month ---------------------------------------------------------------------------------


def _held(month: dt.date, organizations: Iterable[PartyOrganization] | None):
    """The memberships of those who owe for `month`: on the roll on the month's last day (or
    today, for the month under way) and members by then — a probationary member from the
    admitting meeting's day (第八条), so the month of admission counts."""
    day = min(last_day(month), clock.today())
    held = Membership.objects.as_of(day).filter(member__status=Status.ACTIVE, member__join_date__lte=day)
    if organizations is not None:
        held = held.filter(organization__in=list(organizations))
    return held


def _roll(month: dt.date, organizations: Iterable[PartyOrganization] | None):
    """(member_id, organization_id) of those who owe for `month` (`_held`)."""
    return _held(month, organizations).values_list("member_id", "organization_id")


ANALYZE_FROM = 10_000  # rows created by one computation before the table is analyzed
WRITE_BATCH = 20_000  # rows a statement (SQLite, updates) or a COPY buffer (PostgreSQL) carries


def _month_inputs(month: dt.date, organizations: Iterable[PartyOrganization] | None):
    """What the month's computation reads, as plain tuples (no model instances): the roll, each
    member's base in force (kind, yuan), their relief's due, and the month's rows already there
    (pk, paid, due). Bases, reliefs and rows are read for the roll as a subquery (no list of ids
    sent), or for everyone when the whole roll is computed."""
    held = _held(month, organizations)
    roll = list(held.values_list("member_id", "organization_id"))
    bases_q = DuesBase.objects.filter(month__lte=month)
    reliefs_q = Relief.objects.filter(first__lte=month, last__gte=month)
    rows_q = MonthlyDues.objects.filter(month=month)
    if organizations is not None:
        members = held.values("member_id")
        bases_q = bases_q.filter(member_id__in=members)
        reliefs_q = reliefs_q.filter(member_id__in=members)
        rows_q = rows_q.filter(member_id__in=members)
    # the base in force is each member's latest from a month begun; the amounts are read as
    # stored (encrypted) and only those in force decrypted, all at once (`decrypt_many`)
    latest: dict[int, tuple[dt.date, str, str]] = {}
    stored = bases_q.annotate(token=ExpressionWrapper(F("amount"), output_field=TextField()))
    for member_id, since, kind, token in stored.values_list("member_id", "month", "kind", "token").iterator(
        chunk_size=WRITE_BATCH
    ):
        held_base = latest.get(member_id)
        if held_base is None or since > held_base[0]:
            latest[member_id] = (since, kind, token)
    amounts = decrypt_many([token for _since, _kind, token in latest.values()])
    bases = {
        member_id: (kind, amount)
        for (member_id, (_since, kind, _token)), amount in zip(latest.items(), amounts, strict=True)
    }
    reliefs = {
        member_id: ZERO if kind == ReliefKind.EXEMPT else to_fen(amount or ZERO)
        for member_id, kind, amount in reliefs_q.values_list("member_id", "kind", "amount")
    }
    existing = {
        member_id: (pk, paid, due) for pk, member_id, paid, due in rows_q.values_list("pk", "member_id", "paid", "due")
    }
    return roll, bases, reliefs, existing


def _insert_month(rows: list[tuple[int, int, Decimal]], month: dt.date) -> None:
    """Insert new monthly rows (member id, organization id, due), unpaid: by `COPY` on
    PostgreSQL, by `executemany` elsewhere — model instances for a million rows cost most of the
    time. Inside the caller's transaction."""
    opts = MonthlyDues._meta
    names = ("member", "organization", "month", "due", "paid", "extra", "paid_on", "way", "recorded_by")
    column = {f.name: str(f.column) for f in opts.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column[n]) for n in names)
    table = connection.ops.quote_name(opts.db_table)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for member_id, organization_id, due in rows:
                copy.write_row((member_id, organization_id, month, due, ZERO, ZERO, None, "", None))
        return
    adapt = connection.ops.adapt_decimalfield_value
    stored_month, zero = connection.ops.adapt_datefield_value(month), adapt(ZERO, 12, 2)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for i in range(0, len(rows), WRITE_BATCH):
            cursor.executemany(
                sql,
                [
                    (member_id, organization_id, stored_month, adapt(due, 12, 2), zero, zero, None, "", None)
                    for member_id, organization_id, due in rows[i : i + WRITE_BATCH]
                ],
            )


def _update_dues(changed: list[tuple[int, Decimal]]) -> None:
    """Set the due of unpaid rows (pk, due) whose base or relief changed."""
    opts = MonthlyDues._meta
    table = connection.ops.quote_name(opts.db_table)
    column = {f.name: str(f.column) for f in opts.concrete_fields}
    due, pk = (connection.ops.quote_name(column[n]) for n in ("due", "id"))
    adapt = connection.ops.adapt_decimalfield_value
    with connection.cursor() as cursor:
        for i in range(0, len(changed), WRITE_BATCH):
            cursor.executemany(
                f"UPDATE {table} SET {due} = %s WHERE {pk} = %s",  # noqa: S608 - names from the model
                [(adapt(amount, 12, 2), row) for row, amount in changed[i : i + WRITE_BATCH]],
            )


def do_compute_month(
    month: dt.date, *, organizations: Iterable[PartyOrganization] | None = None, acting_user: User | None = None
) -> dict[str, int]:
    """Write each member's row for `month` (idempotent): new rows for those on the roll, the due
    of unpaid rows brought up to date with the base and reliefs; paid rows keep their due.
    Members without a base get no row (counted as `no_base`, for the branch to record).

    Fast for a district of a million (docs/performance.md): everything is read as tuples, each
    due reckoned in `Decimal` by `reckoner` (the same as `due_amount`), new rows written by COPY
    on PostgreSQL; one transaction, audited once."""
    month = month_of(month)
    if month > month_of(clock.today()):
        raise DomainError(_("A month to come cannot be computed yet."), field="month")
    counts = {"created": 0, "updated": 0, "no_base": 0}
    reckon = reckoner(month)
    with transaction.atomic():
        roll, bases, reliefs, existing = _month_inputs(month, organizations)
        new: list[tuple[int, int, Decimal]] = []
        changed: list[tuple[int, Decimal]] = []
        # the same base text and kind give the same due: a cache spares most Decimal reckonings
        dues_of: dict[tuple[str, str], Decimal] = {}
        for member_id, organization_id in roll:
            due = reliefs.get(member_id)
            if due is None:
                found = bases.get(member_id)
                if found is None:
                    counts["no_base"] += 1
                    continue
                key = found
                due = dues_of.get(key)
                if due is None:
                    due = dues_of[key] = reckon(key[0], Decimal(key[1] or "0"))
            row = existing.get(member_id)
            if row is None:
                new.append((member_id, organization_id, due))
            elif row[1] == ZERO and row[2] != due:
                changed.append((row[0], due))
        _insert_month(new, month)
        _update_dues(changed)
        counts["created"], counts["updated"] = len(new), len(changed)
        if connection.vendor == "postgresql" and counts["created"] >= ANALYZE_FROM:
            # PostgreSQL here runs without autovacuum: after a large first computation the
            # planner would still think the table empty (a branch's month page, the arrears runs).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {MonthlyDues._meta.db_table}")
        record(
            "dues.month.computed",
            actor=acting_user,
            target_label=("dues.month", month.strftime("%Y-%m"), month.strftime("%Y-%m")),
            new=counts,
        )
    return counts


def check_payment_month(month: dt.date, day: dt.date) -> None:
    """Dues are paid for the months from the catch-up limit back (补交 ≤ 6 months, 第十二条) to
    the end of the quarter under way (paid by quarter with the branch's consent)."""
    rule = rules.rule_on("catch_up_months", day)
    earliest = add_months(month_of(day), -rule.current())
    quarter_end = month_of(day).replace(month=((day.month - 1) // 3) * 3 + 3)
    if month < earliest:
        raise DomainError(
            _("Dues are paid late for at most %(n)s months (%(citation)s): %(month)s is earlier than %(first)s.")
            % {
                "n": rule.current(),
                "citation": rule.citation,
                "month": f"{month:%Y-%m}",
                "first": f"{earliest:%Y-%m}",
            },
            field="month",
        )
    if month > quarter_end:
        raise DomainError(
            _("Dues are paid ahead at most to the end of the quarter (%(last)s).") % {"last": f"{quarter_end:%Y-%m}"},
            field="month",
        )


def do_record_payments(
    organization: PartyOrganization,
    month: dt.date,
    payments: Mapping[int, Decimal],
    *,
    day: dt.date,
    way: str,
    acting_user: User | None,
) -> int:
    """Record what the branch's members paid for `month` (member id → amount paid in all for
    that month): all or nothing. An amount above the due is a voluntary extra (第十一条)."""
    month = month_of(month)
    if day > clock.today():
        raise DomainError(_("The date of payment cannot be later than today."), field="day")
    if way not in PaymentWay.values:
        raise DomainError(_("Please choose how the dues were paid."), field="way")
    check_payment_month(month, day)
    with transaction.atomic():
        rows = {
            r.member_id: r
            for r in MonthlyDues.objects.select_for_update().filter(
                organization=organization, month=month, member_id__in=list(payments)
            )
        }
        if missing := set(payments) - set(rows):
            raise DomainError(
                _("%(n)s of the members chosen have no dues for this month in this organization.") % {"n": len(missing)}
            )
        for member_id, amount in payments.items():
            row = rows[member_id]
            row.paid = min(amount, row.due)
            row.extra = amount - row.paid
            row.paid_on, row.way, row.recorded_by = (day, way, acting_user) if amount else (None, "", acting_user)
        # The usual month (each member pays exactly their due) is one UPDATE; Django's bulk_update
        # writes a CASE per row and field, ~45 ms for a branch of 20 (the demo's 4,500 months).
        exact = {r.pk for r in rows.values() if r.paid == r.due and not r.extra and r.paid_on}
        MonthlyDues.objects.filter(pk__in=exact).update(
            paid=F("due"), extra=ZERO, paid_on=day, way=way, recorded_by=acting_user
        )
        others = [r for r in rows.values() if r.pk not in exact]
        MonthlyDues.objects.bulk_update(others, ["paid", "extra", "paid_on", "way", "recorded_by"])
        payments_recorded.send(
            sender=MonthlyDues, organization=organization, month=month, member_ids=list(rows), acting_user=acting_user
        )
        record(
            "dues.payments.recorded",
            actor=acting_user,
            target=organization,
            organization=organization,
            new={"month": month.strftime("%Y-%m"), "members": len(rows), "way": way},
        )
    return len(rows)


# -- for the pages: reliefs and the roll not yet reckoned -------------------------------------


def months_between(first: dt.date, last: dt.date) -> int:
    """The number of months from `first` to `last`, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def do_grant_relief(
    member: Member,
    *,
    kind: str,
    amount: Decimal | None,
    first: dt.date,
    last: dt.date,
    basis: str,
    approved_on: dt.date,
    acting_user: User | None,
) -> Relief:
    """A hardship relief decided by the member's branch and approved by the committee one level
    up (`orgs.queries.approving_committee`), for `first` to `last` (months, inclusive): the
    member pays `amount` a month (REDUCED) or nothing (EXEMPT). Refused: a period longer than the
    local rule allows, or one that overlaps another relief of the member. The unpaid months
    already computed in the period take the relief's due at once."""
    first, last = month_of(first), month_of(last)
    approver = approving_committee(member.organization) if member.organization else None
    if approver is None:
        raise DomainError(_("This member's organization has no committee above it to approve a relief."))
    if kind not in ReliefKind.values:
        raise DomainError(_("Please choose reduced or exempt."), field="kind")
    if kind == ReliefKind.REDUCED:
        if amount is None or amount <= ZERO:
            raise DomainError(
                _("Please enter the reduced monthly dues (for no dues at all choose exempt)."), field="amount"
            )
        amount = to_fen(amount)
    else:
        amount = None
    if last < first:
        raise DomainError(_("The last month comes before the first."), field="last")
    if approved_on > clock.today():
        raise DomainError(_("The date of approval cannot be later than today."), field="approved_on")
    rule = rules.rule_on("relief_max_months", first)
    if months_between(first, last) > rule.current():
        raise DomainError(
            _("A relief is approved for at most %(n)s months at a time (%(citation)s).")
            % {"n": rule.current(), "citation": rule.citation},
            field="last",
        )
    with transaction.atomic():
        clash = (
            Relief.objects.select_for_update()
            .filter(member=member, first__lte=last, last__gte=first)
            .order_by("first")
            .first()
        )
        if clash is not None:
            raise DomainError(
                _("The member already has a relief from %(first)s to %(last)s: the periods may not overlap.")
                % {"first": f"{clash.first:%Y-%m}", "last": f"{clash.last:%Y-%m}"},
                field="first",
            )
        relief = Relief.objects.create(
            member=member,
            kind=kind,
            amount=amount,
            first=first,
            last=last,
            approved_by=approver,
            approved_on=approved_on,
            basis=basis,
        )
        updated = MonthlyDues.objects.filter(member=member, month__gte=first, month__lte=last, paid=ZERO).update(
            due=amount or ZERO
        )
        record(
            "dues.relief.granted",
            actor=acting_user,
            target=member,
            organization=approver,
            new={"kind": kind, "first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}", "updated": updated},
        )
    return relief


def roll_without_dues(organization: PartyOrganization, month: dt.date) -> list[Member]:
    """The members who owe for `month` in `organization` and have no row for it yet: before the
    month is computed, everyone; after, those without a base (and anyone who came since)."""
    month = month_of(month)
    ids = [m for m, _org in _roll(month, [organization])]
    have = set(MonthlyDues.objects.filter(month=month, member_id__in=ids).values_list("member_id", flat=True))
    return list(Member.objects.filter(pk__in=set(ids) - have).order_by("name_pinyin"))


# -- bulk (the demo, benchmarks) ----------------------------------------------------------------


def bulk_set_bases(rows: Iterable[DuesBase], *, batch_size: int = 2000) -> int:
    """Write bases in a few statements (the demo's registry, the benchmarks): unsaved `DuesBase`
    rows, each checked as `do_set_base` checks it. Inside the caller's transaction; no audit: a
    bulk load is not a person's act. Returns the number written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_set_bases runs inside the caller's transaction")
    rows = list(rows)
    for row in rows:
        if row.month != month_of(row.month) or row.month > month_of(clock.today()):
            raise ValueError(f"a base counts from a month begun: {row.month}")
        check_base(row.kind, row.base, row.month)
    DuesBase.objects.bulk_create(rows, batch_size=batch_size)
    if connection.vendor == "postgresql" and len(rows) >= ANALYZE_FROM:
        # no autovacuum here: the month's computation reads these by member right after a load
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DuesBase._meta.db_table}")
    return len(rows)


def bulk_grant_reliefs(rows: Iterable[Relief]) -> int:
    """Write approved reliefs (the demo): unsaved `Relief` rows. Inside the caller's
    transaction; months already computed take them at their next computation."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_grant_reliefs runs inside the caller's transaction")
    rows = list(rows)
    for row in rows:
        row.first, row.last = month_of(row.first), month_of(row.last)
    Relief.objects.bulk_create(rows)
    return len(rows)
