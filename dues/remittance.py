"""Dues handed up the tree (党费上缴) and the annual accounts: the only writer of `Remittance`.

Who remits to whom. The organizations that keep a dues account are the kinds the local rule
`kept_share_percent` lists (branches, temporary branches, organ party committees, party
committees, the working committee). Each remits to the nearest committee above it — a party
committee, an organ party committee or the working committee: `orgs.queries.approving_committee`,
the superior that approves its admissions. A general branch keeps no account: it holds no members
(they are held in its branches) and approves nothing, so its branches remit past it to the
committee above. The working committee remits to the district organization department, outside
the system (`receiver` None): that remittance has no receipt to confirm here. The receiver is
fixed when the remittance is made.

What is remitted. A month's remittance collects the organization's own members' dues paid and
their voluntary extras for that month and the remittances of the organizations below for that
month that its officer has confirmed. Those awaiting confirmation hold it back: `do_remit`
refuses until they are confirmed (or it would leave money received but not counted); those not
yet sent do not — the month page lists them, and when they come they are remitted in a further
part of the month, as are dues paid late. Voluntary payments of 1,000 yuan or more (第十一条)
are passed up whole at every level (`to_centre`); of the rest the organization keeps the rule's
share, rounded half up to the fen, and remits the remainder, so kept + remitted = collected
exactly at every level and the sums reconcile to the fen.

Confirming. The receiver's officer confirms the receipt with its day; the user who made the
remittance cannot confirm it (the two sides are kept apart, as in the elections)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from core import clock
from core.errors import DomainError
from dues import rules
from dues.models import MonthlyDues, Remittance, month_of
from dues.money import ZERO, FenSum, to_fen
from orgs.models import OrgKind, PartyOrganization

# The kinds a dues account passes through on its way up (orgs.queries.approving_committee).
COMMITTEE_KINDS = frozenset({OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE})


def keeps_account(org: PartyOrganization, month: dt.date) -> bool:
    return rules.kept_share(org.kind, month) is not None


def receiver_of(org: PartyOrganization) -> PartyOrganization | None:
    """Where `org` remits: the nearest committee above it; None for the working committee (the
    district organization department, outside the system) and at the top."""
    if org.kind == OrgKind.WORKING_COMMITTEE:
        return None
    for ancestor in PartyOrganization.objects.get_ancestors(org).order_by("-depth"):
        if ancestor.kind in COMMITTEE_KINDS:
            return ancestor
    return None


def remitting_below(org: PartyOrganization, month: dt.date) -> list[PartyOrganization]:
    """The organizations that remit to `org` (one query over its subtree): those keeping an
    account whose nearest committee above is `org`, in tree order. Dissolved ones are kept when
    they were there in `month`."""
    if org.kind not in COMMITTEE_KINDS:
        return []
    subtree = list(
        PartyOrganization.objects.filter(path__startswith=org.path, depth__gt=org.depth)
        .filter(Q(dissolved__isnull=True) | Q(dissolved__gte=month))
        .order_by("path")
    )
    committees = {o.path for o in subtree if o.kind in COMMITTEE_KINDS}
    found = []
    for o in subtree:
        if not keeps_account(o, month):
            continue
        # the nearest committee between `org` and `o`: none means `o` remits to `org`
        step = PartyOrganization.steplen
        between = [o.path[:n] for n in range(len(org.path) + step, len(o.path), step)]
        if not any(p in committees for p in between):
            found.append(o)
    return found


# -- what a month holds ------------------------------------------------------------------------


@dataclass
class Pending:
    """What `do_remit` would write now for an organization's month."""

    from_members: Decimal = ZERO
    from_below: Decimal = ZERO
    to_centre: Decimal = ZERO
    share: Decimal = ZERO
    counted: list[Remittance] = field(default_factory=list)

    @property
    def collected(self) -> Decimal:
        return self.from_members + self.from_below

    @property
    def kept(self) -> Decimal:
        return to_fen((self.collected - self.to_centre) * self.share)

    @property
    def remitted(self) -> Decimal:
        return self.collected - self.kept


def _members_month(org: PartyOrganization, month: dt.date) -> tuple[Decimal, Decimal]:
    """(paid and extras, extras of 1,000 yuan or more) of `org`'s own members for `month`."""
    rows = MonthlyDues.objects.filter(organization=org, month=month)
    found = rows.aggregate(paid=FenSum("paid"), extra=FenSum("extra"))
    threshold = rules.amount("voluntary_to_centre", month)
    large = rows.filter(extra__gte=threshold).aggregate(extra=FenSum("extra"))["extra"] or ZERO
    return (found["paid"] or ZERO) + (found["extra"] or ZERO), large


def pending(org: PartyOrganization, month: dt.date) -> Pending:
    """What `org` has for `month` that no remittance of it holds yet."""
    month = month_of(month)
    share = rules.kept_share(org.kind, month)
    if share is None:
        return Pending()
    members, large = _members_month(org, month)
    earlier = list(Remittance.objects.filter(organization=org, month=month))
    earlier_members = sum((r.from_members for r in earlier), ZERO)
    # the own members' part of the earlier parts' to_centre: their to_centre less what came from below
    below_centre = Remittance.objects.filter(counted_in__in=earlier).aggregate(c=FenSum("to_centre"))["c"] or ZERO
    earlier_large = sum((r.to_centre for r in earlier), ZERO) - below_centre
    counted = list(
        Remittance.objects.filter(receiver=org, month=month, received_on__isnull=False, counted_in__isnull=True)
        .select_related("organization")
        .order_by("organization__path", "part")
    )
    return Pending(
        from_members=members - earlier_members,
        from_below=sum((r.remitted for r in counted), ZERO),
        to_centre=large - earlier_large + sum((r.to_centre for r in counted), ZERO),
        share=share,
        counted=counted,
    )


def awaiting_confirmation(org: PartyOrganization, month: dt.date | None = None) -> QuerySet[Remittance]:
    """Remittances to `org` not yet confirmed (of `month`, or all)."""
    rows = Remittance.objects.filter(receiver=org, received_on__isnull=True)
    if month is not None:
        rows = rows.filter(month=month_of(month))
    return rows.select_related("organization", "remitted_by").order_by("month", "organization__path", "part")


# -- the services ------------------------------------------------------------------------------


def do_remit(organization: PartyOrganization, month: dt.date, *, day: dt.date, acting_user: User | None) -> Remittance:
    """Remit `organization`'s dues of `month` not remitted yet to its superior, on `day`."""
    month = month_of(month)
    if day > clock.today():
        raise DomainError(_("The day of remitting cannot be later than today."), field="day")
    if day < month:
        raise DomainError(
            _("Dues of %(month)s are remitted from that month on, not before.") % {"month": f"{month:%Y-%m}"},
            field="day",
        )
    if not keeps_account(organization, month):
        raise DomainError(
            _("A %(kind)s keeps no dues account: its branches remit to the committee above it.")
            % {"kind": organization.get_kind_display()}
        )
    with transaction.atomic():
        # one remitter of an organization's month at a time: the parts are numbered in turn
        PartyOrganization.objects.select_for_update().filter(pk=organization.pk).first()
        waiting = list(awaiting_confirmation(organization, month))
        if waiting:
            raise DomainError(
                _(
                    "Confirm the receipt of the remittances of %(month)s from %(names)s first: "
                    "they are counted once confirmed."
                )
                % {"month": f"{month:%Y-%m}", "names": "、".join(sorted({r.organization.name for r in waiting}))}
            )
        found = pending(organization, month)
        if found.from_members < 0:
            raise DomainError(
                _(
                    "The dues recorded for %(month)s are lower than what was remitted for it: "
                    "correct the payments first."
                )
                % {"month": f"{month:%Y-%m}"}
            )
        if found.collected == ZERO:
            raise DomainError(
                _("Nothing to remit for %(month)s: no dues have come in since the last remittance.")
                % {"month": f"{month:%Y-%m}"}
            )
        part = Remittance.objects.filter(organization=organization, month=month).count() + 1
        row = Remittance.objects.create(
            organization=organization,
            receiver=receiver_of(organization),
            month=month,
            part=part,
            from_members=found.from_members,
            from_below=found.from_below,
            collected=found.collected,
            to_centre=found.to_centre,
            share=found.share,
            kept=found.kept,
            remitted=found.remitted,
            remitted_on=day,
            remitted_by=acting_user,
        )
        Remittance.objects.filter(pk__in=[r.pk for r in found.counted]).update(counted_in=row)
        record(
            "dues.remittance.sent",
            actor=acting_user,
            target=row,
            organization=organization,
            new={
                "month": month.strftime("%Y-%m"),
                "part": part,
                "collected": f"{row.collected:.2f}",
                "kept": f"{row.kept:.2f}",
                "remitted": f"{row.remitted:.2f}",
                "to_centre": f"{row.to_centre:.2f}",
                "receiver": row.receiver.name if row.receiver else "",
            },
        )
    return row


def do_confirm_receipt(remittance: Remittance, *, day: dt.date, acting_user: User | None) -> Remittance:
    """The receiver confirms it received `remittance` on `day` (not the user who remitted it)."""
    if remittance.receiver_id is None:
        raise DomainError(_("This remittance went outside the system: there is no receipt to confirm here."))
    if day > clock.today():
        raise DomainError(_("The day of receipt cannot be later than today."), field="day")
    if day < remittance.remitted_on:
        raise DomainError(
            _("The day of receipt cannot be earlier than the day it was remitted (%(day)s).")
            % {"day": remittance.remitted_on.isoformat()},
            field="day",
        )
    if acting_user is not None and remittance.remitted_by_id == acting_user.pk:
        raise DomainError(_("You remitted these dues: the receipt is confirmed by another officer of the receiver."))
    with transaction.atomic():
        row = Remittance.objects.select_for_update().get(pk=remittance.pk)
        if row.received_on is not None:
            raise DomainError(
                _("This remittance was confirmed already on %(day)s.") % {"day": row.received_on.isoformat()}
            )
        row.received_on, row.confirmed_by = day, acting_user
        row.save(update_fields=["received_on", "confirmed_by"])
        assert row.receiver is not None  # noqa: S101 (checked above)
        record(
            "dues.remittance.confirmed",
            actor=acting_user,
            target=row,
            organization=row.receiver,
            new={"month": row.month.strftime("%Y-%m"), "part": row.part, "remitted": f"{row.remitted:.2f}"},
        )
    return row


# -- the accounts ------------------------------------------------------------------------------


@dataclass
class AccountLine:
    month: dt.date
    from_members: Decimal = ZERO
    from_below: Decimal = ZERO
    collected: Decimal = ZERO
    to_centre: Decimal = ZERO
    kept: Decimal = ZERO
    remitted: Decimal = ZERO
    parts: int = 0
    confirmed: bool = True


AMOUNTS = ("from_members", "from_below", "collected", "to_centre", "kept", "remitted")


def account(org: PartyOrganization, year: int) -> dict:
    """`org`'s account of `year`: per month what it collected (from its members, from below),
    kept and remitted, and the year's totals; `kept` is the year's kept dues, whose spending
    the activity funds record."""
    lines = [AccountLine(month=dt.date(year, m, 1)) for m in range(1, 13)]
    for row in Remittance.objects.filter(organization=org, month__year=year):
        line = lines[row.month.month - 1]
        for name in AMOUNTS:
            setattr(line, name, getattr(line, name) + getattr(row, name))
        line.parts += 1
        line.confirmed = line.confirmed and (row.receiver_id is None or row.received_on is not None)
    totals = {name: sum((getattr(line, name) for line in lines), ZERO) for name in AMOUNTS}
    return {"organization": org, "year": year, "lines": lines, "totals": totals}


@dataclass
class SubtreeLine:
    organization: PartyOrganization
    collected: Decimal = ZERO
    kept: Decimal = ZERO
    remitted: Decimal = ZERO
    received: Decimal = ZERO  # of `remitted`, what its receiver confirmed
    months: set = field(default_factory=set)


def subtree_account(org: PartyOrganization, year: int) -> dict:
    """The committee's year for its subtree: per organization that remitted (in tree order), the
    year's collected, kept, remitted and what of it the receiver confirmed; the totals of the
    dues paid by the subtree's members, the dues kept in it and what left it."""
    lines: dict[int, SubtreeLine] = {}
    rows = (
        Remittance.objects.filter(month__year=year, organization__path__startswith=org.path)
        .select_related("organization")
        .order_by("organization__path")
    )
    for row in rows:
        line = lines.setdefault(row.organization_id, SubtreeLine(row.organization))
        line.collected += row.collected
        line.kept += row.kept
        line.remitted += row.remitted
        line.received += row.remitted if row.received_on else ZERO
        line.months.add(row.month.month)
    members = MonthlyDues.objects.filter(month__year=year, organization__path__startswith=org.path).aggregate(
        paid=FenSum("paid"), extra=FenSum("extra")
    )
    out = sum((r.remitted for r in rows if not _inside(r.receiver, org)), ZERO) if lines else ZERO
    return {
        "organization": org,
        "year": year,
        "lines": list(lines.values()),
        "paid": (members["paid"] or ZERO) + (members["extra"] or ZERO),
        "kept": sum((line.kept for line in lines.values()), ZERO),
        "out": out,
        "to_centre": sum((r.to_centre for r in rows if not _inside(r.receiver, org)), ZERO),
    }


def _inside(receiver: PartyOrganization | None, org: PartyOrganization) -> bool:
    return receiver is not None and receiver.path.startswith(org.path)


def remitted_and_received(year: int, month: int | None, within: QuerySet[PartyOrganization] | None) -> dict:
    """For `manage.py dues --json`: `remitted`, what the scope's organizations remitted out of it
    (to a receiver outside `within`, or outside the system); `received`, what its organizations
    received from those below them and confirmed. Everywhere (`within` None): what the top
    remitted out of the system, and every receipt confirmed. Months are the dues' months."""
    rows = Remittance.objects.filter(month__year=year)
    if month is not None:
        rows = rows.filter(month__month=month)
    if within is None:
        remitted = rows.filter(receiver__isnull=True)
        received = rows.filter(received_on__isnull=False)
    else:
        remitted = rows.filter(organization__in=within).exclude(receiver__in=within)
        received = rows.filter(receiver__in=within, received_on__isnull=False)
    return {
        "remitted": remitted.aggregate(s=FenSum("remitted"))["s"] or ZERO,
        "received": received.aggregate(s=FenSum("remitted"))["s"] or ZERO,
    }


def month_status(org: PartyOrganization, month: dt.date) -> dict:
    """An organization's month for its page: its members' dues, each organization below with
    its remittances of the month, its own remittances and what remitting now would write."""
    month = month_of(month)
    below = remitting_below(org, month)
    received: dict[int, list[Remittance]] = defaultdict(list)
    for row in Remittance.objects.filter(receiver=org, month=month).order_by("part"):
        received[row.organization_id].append(row)
    rows = MonthlyDues.objects.filter(organization=org, month=month)
    members = rows.aggregate(due=FenSum("due"), paid=FenSum("paid"), extra=FenSum("extra"))
    return {
        "organization": org,
        "month": month,
        "keeps_account": keeps_account(org, month),
        "receiver": receiver_of(org),
        "members": {
            "count": rows.count(),
            "settled": sum(1 for due, paid in rows.values_list("due", "paid") if paid >= due),
            "due": members["due"] or ZERO,
            "paid": members["paid"] or ZERO,
            "extra": members["extra"] or ZERO,
        },
        "below": [(o, received.get(o.pk, [])) for o in below],
        "sent": list(Remittance.objects.filter(organization=org, month=month).order_by("part")),
        "pending": pending(org, month),
        "waiting": [r for rs in received.values() for r in rs if r.received_on is None],
    }
