"""Importing a payroll sheet of party dues (工资代扣党费): one row per member and month with
the amount paid, matched by ID number (or by name within the organization), and written
through `dues.services.do_record_payments` one branch, month, way and date at a time — all in
the batch's one transaction, so the whole sheet or nothing. The amount is the month's whole
payment (what is recorded for that month is replaced by it); a payment above the due is the
member's voluntary extra. The same file imported again changes nothing."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy

from audit.services import record
from core import clock, crypto, idcard
from core.errors import DomainError
from core.i18n import format_lazy, stored
from dues.models import MonthlyDues, PaymentWay
from dues.money import parse_yuan
from dues.services import check_payment_month, do_record_payments
from exchange import normalize
from exchange.normalize import Invalid
from exchange.reader import Table
from exchange.rows import DUPLICATE, LATER_THAN_TODAY, Branches, Plan, RowError, cell_reader, rows
from members.models import Member, Status
from orgs.models import PartyOrganization

COLUMNS = [
    ("身份证号", False, "500101198505200012"),
    ("姓名", False, "张三"),
    ("所在党支部", False, "区财政局第一党支部"),
    ("月份", True, "2026-10"),
    ("实交金额", True, "75.00"),
    ("缴纳方式", False, "工资代扣"),
    ("缴纳日期", False, "2026-10-15"),
]
WAY = {
    "工资代扣": PaymentWay.PAYROLL,
    "代扣": PaymentWay.PAYROLL,
    "代缴": PaymentWay.PAYROLL,
    "现金": PaymentWay.CASH,
    "转账": PaymentWay.TRANSFER,
    "银行转账": PaymentWay.TRANSFER,
    "微信": PaymentWay.TRANSFER,
    "支付宝": PaymentWay.TRANSFER,
    "": PaymentWay.PAYROLL,
}
# the sheet's own words for each way (the preview shows them as the file has them)
WAY_NAMES = {PaymentWay.PAYROLL: "工资代扣", PaymentWay.CASH: "现金", PaymentWay.TRANSFER: "转账"}
NO_MEMBER = gettext_lazy("No such member on the roll of the organizations you manage")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$")


def month(value) -> dt.date | None:
    """A month cell: 2026-10, 2026年10月, 2026/10, or a date (its month)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).replace(day=1)
    s = normalize.text(value, fold=True).replace(" ", "")
    if m := _MONTH.match(s):
        if 1 <= int(m[2]) <= 12:
            return dt.date(int(m[1]), int(m[2]), 1)
        raise Invalid(gettext_lazy("The month does not exist"))
    day = normalize.date(s)
    return day.replace(day=1) if day else None


def yuan(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return parse_yuan(normalize.text(value, fold=True))
    except DomainError as e:
        raise Invalid(e.message) from None


@dataclass
class Payment:
    """A row that changes what is recorded (`name`, `code`: how the preview lists it)."""

    member: Member
    organization: PartyOrganization
    month: dt.date
    amount: Decimal
    way: str
    day: dt.date

    @property
    def name(self) -> str:
        return self.member.name

    @property
    def code(self) -> str:
        return f"{self.organization.name} {self.month:%Y-%m} {self.amount}元"


def validate(table: Table, *, scope_paths: list[str] | None = None) -> Plan:
    """Check every row; `scope_paths` limits the organizations whose dues the importer records
    (None: all)."""
    plan = Plan()
    branches = Branches.within(scope_paths, dissolved=True)
    today = clock.today()
    parsed = []
    for n, cells in rows(table, COLUMNS, plan):
        read = cell_reader(plan, n, cells)
        before = len(plan.errors)
        number = read("身份证号", normalize.folded)
        name = read("姓名", normalize.text)
        org_text = read("所在党支部", normalize.text)
        paid_month = read("月份", month, required=True)
        amount = read("实交金额", yuan, required=True)
        way = read("缴纳方式", lambda v: normalize.choice(v, WAY, "缴纳方式"))
        day = read("缴纳日期", normalize.date) or today
        org = None
        if number:
            try:
                idcard.parse(number)
            except idcard.InvalidIdNumber as e:
                plan.errors.append(RowError(n, "身份证号", number[:6] + "…", e.args[0]))
        elif not (name and org_text):
            plan.errors.append(
                RowError(
                    n,
                    "身份证号",
                    "",
                    gettext_lazy("Give the ID number, or the name together with the branch"),
                )
            )
        if org_text:
            org, why = branches.find(org_text)
            if why is not None:
                plan.errors.append(RowError(n, "所在党支部", org_text, why))
        if day > today:
            plan.errors.append(RowError(n, "缴纳日期", str(day), LATER_THAN_TODAY))
        elif paid_month:
            try:
                check_payment_month(paid_month, day)
            except DomainError as e:
                plan.errors.append(RowError(n, "月份", f"{paid_month:%Y-%m}", e.message))
        if len(plan.errors) > before:
            continue
        parsed.append((n, idcard.normalize(number) if number else None, name, org, paid_month, amount, way, day))
    if plan.errors:
        return plan
    _match(plan, parsed, scope_paths)
    return plan


def _match(plan: Plan, parsed: list, scope_paths: list[str] | None) -> None:
    """Find each row's member and month of dues, and plan what changes."""
    roll = Member.objects.filter(status=Status.ACTIVE)
    if scope_paths is not None:
        roll = roll.filter(Member.scope_q(scope_paths))
    by_hash = {
        m.id_number_hash: m
        for m in roll.filter(id_number_hash__in=[crypto.keyed_hash(p[1]) for p in parsed if p[1]]).only(
            "pk", "name", "id_number_hash", "organization_id"
        )
    }
    by_name: dict[tuple[int, str], list[Member]] = defaultdict(list)
    named = {p[3].pk for p in parsed if not p[1] and p[3]}
    for m in roll.filter(organization_id__in=named).only("pk", "name", "organization_id"):
        by_name[(m.organization_id, normalize.fold_name(m.name))].append(m)
    found = []
    for n, number, name, org, paid_month, amount, way, day in parsed:
        if number:
            member = by_hash.get(crypto.keyed_hash(number))
            if member is None:
                plan.errors.append(RowError(n, "身份证号", number[:6] + "…", NO_MEMBER))
                continue
        else:
            same = by_name.get((org.pk, normalize.fold_name(name)), [])
            if len(same) != 1:
                plan.errors.append(
                    RowError(
                        n,
                        "姓名",
                        name,
                        NO_MEMBER
                        if not same
                        else gettext_lazy("Several members of the branch have this name; please give the ID number"),
                    )
                )
                continue
            member = same[0]
        found.append((n, member, paid_month, amount, way, day))
    dues = {
        (r.member_id, r.month): r
        for r in MonthlyDues.objects.filter(
            member_id__in={f[1].pk for f in found}, month__in={f[2] for f in found}
        ).select_related("organization")
    }
    seen: dict[tuple[int, dt.date], int] = {}
    for n, member, paid_month, amount, way, day in found:
        row = dues.get((member.pk, paid_month))
        if row is None:
            plan.errors.append(
                RowError(
                    n,
                    "月份",
                    f"{paid_month:%Y-%m}",
                    gettext_lazy("This member's dues for this month are not computed yet: compute the month first"),
                )
            )
            continue
        if scope_paths is not None and not any(row.organization.path.startswith(p) for p in scope_paths):
            plan.errors.append(RowError(n, "月份", f"{paid_month:%Y-%m}", NO_MEMBER))
            continue
        if (member.pk, paid_month) in seen:
            plan.errors.append(
                RowError(n, "月份", f"{paid_month:%Y-%m}", format_lazy(DUPLICATE, row=seen[(member.pk, paid_month)]))
            )
            continue
        seen[(member.pk, paid_month)] = n
        if row.paid + row.extra == amount and (row.way == way or not amount):
            plan.unchanged += 1
        else:
            plan.new.append(Payment(member, row.organization, paid_month, amount, way, day))


def groups(plan: Plan) -> dict[tuple, dict[int, Decimal]]:
    """(organization, month, way, day) → {member id: amount}: one `do_record_payments` each."""
    found: dict[tuple, dict[int, Decimal]] = defaultdict(dict)
    for p in plan.new:
        found[(p.organization, p.month, p.way, p.day)][p.member.pk] = p.amount
    return found


def preview(plan: Plan) -> dict:
    """What the preview shows beyond the counts: each branch's month, its members and total."""
    shown = []
    for (org, paid_month, way, day), payments in sorted(
        groups(plan).items(), key=lambda g: (g[0][0].path, g[0][1], g[0][2], g[0][3])
    ):
        shown.append(
            [
                org.name,
                f"{paid_month:%Y-%m}",
                WAY_NAMES[way],
                f"{day:%Y-%m-%d}",
                len(payments),
                f"{sum(payments.values(), Decimal('0.00')):.2f}",
            ]
        )
    return {"groups": shown[:200], "group_count": len(shown)}


def apply(plan: Plan, *, file_hash: str, acting_user) -> dict:
    if not plan.ok:
        raise ValueError("an import with errors is never applied")
    with transaction.atomic():
        found = groups(plan)
        for (org, paid_month, way, day), payments in found.items():
            do_record_payments(org, paid_month, payments, day=day, way=way, acting_user=acting_user)
        counts = {"created": len(plan.new), "updated": 0, "unchanged": plan.unchanged, "groups": len(found)}
        record(
            "exchange.dues.imported",
            actor=acting_user,
            target_label=(
                "exchange.import",
                file_hash[:16],
                stored(format_lazy(gettext_lazy("Dues import %(file)s"), file=file_hash[:16])),
            ),
            new={**counts, "file_sha256": file_hash},
        )
    return counts
