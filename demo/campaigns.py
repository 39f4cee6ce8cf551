"""The demo's campaigns (the seed's 载体活动 and 文明单位 creation), recorded through the campaigns
services with the clock moved to the day each thing happened:

- the eight campaigns of the seed as data: 移民先锋工程 and 党员与群众心连心 (members record their
  activities), 结对共建, and the creations 党建工作先进单位, 学习型机关, 党建工作示范单位, 五好党支部
  and 文明单位 (a three-year cycle with an annual 复查, run by the committee's 宣教科, PRO-03);
- 文明单位 named in 2024 (their 2025 复查 passed, one failed and revoked), 五好党支部 named in
  2025, 学习型机关 and 党建工作示范单位 in 2025; then the computed criteria of 2026 added (from
  `reports.indicators`) and the 2026 applications awaiting the committee's assessment;
- pairings with joint activities, among them `jiguandangwei`'s organ party committee with a
  village;
- members' own records under the two member campaigns, some by the `dangyuan` account."""

import datetime as dt
import random
from decimal import Decimal

from django.test import override_settings

from accounts.models import RoleAssignment, User
from campaigns import services
from campaigns.models import CampaignKind, Comparison
from members.models import Member
from orgs.models import OrgKind, PartyOrganization

SEED = 2026_21
COMMITTEES = [OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.PARTY_COMMITTEE]
VILLAGES = ["龙驹镇梨树村", "分水镇石碾村", "太龙镇长坪村", "孙家镇双泉社区", "高峰街道白岩社区", "燕山乡大山村"]
JOINT = [
    ("联合主题党日", "到村开展“我为群众办实事”主题党日，走访困难群众，宣讲惠民政策。"),
    ("产业发展座谈", "与村“两委”座谈柑橘产业发展，协调解决农产品销售渠道。"),
    ("结对帮扶慰问", "走访慰问结对困难党员和留守老人，送去慰问品。"),
    ("党课共上", "机关党委书记到村讲党课，村党员共同学习。"),
    ("志愿服务", "组织机关党员到社区开展环境整治志愿服务。"),
]
HEART = [
    ("帮助孤寡老人打扫卫生、代购生活用品", "社区独居老人"),
    ("为困难群众代办医保报销手续", "结对村困难群众"),
    ("给留守儿童辅导功课", "结对村留守儿童"),
    ("协助调解邻里纠纷", "所住小区居民"),
    ("为群众讲解农村养老保险政策", "结对村村民"),
]
MIGRANTS = [
    ("帮助移民户联系务工岗位", "三峡移民安置户"),
    ("走访移民户了解生产生活困难", "移民安置点群众"),
    ("为移民新村协调修建便民道路", "移民新村村民"),
]


def _at(day: dt.date):
    return override_settings(DANGJIAN_TODAY=day.isoformat())


def _campaigns(clerk: User) -> dict:
    def make(name, kind, **kw):
        return services.do_create_campaign(name=name, kind=kind, acting_user=clerk, **kw)

    found = {
        "移民先锋工程": make(
            "移民先锋工程",
            CampaignKind.ACTIVITY,
            first_year=2008,
            members_record=True,
            description="机关党员在三峡移民安置和移民后续发展中当先锋、作表率，为移民群众办实事。",
        ),
        "结对共建": make(
            "结对共建",
            CampaignKind.ACTIVITY,
            first_year=2008,
            description="机关党组织与社区、村党组织结对，共建组织、共育人才、共办实事。",
        ),
        "党员与群众心连心": make(
            "党员与群众心连心",
            CampaignKind.ACTIVITY,
            first_year=2008,
            members_record=True,
            description="党员联系服务群众，记录为群众办的实事：不计分、不排名、不设指标。",
        ),
        "党建工作先进单位": make(
            "党建工作先进单位", CampaignKind.NAMING, first_year=2008, applicant_kinds=COMMITTEES, validity_years=2
        ),
        "学习型机关": make(
            "学习型机关", CampaignKind.NAMING, first_year=2010, applicant_kinds=COMMITTEES, validity_years=3
        ),
        "党建工作示范单位": make(
            "党建工作示范单位", CampaignKind.NAMING, first_year=2012, applicant_kinds=COMMITTEES, validity_years=3
        ),
        "五好党支部": make(
            "五好党支部",
            CampaignKind.NAMING,
            first_year=2008,
            applicant_kinds=[OrgKind.BRANCH],
            validity_years=2,
            description="班子好、队伍好、制度好、活动好、作用发挥好。",
        ),
        "文明单位": make(
            "文明单位",
            CampaignKind.NAMING,
            first_year=2008,
            matter_code="PRO-03",
            applicant_kinds=COMMITTEES,
            for_unit=True,
            validity_years=3,
            annual_review=True,
            description="区直机关精神文明单位创建：三年一个周期，每年复查，复查不合格的撤销命名。",
        ),
    }
    assessed = {
        "党建工作先进单位": ["党建工作责任制落实到位", "机关党建工作有特色、有成效"],
        "学习型机关": ["中心组学习制度健全", "干部职工学习氛围浓厚"],
        "党建工作示范单位": ["党建工作与业务工作深度融合", "有可复制推广的经验"],
        "五好党支部": ["支部班子好", "党员队伍好", "作用发挥好"],
        "文明单位": ["精神文明建设有规划、有台账", "无重大安全责任事故和违法违纪案件"],
    }
    for name, texts in assessed.items():
        for text in texts:
            services.do_add_criterion(found[name], text=text, acting_user=clerk)
    return found


def _computed_criteria(found: dict, clerk: User) -> None:
    """The criteria the system computes, adopted for 2026 (earlier namings were assessed on the
    committee's criteria alone)."""
    for name, text, key, comparison, threshold in [
        ("五好党支部", "组织生活按规定开展", "orglife.held", Comparison.AT_LEAST, "80"),
        ("五好党支部", "党费按时足额交纳", "dues.paid", Comparison.AT_LEAST, "95"),
        ("党建工作先进单位", "组织生活按规定开展", "orglife.held", Comparison.AT_LEAST, "75"),
        ("党建工作先进单位", "下属组织按期换届", "elections.overdue", Comparison.AT_MOST, "0"),
        ("文明单位", "党费按时足额交纳", "dues.paid", Comparison.AT_LEAST, "90"),
    ]:
        services.do_add_criterion(
            found[name],
            text=text,
            indicator=key,
            comparison=comparison,
            threshold=Decimal(threshold),
            acting_user=clerk,
        )


def _name(campaign, org, clerk, *, year: int, day: dt.date, number: str, statement: str):
    """Apply in `year`, assess every criterion met, name on `day` — each on its own day."""
    with _at(dt.date(year, 3, 10)):
        application = services.do_apply(campaign, org, year=year, statement=statement, acting_user=clerk)
    with _at(day):
        findings = {c.pk: (True, "经考核达到标准") for c in campaign.criteria.all() if not c.is_computed}
        services.do_assess(application, findings=findings, acting_user=clerk)
        return services.do_name(application, named_on=day, document_number=number, acting_user=clerk)


def build(branch_ids: list[int]) -> dict[str, int]:
    rng = random.Random(SEED)
    clerk = User.objects.get(username="zuzhike")
    near = RoleAssignment.objects.get(user__username="jiguandangwei").organization
    own = User.objects.get(username="dangyuan").member
    paths = list(PartyOrganization.objects.filter(pk__in=branch_ids).values_list("path", flat=True))
    committees = [
        org
        for org in PartyOrganization.objects.filter(kind__in=COMMITTEES, dissolved__isnull=True, unit__isnull=False)
        .exclude(pk=near.pk)
        .select_related("unit")
        .order_by("code")
        if any(p.startswith(org.path) for p in paths)
    ]
    branches = list(
        PartyOrganization.objects.filter(pk__in=branch_ids, kind=OrgKind.BRANCH, dissolved__isnull=True).order_by(
            "code"
        )
    )
    counts = {"campaigns": 0, "namings": 0, "applications": 0, "pairings": 0, "joint": 0, "member_records": 0}
    with _at(dt.date(2024, 1, 8)):
        found = _campaigns(clerk)
    counts["campaigns"] = len(found)

    # 文明单位 of 2024 (valid to 2027), their 2025 复查: passed, but one failed and revoked
    civil = [near, *committees[:5]]
    for i, org in enumerate(civil):
        naming = _name(
            found["文明单位"],
            org,
            clerk,
            year=2024,
            day=dt.date(2024, 12, 20),
            number=f"万直文明委〔2024〕{i + 3}号",
            statement=f"{org.unit.name if org.unit else org.name}创建区级文明单位，创建工作有规划、有台账。",
        )
        counts["namings"] += 1
        with _at(dt.date(2025, 11, 25)):
            failed = i == 4
            services.do_review(
                naming,
                year=2025,
                passed=not failed,
                reviewed_on=dt.date(2025, 11, 25),
                comment="发生安全生产责任事故，复查不合格" if failed else "复查合格",
                acting_user=clerk,
            )
    # 2025's namings of the other creations
    for i, org in enumerate(committees[5:9]):
        _name(
            found["学习型机关" if i % 2 else "党建工作示范单位"],
            org,
            clerk,
            year=2025,
            day=dt.date(2025, 12, 18),
            number=f"万直工委〔2025〕{40 + i}号",
            statement="中心组学习常态化，党建与业务融合有成效。",
        )
        counts["namings"] += 1
    for i, org in enumerate(committees[9:12]):
        _name(
            found["党建工作先进单位"],
            org,
            clerk,
            year=2025,
            day=dt.date(2025, 6, 28),
            number=f"万直工委〔2025〕{21 + i}号",
            statement="党建工作责任制落实，机关党建工作有特色。",
        )
        counts["namings"] += 1
    for i, org in enumerate(branches[: max(1, len(branches) // 5)]):
        _name(
            found["五好党支部"],
            org,
            clerk,
            year=2025,
            day=dt.date(2025, 6, 28),
            number=f"万直工委〔2025〕{25 + i // 40}号",
            statement="支部班子团结，三会一课规范，党员作用发挥好。",
        )
        counts["namings"] += 1

    with _at(dt.date(2026, 1, 12)):
        _computed_criteria(found, clerk)

    # 2026 applications awaiting assessment
    with _at(dt.date(2026, 10, 20)):
        for org in [*branches[len(branches) // 5 : len(branches) // 5 + 6]]:
            services.do_apply(
                found["五好党支部"],
                org,
                year=2026,
                statement="全年三会一课按时召开，主题党日形式多样，党员作用发挥明显。",
                acting_user=clerk,
            )
            counts["applications"] += 1
        for org in committees[12:15]:
            services.do_apply(
                found["党建工作先进单位"],
                org,
                year=2026,
                statement="党建工作目标责任落实，特色品牌创建有成效。",
                acting_user=clerk,
            )
            counts["applications"] += 1
        services.do_apply(
            found["党建工作示范单位"],
            near,
            year=2026,
            statement="“党建+业务”融合经验在系统内推广。",
            acting_user=clerk,
        )
        counts["applications"] += 1

    # pairings and joint activities
    partners = [(near, VILLAGES[0]), *[(org, VILLAGES[i + 1]) for i, org in enumerate(committees[:4])]]
    for i, (org, village) in enumerate(partners):
        started = dt.date(2024 + i % 2, 3, 1)
        with _at(started):
            pairing = services.do_create_pairing(
                org,
                partner_kind="village" if "村" in village else "community",
                partner_name=village,
                started_on=started,
                purpose="党建引领乡村振兴：共建组织、共育人才、共办实事。",
                acting_user=clerk,
            )
        counts["pairings"] += 1
        for k in range(rng.randint(2, 4)):
            day = dt.date(2026, 3 + 2 * k, rng.randint(3, 26))
            title, text = JOINT[(i + k) % len(JOINT)]
            with _at(day):
                services.do_record_joint_activity(
                    pairing,
                    side=org,
                    date=day,
                    title=title,
                    description=text,
                    participants=rng.randint(12, 45),
                    acting_user=clerk,
                )
            counts["joint"] += 1
    if len(committees) > 1:
        with _at(dt.date(2025, 4, 1)):
            pairing = services.do_create_pairing(
                committees[0],
                partner_kind="organization",
                partner=committees[1],
                started_on=dt.date(2025, 4, 1),
                purpose="机关党组织之间互学互鉴，共同提升党建工作水平。",
                acting_user=clerk,
            )
        with _at(dt.date(2026, 5, 12)):
            services.do_record_joint_activity(
                pairing,
                side=committees[1],
                date=dt.date(2026, 5, 12),
                title="党建工作交流会",
                description="互相交流支部标准化规范化建设经验。",
                participants=30,
                acting_user=clerk,
            )
        counts["pairings"] += 1
        counts["joint"] += 1

    # members' own records (never every member: recording is voluntary)
    members = list(
        Member.objects.filter(organization_id__in=[b.pk for b in branches], status="active").order_by("pk")[:400]
    )
    chosen = [m for m in members if rng.random() < 0.15]
    if own is not None and own not in chosen:
        chosen.append(own)
    with _at(dt.date(2026, 11, 1)):
        for member in chosen:
            for _ in range(rng.randint(1, 3)):
                migrants = rng.random() < 0.3
                campaign = found["移民先锋工程" if migrants else "党员与群众心连心"]
                text, whom = rng.choice(MIGRANTS if migrants else HEART)
                services.do_record_member_activity(
                    member,
                    campaign,
                    date=dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                    description=text,
                    for_whom=whom,
                    acting_user=User.objects.filter(member=member).first(),
                )
                counts["member_records"] += 1
    return counts
