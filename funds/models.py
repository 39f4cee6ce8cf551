"""Activity funds: the party-building activity funds (党建活动经费) of party organizations and the
trade union's activity funds (工会活动经费, settled with the 区总工会) as one mechanism — a
budget per organization, year, kind and source, and the spending recorded against it. The
balance is computed (budget less spending), never stored, and never below zero: a spending
beyond it is refused (`funds.services`). Written only by `funds.services`.

A unit's trade union is not in the registry: its funds are kept under the unit's party
organization (the organ party committee whose officers keep the unit's registry), so both kinds
follow the same scope."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import stored_name
from dues.models import money
from orgs.models import _path_q


class FundKind(models.TextChoices):
    PARTY = "party", _("Party-building activity funds")  # 党建活动经费
    UNION = "union", _("Trade union activity funds")  # 工会活动经费


class PartyCategory(models.TextChoices):
    """What party-building activity funds are spent on."""

    MEETINGS = "meetings", _("Three meetings and one lesson")  # 三会一课
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日
    EDUCATION = "education", _("Member education and training")  # 党员教育培训
    COMMENDATION = "commendation", _("Commendations and awards")  # 表彰奖励
    RELIEF = "relief", _("Help for members in difficulty")  # 困难党员帮扶
    OTHER = "other", _("Other")


class UnionCategory(models.TextChoices):
    """What trade union activity funds are spent on."""

    CULTURE_SPORTS = "culture_sports", _("Cultural and sports activities")  # 文体活动
    CARE = "care", _("Visits to staff")  # 职工慰问
    TRAINING = "training", _("Staff training")  # 培训
    OTHER = "other", _("Other")


# The categories of each kind ("other" is in both: one code, one label).
CATEGORIES: dict[str, type[models.TextChoices]] = {FundKind.PARTY: PartyCategory, FundKind.UNION: UnionCategory}
ALL_CATEGORIES = [*PartyCategory.choices[:-1], *UnionCategory.choices]


class Source(models.TextChoices):
    PER_MEMBER = "per_member", _("Allocated per member on the roll")  # 按党员人数核拨
    FIXED = "fixed", _("Fixed allocation")  # 定额核拨
    UNIT_BUDGET = "unit_budget", _("Unit's budget")  # 单位预算列支
    KEPT_DUES = "kept_dues", _("Party dues kept")  # 留存党费 (第二十一条: uses the provisions allow)
    UNION_ALLOCATION = "union_allocation", _("Allocated by the trade union above")  # 上级工会拨付/返还


# Where each kind's money may come from: a per-member allocation counts party members, and party
# dues fund no trade union; union funds come from the union above or the unit.
SOURCES: dict[str, tuple[str, ...]] = {
    FundKind.PARTY: (Source.PER_MEMBER, Source.FIXED, Source.UNIT_BUDGET, Source.KEPT_DUES),
    FundKind.UNION: (Source.UNION_ALLOCATION, Source.FIXED, Source.UNIT_BUDGET),
}


class Budget(models.Model):
    """What `organization` may spend in `year` of funds of `kind` from `source`. A per-member
    allocation keeps how it was reckoned: the members on the roll of the organization and those
    under it on `counted_on`, times `per_member` (funds.rules), rounded half up to the fen."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("fund kind"), max_length=20, choices=FundKind.choices)
    source = models.CharField(_("funding source"), max_length=20, choices=Source.choices)
    amount = money(_("budget (yuan)"))
    per_member = money(_("yuan per member"), null=True, blank=True)
    members_counted = models.PositiveIntegerField(_("members on the roll"), null=True, blank=True)
    counted_on = models.DateField(_("roll counted on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization", "year", "kind", "source"]
        verbose_name = _("activity funds budget")
        constraints = [
            # one budget per organization, year, kind and source; the org's year page reads by it
            models.UniqueConstraint(fields=["organization", "year", "kind", "source"], name="funds_budget_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(
                    source="per_member",
                    per_member__isnull=False,
                    members_counted__isnull=False,
                    counted_on__isnull=False,
                )
                | (
                    ~Q(source="per_member")
                    & Q(per_member__isnull=True, members_counted__isnull=True, counted_on__isnull=True)
                ),
                name="funds_budget_reckoning_by_source",
            ),
        ]
        indexes = [
            # the committee's overview: a year's budgets of one kind, by organization
            models.Index(fields=["year", "kind", "organization"], name="funds_budget_year_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year} {self.get_kind_display()} {self.get_source_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


def _file_path(instance, filename: str) -> str:
    return stored_name("funds", filename)


class Spending(models.Model):
    """One spending against a budget, on a day of the budget's year, in a category of its kind.
    The attachment (an invoice, a list of those who received help) is optional; it is stored
    under MEDIA_ROOT, which no URL serves: only the funds views hand it out, to those who see
    the budget."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="spendings", verbose_name=_("budget"))
    date = models.DateField(_("date"))
    category = models.CharField(_("spending category"), max_length=20, choices=ALL_CATEGORIES)
    amount = money(_("amount (yuan)"))
    purpose = models.CharField(_("purpose"), max_length=200)
    file = models.FileField(_("attachment"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)  # as uploaded
    content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("spending")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="funds_spending_positive")]
        indexes = [
            # a budget's spending and its sum (the balance)
            models.Index(fields=["budget", "date"], name="funds_spending_budget_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.purpose}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("budget__organization__path", paths)
