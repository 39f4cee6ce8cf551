"""Party dues in arrears (党费欠交) as a branch's work: a member behind `arrears_reminder_months`
consecutive months (3, a local rule) gets a reminder to-do for the branch that holds them; one
behind `lapse_months` (6, the Party Constitution's 第九条) is listed with their organizational
life in those months for the branch's decision. Nothing is decided here: whether a member is
regarded as having given up membership (自行脱党) is the branch's judgement, recorded as the
to-do's outcome.

The months counted end with the last month before the run's day (the month under way is not
yet late). A run is named by its member and its first unpaid month, so the daily run makes each
to-do once; an open to-do follows its run as it grows and is done when every month it names is
settled (paid ≥ due) — at once when the payments are recorded (`close_settled`, receiver of
`dues.signals.payments_recorded`), or at the next run when a relief or a recomputed base
settled them. `dues` sits below `orglife` and `work` and reads neither: the organizational life
of the period is read here."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import record
from core.i18n import format_lazy, stored
from core.periods import add_months
from dues import rules
from dues.models import MonthlyDues, month_of
from members.models import Member
from orglife.models import Attendance, AttendanceStatus
from orgs.models import PartyOrganization
from work.models import ItemKind, ItemStatus, WorkItem

# How far back a run is followed: its first month names the to-do, so it must not move while
# the run lasts (two years of dues unpaid is far past every rule's threshold).
LOOK_BACK_MONTHS = 24
KINDS = (ItemKind.DUES_ARREARS, ItemKind.DUES_LAPSE)
CHUNK = 200


@dataclass
class Run:
    member_id: int
    organization_id: int  # the branch that held the member in the run's last month
    first: dt.date
    last: dt.date

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


@dataclass
class Record:
    """A member's organizational life over a run's months: the meetings of their branch in that
    period that marked them, by how they were marked."""

    meetings: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0


@dataclass
class Candidate:
    member: Member
    run: Run
    life: Record = field(default_factory=Record)


def last_month_due(day: dt.date) -> dt.date:
    """The last month whose dues are late on `day`: the one before the month under way."""
    return add_months(month_of(day), -1)


def runs(month: dt.date, *, minimum: int, organizations=None) -> list[Run]:
    """Members whose months up to `month` (inclusive) are unpaid (paid < due) for at least
    `minimum` consecutive months, with each run's first month; a month settled, not owed or not
    recorded ends the run. `organizations`: only rows of these (a branch's page)."""
    month = month_of(month)
    rows = MonthlyDues.objects.filter(
        month__gte=add_months(month, -(LOOK_BACK_MONTHS - 1)), month__lte=month, paid__lt=F("due")
    )
    if organizations is not None:
        rows = rows.filter(organization__in=organizations)
    unpaid: dict[int, set[dt.date]] = defaultdict(set)
    holder: dict[int, int] = {}
    for member_id, m, organization_id in rows.values_list("member_id", "month", "organization_id"):
        unpaid[member_id].add(m)
        if m == month:
            holder[member_id] = organization_id
    found = []
    for member_id, organization_id in holder.items():
        first = month
        while add_months(first, -1) in unpaid[member_id]:
            first = add_months(first, -1)
        run = Run(member_id, organization_id, first, month)
        if run.months >= minimum:
            found.append(run)
    return sorted(found, key=lambda r: (r.organization_id, r.first, r.member_id))


def life_records(pairs: list[tuple[int, dt.date, dt.date]]) -> dict[int, Record]:
    """member id → their attendance at meetings between the first day of `first` and the last
    day of `last` (each pair: member id, first month, last month)."""
    found: dict[int, Record] = defaultdict(Record)
    rows = []
    for start in range(0, len(pairs), CHUNK):  # an OR of a few hundred terms at most (SQLite's depth)
        q = Q(pk__in=[])
        for member_id, first, last in pairs[start : start + CHUNK]:
            q |= Q(member_id=member_id, meeting__date__gte=first, meeting__date__lt=add_months(last, 1))
        rows += Attendance.objects.filter(q).values("member_id", "status").annotate(n=Count("pk"))
    for row in rows:
        record_ = found[row["member_id"]]
        record_.meetings += row["n"]
        if row["status"] == AttendanceStatus.PRESENT:
            record_.present += row["n"]
        elif row["status"] == AttendanceStatus.EXCUSED:
            record_.excused += row["n"]
        else:
            record_.absent += row["n"]
    return found


def lapse_candidates(organization: PartyOrganization, month: dt.date) -> list[Candidate]:
    """The members of `organization` (and the organizations below it) unpaid for at least the
    lapse rule's consecutive months up to `month`, each with their organizational life in those
    months: the list a branch decides on (never automatically)."""
    lapse = rules.rule_on("lapse_months", month).current()
    below = PartyOrganization.objects.filter(path__startswith=organization.path)
    found = runs(month, minimum=lapse, organizations=below)
    members = Member.objects.in_bulk([r.member_id for r in found])
    lives = life_records([(r.member_id, r.first, r.last) for r in found])
    return [Candidate(members[r.member_id], r, lives.get(r.member_id, Record())) for r in found]


# -- the reminders ------------------------------------------------------------------------------


def key(kind: str, member_id: int, first: dt.date) -> str:
    return f"{kind}:{member_id}:{first:%Y-%m}"


def _months(first: dt.date, last: dt.date) -> str:
    return f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}—{last:%Y-%m}"


def _arrears_item(run: Run, member: Member, day: dt.date) -> WorkItem:
    remind = rules.rule_on("arrears_reminder_months", run.last)
    return WorkItem(
        source_key=key(ItemKind.DUES_ARREARS, run.member_id, run.first),
        kind=ItemKind.DUES_ARREARS,
        title=stored(
            format_lazy(
                gettext_lazy("Comrade %(name)s has not paid party dues since %(first)s: please remind them"),
                name=member.name,
                first=f"{run.first:%Y-%m}",
            )
        ),
        description=stored(
            format_lazy(
                gettext_lazy(
                    "Dues unpaid for %(n)s consecutive months (%(months)s); a reminder is due from %(limit)s months "
                    "(%(citation)s). Record the payment on the branch's dues page: this to-do is done when the "
                    "months are paid."
                ),
                n=run.months,
                months=_months(run.first, run.last),
                limit=remind.current(),
                citation=remind.citation,
            )
        ),
        organization_id=run.organization_id,
        due_date=day,
        payload={"member": run.member_id, "first": run.first.isoformat(), "last": run.last.isoformat()},
    )


def _lapse_item(run: Run, member: Member, life: Record, day: dt.date) -> WorkItem:
    lapse = rules.rule_on("lapse_months", run.last)
    return WorkItem(
        source_key=key(ItemKind.DUES_LAPSE, run.member_id, run.first),
        kind=ItemKind.DUES_LAPSE,
        title=stored(
            format_lazy(
                gettext_lazy(
                    "Comrade %(name)s has paid no party dues for %(n)s consecutive months: for the branch's decision"
                ),
                name=member.name,
                n=run.months,
            )
        ),
        description=stored(
            format_lazy(
                gettext_lazy(
                    "Dues unpaid %(months)s. A member who without good reason pays no dues for %(limit)s consecutive "
                    "months is regarded as having given up membership (%(citation)s): the branch finds out the "
                    "reasons, talks with the member and decides; nothing is done automatically. Organizational life "
                    "in these months: %(meetings)s meetings that marked the member, present at %(present)s, excused "
                    "from %(excused)s, absent from %(absent)s. Record the branch's decision as this to-do's outcome; "
                    "it is also done when the months are paid."
                ),
                months=_months(run.first, run.last),
                limit=lapse.current(),
                citation=lapse.citation,
                meetings=life.meetings,
                present=life.present,
                excused=life.excused,
                absent=life.absent,
            )
        ),
        organization_id=run.organization_id,
        due_date=day,
        payload={
            "member": run.member_id,
            "first": run.first.isoformat(),
            "last": run.last.isoformat(),
            "meetings": life.meetings,
            "present": life.present,
            "excused": life.excused,
            "absent": life.absent,
        },
    )


def arrears_reminders(day: dt.date) -> dict[str, int]:
    """The daily run: open dues to-dos whose months are settled are done; open ones follow
    their run's last month; new runs past the thresholds get theirs (once per run)."""
    closed = _close_settled(WorkItem.objects.filter(kind__in=KINDS, status=ItemStatus.OPEN), acting_user=None)
    month = last_month_due(day)
    remind = rules.rule_on("arrears_reminder_months", month).current()
    lapse = rules.rule_on("lapse_months", month).current()
    found = runs(month, minimum=remind)
    by_key = {
        item.source_key: item
        for item in WorkItem.objects.filter(
            source_key__in=[key(kind, r.member_id, r.first) for r in found for kind in KINDS]
        )
    }
    wanted = []
    for run in found:
        for kind, minimum in ((ItemKind.DUES_ARREARS, remind), (ItemKind.DUES_LAPSE, lapse)):
            if run.months < minimum:
                continue
            item = by_key.get(key(kind, run.member_id, run.first))
            if item is None:
                wanted.append((kind, run))
            elif item.status == ItemStatus.OPEN and item.payload.get("last") != run.last.isoformat():
                item.payload["last"] = run.last.isoformat()
                item.save(update_fields=["payload"])
    members = Member.objects.in_bulk([r.member_id for _k, r in wanted])
    lives = life_records([(r.member_id, r.first, r.last) for k, r in wanted if k == ItemKind.DUES_LAPSE])
    created = {ItemKind.DUES_ARREARS.value: 0, ItemKind.DUES_LAPSE.value: 0}
    for kind, run in wanted:
        member = members[run.member_id]
        if kind == ItemKind.DUES_ARREARS:
            item = _arrears_item(run, member, day)
        else:
            item = _lapse_item(run, member, lives.get(run.member_id, Record()), day)
        item.save()
        created[kind] += 1
        record(
            f"work.reminder.{kind}",
            actor=None,
            target=item,
            organization=item.organization,
            new={"member": run.member_id, "first": run.first.isoformat(), "months": run.months},
        )
    return {**created, "dues_closed": closed}


def _close_settled(items, *, acting_user: User | None) -> int:
    """Close the dues to-dos among `items` whose months are all settled now."""
    items = list(items)
    unpaid = defaultdict(set)
    for start in range(0, len(items), CHUNK):
        q = Q(pk__in=[])
        for item in items[start : start + CHUNK]:
            p = item.payload
            q |= Q(member_id=p["member"], month__gte=p["first"], month__lte=p["last"])
        for member_id, m in MonthlyDues.objects.filter(q, paid__lt=F("due")).values_list("member_id", "month"):
            unpaid[member_id].add(m)
    closed = 0
    for item in items:
        first, last = dt.date.fromisoformat(item.payload["first"]), dt.date.fromisoformat(item.payload["last"])
        if any(first <= m <= last for m in unpaid[item.payload["member"]]):
            continue
        item.status, item.closed_at = ItemStatus.DONE, timezone.now()
        item.outcome = stored(
            format_lazy(gettext_lazy("The dues of %(months)s are paid."), months=_months(first, last))
        )
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"outcome": item.outcome},
        )
        closed += 1
    return closed


def close_settled(sender, *, member_ids, acting_user: User | None = None, **kwargs) -> None:
    """Receiver of `dues.signals.payments_recorded` (inside the payments' transaction): the
    open dues to-dos of those members whose months are now all paid are done."""
    # open dues to-dos are few (a district's members behind): read them plainly and lock only
    # those of these members, rather than ask the database to look into every payload
    paying = set(member_ids)
    mine = [
        pk
        for pk, payload in WorkItem.objects.filter(kind__in=KINDS, status=ItemStatus.OPEN).values_list("pk", "payload")
        if payload.get("member") in paying
    ]
    if mine:
        _close_settled(WorkItem.objects.select_for_update().filter(pk__in=mine), acting_user=acting_user)
