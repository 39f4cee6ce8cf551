"""The demo's party dues for 2026, up to today's month: every member's base (plausible for their
post — leading cadres 7,000–12,000 yuan, other staff 4,000–7,000, retired members' pensions
3,000–8,000, a few students or unemployed at the flat amount; about one in ten with a new wage
from July), each month computed through `dues.services.do_compute_month` and paid branch by
branch through `do_record_payments` (payroll, transfer or cash, by branch), except:

- a few members in arrears: some 3–5 months up to last month, three 6 months or more (among
  those who have also stayed away from organizational life since spring, when there are such);
  one of each in the demo secretary's branch, so the 支部书记 account sees the to-dos;
- a few exempted or reduced by a relief the branch decided and the organization above approved;
- one voluntary extra of 2,000 yuan (第十一条: 1,000 or more goes wholly to the centre).

Then the arrears reminders are made (`work.arrears`). The month under way is paid only by
branches whose pay day has come. Bases and reliefs go in through the dues bulk primitives
(no audit: a load, not a person's act); payments through the service a treasurer's page calls.

With `--scale N` above 1 only the first copy of the district gets dues (`organizations`): the
other copies would multiply the seeding time by N for no new kind of record; the benchmark
(`bench.dues`) computes a month for every member."""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q

from core import clock
from core.periods import add_months
from dues.models import DuesBase, MonthlyDues, PayerKind, PaymentWay, Relief, ReliefKind, month_of
from dues.services import bulk_grant_reliefs, bulk_set_bases, do_compute_month, do_record_payments
from members.models import Member, Membership, Status
from orglife.models import Attendance, AttendanceStatus
from orgs.models import PartyOrganization
from work.arrears import arrears_reminders, last_month_due

YEAR = 2026
RAISE_FROM = dt.date(YEAR, 7, 1)  # a new wage counts from the month it is paid (第十条)
EXTRA = Decimal("2000.00")
# the builder's retired members are 60 or older on its anchor day (2026-11-01), the others younger
RETIRED_BORN_BY = dt.date(YEAR - 60, 11, 1)
WAYS = [PaymentWay.PAYROLL] * 6 + [PaymentWay.TRANSFER] * 3 + [PaymentWay.CASH]
RELIEF_BASIS = [
    "本人患重大疾病，家庭经济困难，经支部大会讨论，报上级党组织批准免交",
    "配偶长期住院，家庭生活困难，经支部委员会研究，报上级党组织批准免交",
    "因灾致困，经支部大会讨论，报上级党组织批准少交",
]


def _yuan(rng: random.Random, low: int, high: int) -> Decimal:
    """A monthly amount between `low` and `high` yuan, to the fen."""
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def build(
    organizations: list[int] | None,
    *,
    seed: int,
    secretary_branch: int | None = None,
    keep: frozenset[int] = frozenset(),
) -> dict[str, int]:
    """Dues for the members held by `organizations` (None: every member on the roll); `keep`:
    members no arrears is drawn for (the demo accounts' own). Returns counts for the log."""
    rng = random.Random(seed)
    today = clock.today()
    months = [dt.date(YEAR, m, 1) for m in range(1, 13) if dt.date(YEAR, m, 1) <= month_of(today)]
    if not months:
        return {"months": 0}
    start, end = months[0], min(today, dt.date(YEAR, 12, 31))
    held = Membership.objects.overlapping(start, end).filter(member__status=Status.ACTIVE)
    if organizations is not None:
        held = held.filter(organization_id__in=organizations)
    member_ids = set(held.values_list("member_id", flat=True))
    people = list(
        Member.objects.filter(pk__in=member_ids)
        .order_by("pk")
        .values_list("pk", "birth_date", "join_date", "is_leading_cadre", "organization_id")
    )

    # -- bases ---------------------------------------------------------------------------------
    plain = [p for p in people if not p[3] and p[1] > dt.date(YEAR - 55, 1, 1) and p[0] not in keep]
    flat = {p[0] for p in rng.sample(plain, min(8, len(plain)))}
    bases = []
    for pk, birth, joined, cadre, _org in people:
        first = max(start, month_of(joined))
        if pk in flat:
            bases.append(DuesBase(member_id=pk, month=first, kind=PayerKind.FLAT, amount="0"))
            continue
        if birth <= RETIRED_BORN_BY:
            kind, amount = PayerKind.RETIRED, _yuan(rng, 3000, 8000)
        elif cadre:
            kind, amount = PayerKind.WAGE, _yuan(rng, 7000, 12000)
        else:
            kind, amount = PayerKind.WAGE, _yuan(rng, 4000, 7000)
        bases.append(DuesBase(member_id=pk, month=first, kind=kind, amount=str(amount)))
        if kind == PayerKind.WAGE and first < RAISE_FROM <= months[-1] and rng.random() < 0.1:
            raised = amount + _yuan(rng, 200, 800)
            bases.append(DuesBase(member_id=pk, month=RAISE_FROM, kind=kind, amount=str(raised)))
    bulk_set_bases(bases)

    # -- reliefs: the branch decides, the organization above approves ---------------------------
    by_org = {p[0]: p[4] for p in people}
    retired = [p[0] for p in people if p[1] <= dt.date(YEAR - 70, 12, 31) and p[0] not in keep]
    exempt = rng.sample(retired, min(4, len(retired)))
    reduced = rng.sample([p for p in retired if p not in exempt], min(1, max(0, len(retired) - len(exempt))))
    superiors = _superiors({by_org[pk] for pk in exempt + reduced})
    reliefs = [
        Relief(
            member_id=pk,
            kind=ReliefKind.EXEMPT if pk in exempt else ReliefKind.REDUCED,
            amount=None if pk in exempt else Decimal("1.00"),
            first=dt.date(YEAR, 3, 1),
            last=dt.date(YEAR, 12, 1),
            approved_by_id=superiors[by_org[pk]],
            approved_on=dt.date(YEAR, 2, 26),
            basis=RELIEF_BASIS[2] if pk in reduced else rng.choice(RELIEF_BASIS[:2]),
        )
        for pk in exempt + reduced
        if superiors.get(by_org[pk])
    ]
    bulk_grant_reliefs(reliefs)

    # -- the months ------------------------------------------------------------------------------
    scope = None if organizations is None else PartyOrganization.objects.filter(pk__in=organizations)
    computed = defaultdict(int)
    for month in months:
        for name, n in do_compute_month(month, organizations=scope).items():
            computed[name] += n

    # -- who does not pay what: the arrears, each ending with last month ------------------------
    last = min(last_month_due(today), months[-1])
    candidates = [p[0] for p in people if p[0] not in keep and p[0] not in flat and p[0] not in exempt]
    rng.shuffle(candidates)
    lapsing = _stayed_away(candidates, months[0])[:2]
    lapsing += [pk for pk in candidates if pk not in lapsing][: 2 - len(lapsing)]
    behind = {pk: rng.randint(6, 8) for pk in lapsing}
    for pk in candidates:
        if len(behind) >= 15:
            break
        behind.setdefault(pk, rng.randint(3, 5))
    if secretary_branch is not None:  # the demo secretary's branch has one of each to show
        own = [pk for pk in candidates if by_org.get(pk) == secretary_branch and pk not in behind]
        for pk, n in zip(own, (4, 6), strict=False):
            behind[pk] = n
    # a member behind pays nothing from the run's first month on (the month under way included)
    unpaid = {(pk, m) for pk, n in behind.items() for m in months if m >= add_months(last, 1 - n)}

    # -- payments, branch by branch and month by month -----------------------------------------
    dues = list(
        MonthlyDues.objects.filter(month__in=months, member_id__in=member_ids)
        .order_by("organization_id", "month", "member_id")
        .values_list("member_id", "organization_id", "month", "due")
    )
    gift_month = min(dt.date(YEAR, 7, 1), last)  # “七一”, a veteran's gift
    owing = {pk for pk, _o, m, due in dues if m == gift_month and due}
    volunteer = next((pk for pk in retired if pk in owing and pk not in behind and pk not in reduced), None)
    rows: dict[tuple[int, dt.date], dict[int, Decimal]] = defaultdict(dict)
    for member_id, org_id, month, due in dues:
        if (member_id, month) in unpaid or not due:
            continue
        rows[(org_id, month)][member_id] = due + (EXTRA if (member_id, month) == (volunteer, gift_month) else 0)
    branches = PartyOrganization.objects.in_bulk({org_id for org_id, _m in rows})
    way_of: dict[int, str] = {}
    day_of: dict[int, int] = {}
    paid = 0
    for (org_id, month), payments in rows.items():
        way = way_of.setdefault(org_id, rng.choice(WAYS))
        day = month.replace(day=day_of.setdefault(org_id, rng.randint(5, 25)))
        if day > today:
            continue  # this month's pay day has not come
        paid += do_record_payments(branches[org_id], month, payments, day=day, way=way, acting_user=None)
    reminders = arrears_reminders(today)
    return {
        "months": len(months),
        "bases": len(bases),
        "reliefs": len(reliefs),
        "rows": computed["created"],
        "no_base": computed["no_base"],
        "paid": paid,
        "behind": len(behind),
        "lapse": sum(1 for n in behind.values() if n >= 6),
        "extra": int(volunteer is not None),
        "reminders": reminders.get("dues_arrears", 0) + reminders.get("dues_lapse", 0),
    }


def _superiors(org_ids: set[int]) -> dict[int, int]:
    """organization id → the id of the organization above it (which approves a relief)."""
    steplen = PartyOrganization.steplen
    paths = dict(PartyOrganization.objects.filter(pk__in=org_ids).values_list("pk", "path"))
    above = dict(
        PartyOrganization.objects.filter(path__in=[p[:-steplen] for p in paths.values()]).values_list("path", "pk")
    )
    return {pk: above[path[:-steplen]] for pk, path in paths.items() if path[:-steplen] in above}


def _stayed_away(member_ids: list[int], since: dt.date) -> list[int]:
    """Of `member_ids` (in their order), those marked at meetings since spring but present at
    none: the members a branch would look at first."""
    spring = max(since, dt.date(YEAR, 4, 1))
    marks = (
        Attendance.objects.filter(member_id__in=member_ids, meeting__date__gte=spring)
        .values("member_id")
        .annotate(n=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)))
        .filter(present=0, n__gt=0)
    )
    away = {row["member_id"] for row in marks}
    return [pk for pk in member_ids if pk in away]
