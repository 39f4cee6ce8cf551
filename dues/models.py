"""Party dues (党费): each member's monthly base by its month (personal data, encrypted at rest),
hardship reliefs approved one level up, and one row per member and month with what was due and
what was paid. Written only by `dues.services`."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.crypto import EncryptedNarrativeField
from orgs.models import _path_q


def money(label, **kwargs) -> models.DecimalField:
    """An amount in yuan to the fen (dues.money)."""
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


class PayerKind(models.TextChoices):
    """How a member's dues are reckoned (2008 provisions, 第一至六条)."""

    WAGE = "wage", _("Monthly wage (after tax)")  # 按月领取工资: the bands of 第二条
    ANNUAL_SALARY = "annual_salary", _("Annual salary: pay received in the month")  # 年薪制, 第三条
    SELF_EMPLOYED = "self_employed", _("Self-employed: last quarter's monthly average")  # 个体, 第四条
    RETIRED = "retired", _("Pension")  # 离退休, 第五条
    FARMER = "farmer", _("Farmer: a set amount")  # 农民, 0.2–1 yuan, 第六条
    FLAT = "flat", _("Student, unemployed or on relief")  # 0.2 yuan, 第六条


BANDED = frozenset({PayerKind.WAGE, PayerKind.ANNUAL_SALARY, PayerKind.SELF_EMPLOYED})


def month_of(day: dt.date) -> dt.date:
    """The first day of `day`'s month: how a month is stored."""
    return day.replace(day=1)


class DuesBase(models.Model):
    """A member's base from `month` (a new wage counts from the month it is paid, 第十条) until
    the next row. `amount` is the monthly base in yuan — for a farmer, the monthly dues chosen."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues_bases")
    month = models.DateField(_("from month"))
    kind = models.CharField(_("reckoned by"), max_length=20, choices=PayerKind.choices)
    # the base in yuan as a decimal string, encrypted (personal data; masked in lists)
    amount = EncryptedNarrativeField(_("monthly base (yuan)"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_base_once_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_base_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"

    @property
    def base(self) -> Decimal:
        return Decimal(self.amount or "0")


class ReliefKind(models.TextChoices):
    REDUCED = "reduced", _("Reduced")  # 少交
    EXEMPT = "exempt", _("Exempt")  # 免交


class Relief(models.Model):
    """Hardship (交纳党费确有困难): the branch decides, the committee one level up approves; from
    `first` to `last` month inclusive, the member pays `amount` a month (REDUCED) or nothing."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues_reliefs")
    kind = models.CharField(_("kind"), max_length=20, choices=ReliefKind.choices)
    amount = money(_("monthly dues (yuan)"), null=True, blank=True)
    first = models.DateField(_("from month"))
    last = models.DateField(_("to month"))
    approved_by = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_on = models.DateField(_("approved on"))
    basis = models.CharField(_("basis"), max_length=200)

    class Meta:
        ordering = ["member", "first"]
        constraints = [
            models.CheckConstraint(condition=Q(last__gte=F("first")), name="dues_relief_ordered"),
            models.CheckConstraint(
                condition=Q(kind="exempt", amount__isnull=True) | Q(kind="reduced", amount__isnull=False),
                name="dues_relief_amount_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.first:%Y-%m}–{self.last:%Y-%m}"


class PaymentWay(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", pgettext_lazy("payment way", "Transfer")  # 转账, not 转接
    PAYROLL = "payroll", _("Payroll")


class MonthlyDues(models.Model):
    """One member's month: what was due (computed from the base, the rule set in force and any
    relief) and what was paid, to the branch that held the member that month."""

    # No index of their own for the member and the organization: the unique (member, month) and
    # the (organization, month) indexes lead with them, and each index is written for each of a
    # million rows a month (docs/performance.md).
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="monthly_dues", db_index=False)
    organization = models.ForeignKey(
        "orgs.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,
    )
    month = models.DateField(_("month"))
    due = money(_("due"))
    paid = money(_("paid"), default=Decimal("0.00"))
    # a voluntary payment beyond the due (第十一条: 1,000 yuan or more at once goes to the centre)
    extra = money(_("voluntary extra"), default=Decimal("0.00"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    way = models.CharField(_("paid by"), max_length=20, choices=PaymentWay.choices, blank=True)
    # indexed only where set (below): the rows of a month are written unrecorded
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["month", "organization", "member"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="monthly_dues_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_dues_month_first_day"),
            models.CheckConstraint(
                condition=Q(due__gte=0, paid__gte=0, extra__gte=0), name="monthly_dues_not_negative"
            ),
        ]
        indexes = [
            # a branch's month (the treasurer's page, the branch total)
            models.Index(fields=["organization", "month"], name="monthly_dues_org_month_idx"),
            # a user's account removed: the rows they recorded lose their recorder (SET_NULL)
            models.Index(
                fields=["recorded_by"], condition=Q(recorded_by__isnull=False), name="monthly_dues_recorder_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    @property
    def settled(self) -> bool:
        return self.paid >= self.due


class Remittance(models.Model):
    """One organization's dues of a month handed up to its superior (dues.remittance writes it).

    `collected` = `from_members` (its own members' paid and voluntary extras for the month) +
    `from_below` (the remittances of the organizations under it, confirmed and counted here:
    those whose `counted_in` is this row). `to_centre` is the part of it made of voluntary
    payments of 1,000 yuan or more (第十一条), passed up whole; of the rest the organization keeps
    `kept` by the local rule and remits `remitted` = `collected` − `kept`. A month remitted again
    later (dues paid late, a remittance from below confirmed after) is a further `part` holding
    only what came in since. `receiver` is None above the district's system (the working
    committee remits to the district organization department)."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    receiver = models.ForeignKey(
        "orgs.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("remitted to"),
    )
    month = models.DateField(_("month"))
    part = models.PositiveSmallIntegerField(_("part"), default=1)
    from_members = money(_("from its members"))
    from_below = money(_("from the organizations below"))
    collected = money(_("collected"))
    to_centre = money(_("voluntary payments for the centre"))
    share = models.DecimalField(_("share kept"), max_digits=5, decimal_places=4)
    kept = money(_("kept"))
    remitted = money(_("remitted"))
    remitted_on = models.DateField(_("remitted on"))
    remitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    received_on = models.DateField(pgettext_lazy("dues", "received on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the receiver's remittance that counted this one in its `from_below`
    counted_in = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="counted", verbose_name=_("counted in")
    )

    class Meta:
        ordering = ["month", "organization", "part"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "month", "part"], name="remittance_part_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="remittance_month_first_day"),
            models.CheckConstraint(
                condition=Q(from_members__gte=0, from_below__gte=0, kept__gte=0, remitted__gte=0, to_centre__gte=0),
                name="remittance_not_negative",
            ),
            # collected = from_members + from_below = kept + remitted holds by the one writer
            # (dues.remittance) and its tests: SQLite compares sums as floats, so no constraint
            models.CheckConstraint(condition=Q(to_centre__lte=F("remitted")), name="remittance_centre_passed_up"),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(receiver__isnull=False), name="remittance_received_inside"
            ),
        ]
        indexes = [
            # the receiver's list of remittances to confirm, and what it received in a month
            models.Index(fields=["receiver", "month"], name="remittance_receiver_month_idx"),
            # an organization's month and year (its account)
            models.Index(fields=["organization", "month"], name="remittance_org_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.month:%Y-%m}/{self.part}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        """Seen from either end: the organization remitting or the one receiving."""
        return _path_q("organization__path", paths) | _path_q("receiver__path", paths)

    @property
    def confirmed(self) -> bool:
        return self.received_on is not None
