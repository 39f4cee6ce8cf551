"""Activity funds: setting a budget and recording or correcting spending against it, each in one
transaction with its audit event. Money is `Decimal` to the fen (`dues.money`).

The balance of a budget (its amount less its spending) never falls below zero: a spending or a
correction beyond it is refused with the balance named, and so is a budget set below what has
been spent (decided: refuse, not warn — overspending funds is not allowed, and a warning a
clerk clicks through would leave a ledger that does not add up)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.uploads import check_attachment
from dues.money import MAX_YUAN, ZERO, FenSum, to_fen
from funds import rules
from funds.models import CATEGORIES, SOURCES, Budget, FundKind, Source, Spending
from members.models import Membership
from orgs.models import PartyOrganization

# Budgets are set for the years around today: last year's (closing its books), this and next.
YEARS_BACK, YEARS_AHEAD = 1, 1


def spent(budget: Budget, *, excluding: Spending | None = None) -> Decimal:
    """What has been spent against `budget` (leaving out one spending being corrected)."""
    rows = Spending.objects.filter(budget=budget)
    if excluding is not None and excluding.pk is not None:
        rows = rows.exclude(pk=excluding.pk)
    return rows.aggregate(total=FenSum("amount"))["total"] or ZERO


def members_on_roll(organization: PartyOrganization, day: dt.date) -> int:
    """Members on the roll of `organization` and the organizations under it on `day`."""
    return Membership.objects.as_of(day).filter(organization__path__startswith=organization.path).count()


def per_member_budget(organization: PartyOrganization, day: dt.date) -> tuple[int, Decimal, Decimal]:
    """(members on the roll on `day`, yuan per member by the local rule, the amount)."""
    count = members_on_roll(organization, day)
    each = to_fen(rules.per_member())
    return count, each, to_fen(each * count)


def check_years(year: int) -> None:
    this = clock.today().year
    if not this - YEARS_BACK <= year <= this + YEARS_AHEAD:
        raise DomainError(
            _("A budget is set for %(first)s to %(last)s.") % {"first": this - YEARS_BACK, "last": this + YEARS_AHEAD},
            field="year",
        )


def _check_amount(amount: Decimal, field: str = "amount") -> Decimal:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0 or amount > MAX_YUAN:
        raise DomainError(_("The amount must lie between 0 and %(max)s yuan.") % {"max": f"{MAX_YUAN:,}"}, field=field)
    if amount != to_fen(amount):
        raise DomainError(_("An amount has at most two decimals (fen)."), field=field)
    return to_fen(amount)


def do_set_budget(
    organization: PartyOrganization,
    *,
    year: int,
    kind: str,
    source: str,
    amount: Decimal | None = None,
    counted_on: dt.date | None = None,
    notes: str = "",
    acting_user: User | None,
) -> Budget:
    """Set (or change) `organization`'s budget for `year`, `kind` and `source`. A per-member
    allocation is reckoned here from the roll on `counted_on` (a day of the year before or of
    the budget's year, not later than today); any other source takes `amount` as typed."""
    check_years(year)
    if kind not in FundKind.values:
        raise DomainError(_("Please choose the kind of funds."), field="kind")
    if source not in SOURCES[kind]:
        raise DomainError(
            _("%(kind)s do not come from “%(source)s”.")
            % {"kind": FundKind(kind).label, "source": Source(source).label if source in Source.values else source},
            field="source",
        )
    per_member: Decimal | None = None
    members: int | None = None
    if source == Source.PER_MEMBER:
        if counted_on is None:
            raise DomainError(_("Please give the day the roll is counted on."), field="counted_on")
        if counted_on > clock.today() or counted_on.year not in (year - 1, year):
            raise DomainError(
                _("The roll is counted on a day of %(before)s or %(year)s, not later than today.")
                % {"before": year - 1, "year": year},
                field="counted_on",
            )
        members, per_member, amount = per_member_budget(organization, counted_on)
    else:
        if amount is None:
            raise DomainError(_("Please enter the budget in yuan."), field="amount")
        amount = _check_amount(amount)
        counted_on = None
    with transaction.atomic():
        existing = (
            Budget.objects.select_for_update()
            .filter(organization=organization, year=year, kind=kind, source=source)
            .first()
        )
        if existing is not None:
            used = spent(existing)
            if amount < used:
                raise DomainError(
                    _("%(used)s yuan of this budget have been spent: it cannot be set to %(amount)s yuan.")
                    % {"used": used, "amount": amount},
                    field="amount",
                )
        old = {"amount": str(existing.amount)} if existing is not None else None
        budget = existing or Budget(organization=organization, year=year, kind=kind, source=source)
        budget.amount = amount
        budget.per_member, budget.members_counted, budget.counted_on = per_member, members, counted_on
        budget.notes = notes
        budget.recorded_by = known_user(acting_user)
        budget.save()
        new: dict[str, object] = {"year": year, "kind": kind, "source": source, "amount": str(amount)}
        if members is not None and counted_on is not None:
            new |= {"members_counted": members, "per_member": str(per_member), "counted_on": counted_on.isoformat()}
        record(
            "funds.budget.set",
            actor=acting_user,
            target=budget,
            organization=organization,
            old=old,
            new=new,
        )
    return budget


def _check_spending(budget: Budget, day: dt.date, category: str, amount: Decimal) -> Decimal:
    if day.year != budget.year:
        raise DomainError(
            _("A spending of the %(year)s budget is dated in %(year)s.") % {"year": budget.year}, field="date"
        )
    if day > clock.today():
        raise DomainError(_("A spending is recorded once made: not on a day to come."), field="date")
    if category not in CATEGORIES[budget.kind].values:
        raise DomainError(
            _("Please choose a category of %(kind)s.") % {"kind": FundKind(budget.kind).label}, field="category"
        )
    amount = _check_amount(amount)
    if amount <= 0:
        raise DomainError(_("A spending is more than 0 yuan."), field="amount")
    return amount


def _check_balance(budget: Budget, amount: Decimal, *, excluding: Spending | None = None) -> None:
    left = budget.amount - spent(budget, excluding=excluding)
    if amount > left:
        raise DomainError(
            _(
                "This spending goes beyond the budget: %(left)s yuan are left of “%(budget)s” and the spending is "
                "%(amount)s yuan. Lower the amount, or raise the budget first."
            )
            % {"left": left, "budget": budget.get_source_display(), "amount": amount},
            field="amount",
        )


def _check_file(upload) -> tuple[str, str]:
    """(name, content type) of an attachment that passes: a PDF, JPEG, PNG or .docx file within
    the local size rule."""
    rule = rules.ATTACHMENT_MAX_MB
    return check_attachment(upload, max_mb=int(rule.current()), citation=rule.citation)


def _keep_file(spending: Spending, upload, checked: tuple[str, str]) -> None:
    name, content_type = checked
    spending.file.save(name, upload, save=False)
    spending.file_name, spending.content_type = name, content_type


def _locked(budget: Budget) -> Budget:
    """The budget, locked until the transaction ends: two spendings recorded at once cannot both
    take the last of the balance."""
    return Budget.objects.select_for_update().get(pk=budget.pk)


def do_record_spending(
    budget: Budget,
    *,
    date: dt.date,
    category: str,
    amount: Decimal,
    purpose: str,
    upload=None,
    acting_user: User | None,
) -> Spending:
    """Record a spending against `budget`: within its year, not later than today, in a category
    of its kind, at most its balance; `upload` an optional PDF, JPEG, PNG or .docx file."""
    amount = _check_spending(budget, date, category, amount)
    checked = _check_file(upload) if upload is not None else None  # before anything is written
    with transaction.atomic():
        budget = _locked(budget)
        _check_balance(budget, amount)
        spending = Spending(
            budget=budget,
            date=date,
            category=category,
            amount=amount,
            purpose=purpose,
            recorded_by=known_user(acting_user),
        )
        if checked is not None:
            _keep_file(spending, upload, checked)
        spending.save()
        record(
            "funds.spending.recorded",
            actor=acting_user,
            target=spending,
            organization=budget.organization,
            new={
                "date": date.isoformat(),
                "category": category,
                "amount": str(amount),
                "purpose": purpose,
                **({"file_name": spending.file_name} if checked is not None else {}),
            },
        )
    return spending


def do_correct_spending(
    spending: Spending,
    *,
    date: dt.date,
    category: str,
    amount: Decimal,
    purpose: str,
    upload=None,
    remove_file: bool = False,
    acting_user: User | None,
) -> Spending:
    """Correct a spending as it was made (its budget stays): the same checks as recording, the
    balance counted without its old amount. A new file replaces the old one; `remove_file`
    takes it away. A replaced or removed file is deleted once the correction is committed."""
    budget = spending.budget
    amount = _check_spending(budget, date, category, amount)
    checked = _check_file(upload) if upload is not None else None
    fields = ("date", "category", "amount", "purpose", "file_name")
    with transaction.atomic():
        budget = _locked(budget)
        _check_balance(budget, amount, excluding=spending)
        before = {f: getattr(spending, f) for f in fields}
        old_file = spending.file.name or ""
        spending.date, spending.category, spending.amount, spending.purpose = date, category, amount, purpose
        if checked is not None:
            _keep_file(spending, upload, checked)
        elif remove_file and old_file:
            spending.file, spending.file_name, spending.content_type = "", "", ""
        spending.recorded_by = known_user(acting_user)
        spending.save()
        after = {f: getattr(spending, f) for f in fields}
        changed = [f for f in fields if before[f] != after[f]]
        record(
            "funds.spending.corrected",
            actor=acting_user,
            target=spending,
            organization=budget.organization,
            old={f: _plain(before[f]) for f in changed},
            new={f: _plain(after[f]) for f in changed},
        )
        if old_file and (checked is not None or remove_file):
            storage = spending.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return spending


def _plain(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
