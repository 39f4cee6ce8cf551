"""The demo's 2026 activity funds, recorded through the funds services with the clock at the
demo's anchor day: every organ party committee of the base district gets its party-building
budget (most per member on the roll on 1 January, some a fixed allocation, a few topped up from
kept dues) with spending across the categories through October, some near their limit; a few
units' trade unions get their union funds with their own spending; and an officer of the
区总工会 (username "zonggonghui") reads the union's funds."""

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from authority.models import Body
from funds import services
from funds.models import FundKind, PartyCategory, Source, UnionCategory
from orgs.models import OrgKind, PartyOrganization

YEAR = 2026
TODAY = dt.date(2026, 11, 1)
SEED = 2026_20

PARTY_SPENDING = {
    PartyCategory.MEETINGS: ["支部党员大会资料印制", "党课讲稿及学习资料", "支委会会议用品"],
    PartyCategory.THEME_DAY: ["“七一”主题党日红色教育基地参观", "主题党日志愿服务活动", "重温入党誓词活动用品"],
    PartyCategory.EDUCATION: ["党员冬训教材", "党务干部培训班", "专题学习辅导报告"],
    PartyCategory.COMMENDATION: ["“两优一先”表彰证书及奖品", "优秀共产党员表彰"],
    PartyCategory.RELIEF: ["春节走访慰问困难党员", "生活困难党员帮扶"],
    PartyCategory.OTHER: ["党建宣传栏更新", "党员活动室维护"],
}
UNION_SPENDING = {
    UnionCategory.CULTURE_SPORTS: ["职工趣味运动会", "职工篮球友谊赛", "迎新春文艺活动"],
    UnionCategory.CARE: ["职工生日慰问", "住院职工慰问", "夏季送清凉"],
    UnionCategory.TRAINING: ["工会干部业务培训", "职工技能培训"],
    UnionCategory.OTHER: ["职工之家设施维护"],
}


def _yuan(rng: random.Random, low: int, high: int) -> Decimal:
    """A plausible amount: whole yuan mostly, some to the fen."""
    cents = rng.randint(low * 100, high * 100)
    return Decimal(cents) / 100 if rng.random() < 0.3 else Decimal(cents // 100)


def _spend(rng: random.Random, budget, categories: dict, share: float) -> int:
    """Spending of up to `share` of the budget, dated January to October."""
    left = budget.amount * Decimal(str(share))
    n = 0
    for _ in range(rng.randint(4, 9)):
        if left < 50:
            break
        category = rng.choice(list(categories))
        amount = min(_yuan(rng, 50, max(51, int(budget.amount / 4))), left)
        day = dt.date(YEAR, rng.randint(1, 10), rng.randint(1, 28))
        services.do_record_spending(
            budget,
            date=day,
            category=category,
            amount=amount.quantize(Decimal("0.01")),
            purpose=rng.choice(categories[category]),
            acting_user=None,
        )
        left -= amount
        n += 1
    return n


def build(branch_ids: list[int]) -> dict[str, str]:
    """The funds of the organ party committees above `branch_ids` (the base district's
    branches). Returns the demo account it adds {username: description}."""
    if settings.PRODUCTION:
        return {}
    rng = random.Random(SEED)
    paths = list(PartyOrganization.objects.filter(pk__in=branch_ids).values_list("path", flat=True))
    committees = [
        org
        for org in PartyOrganization.objects.filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE, dissolved__isnull=True)
        .select_related("unit")
        .order_by("path")
        if any(p.startswith(org.path) for p in paths)
    ]
    with override_settings(DANGJIAN_TODAY=TODAY):
        for i, org in enumerate(committees):
            if i % 4 == 3:
                budget = services.do_set_budget(
                    org,
                    year=YEAR,
                    kind=FundKind.PARTY,
                    source=Source.FIXED,
                    amount=Decimal(rng.randrange(5000, 30001, 500)),
                    notes="工委核定",
                    acting_user=None,
                )
            else:
                budget = services.do_set_budget(
                    org,
                    year=YEAR,
                    kind=FundKind.PARTY,
                    source=Source.PER_MEMBER,
                    counted_on=dt.date(YEAR, 1, 1),
                    acting_user=None,
                )
            _spend(rng, budget, PARTY_SPENDING, share=rng.choice([0.35, 0.6, 0.8, 0.97]))
            if i % 7 == 2:
                kept = services.do_set_budget(
                    org,
                    year=YEAR,
                    kind=FundKind.PARTY,
                    source=Source.KEPT_DUES,
                    amount=Decimal(rng.randrange(1000, 5001, 100)),
                    notes="经上级党委同意使用留存党费",
                    acting_user=None,
                )
                _spend(rng, kept, {PartyCategory.RELIEF: PARTY_SPENDING[PartyCategory.RELIEF]}, share=0.5)
        for org in committees[:: max(1, len(committees) // 6)][:6]:
            union = services.do_set_budget(
                org,
                year=YEAR,
                kind=FundKind.UNION,
                source=Source.UNION_ALLOCATION,
                amount=Decimal(rng.randrange(8000, 20001, 1000)),
                notes="区总工会拨付",
                acting_user=None,
            )
            _spend(rng, union, UNION_SPENDING, share=rng.choice([0.5, 0.75, 0.9]))
    return _union_account()


def _union_account() -> dict[str, str]:
    """An officer of the 区总工会, who reads the union's activity funds it settles."""
    from demo.builder import DEMO_PASSWORD  # the builder imports this module

    body = Body.objects.filter(code="ZGH").first()
    working = PartyOrganization.objects.filter(kind=OrgKind.WORKING_COMMITTEE).order_by("path").first()
    if body is None or working is None:
        return {}
    label = "区总工会干部"
    user = User.objects.create(
        username="zonggonghui",
        display_name=label,
        managing_organization=working,
        password=make_password(DEMO_PASSWORD),
    )
    RoleAssignment.objects.create(
        user=user, role=Role.BODY_STAFF, organization=working, body="区总工会", authority_body=body
    )
    return {user.username: f"{label}（{Role(Role.BODY_STAFF).label}）"}
