"""The demo's annual assessment (issue 21), written through the assessment services with the
clock moved to each step's day: the 2025 indicator table adopted in March 2025, every assessed
organization scored and its 述职评议 recorded in January 2026, the results published — tiers
mostly 好 and 较好, a few 一般, one 差 —; then the 2026 table copied from 2025's with changes
(three sources added whose records the demo holds for 2026: organizational life, dues and the
review of members; one item's points changed), adopted, and in progress: live computed figures,
a few self-assessments submitted.

The 2025 table counts only what the demo records for 2025 — the departments' democratic life
meetings of 2025, terms overdue, development votes and staffing —, since organizational life,
dues and the review of members are generated for 2026 only (a 2025 figure of zero for everyone
would be implausible).

With `--scale N` above 1 only the first copy of the district is scored (`organizations`), as
only it holds organizational life and dues: scoring every copy one organization at a time
multiplied this step's time by N. The other copies' organizations stay unscored, so 2025 is left
unpublished there (publishing is refused while an organization lacks a score); its log counts the
first copy's live results."""

import datetime as dt
import random
from collections.abc import Collection
from decimal import Decimal

from django.db.models import QuerySet
from django.test import override_settings

from assessment import queries, scoring, services
from assessment.models import Item, ItemKind, ScoreRule
from orgs.models import PartyOrganization, Post, PostRole

SEED = 2026_21

BASE_2025 = [
    # section, code, name, kind, points, source, rule, threshold, step, criteria
    (
        "基础工作",
        "A1",
        "领导班子民主生活会",
        ItemKind.COMPUTED,
        "10",
        "leadership.life_meeting",
        ScoreRule.THRESHOLD,
        "1",
        None,
        "按时召开年度民主生活会得满分",
    ),
    (
        "基础工作",
        "A2",
        "按期换届",
        ItemKind.COMPUTED,
        "10",
        "elections.overdue",
        ScoreRule.PER_EXCESS,
        "0",
        "5",
        "所属组织每有1个逾期未换届扣5分",
    ),
    (
        "基础工作",
        "A3",
        "发展党员票决规范",
        ItemKind.COMPUTED,
        "10",
        "development.votes_on_rules",
        ScoreRule.PROPORTIONAL,
        "100",
        None,
        "按规范表决的比例得分",
    ),
    (
        "基础工作",
        "A4",
        "机关党委配备达标",
        ItemKind.COMPUTED,
        "10",
        "reports.staffing",
        ScoreRule.THRESHOLD,
        "100",
        None,
        "书记、专职副书记和专职工作人员配备齐全",
    ),
    ("重点工作", "B1", "思想政治建设和意识形态工作", ItemKind.MANUAL, "30", "", "", None, None, "年终检查评定"),
    ("重点工作", "B2", "书记抓党建述职评议", ItemKind.DEBRIEF, "30", "", "", None, None, "按述职评议票数折算"),
    ("加减分", "C1", "违反规定扣分", ItemKind.DEDUCTION, "10", "", "", None, None, "发生违纪违规问题的，视情节扣分"),
    ("加减分", "C2", "获上级表彰加分", ItemKind.BONUS, "5", "", "", None, None, "获市级以上表彰加分，最多5分"),
]
ADDED_2026 = [
    (
        "基础工作",
        "A5",
        "组织生活按规定开展",
        ItemKind.COMPUTED,
        "10",
        "orglife.held",
        ScoreRule.PROPORTIONAL,
        "90",
        None,
        "按规定开展三会一课等组织生活的比例，达到90%得满分",
    ),
    (
        "基础工作",
        "A6",
        "党费按月足额交纳",
        ItemKind.COMPUTED,
        "5",
        "dues.paid",
        ScoreRule.PER_SHORTFALL,
        "95",
        "1",
        "低于95%每个百分点扣1分",
    ),
    (
        "基础工作",
        "A7",
        "民主评议党员",
        ItemKind.COMPUTED,
        "5",
        "evaluation.held",
        ScoreRule.THRESHOLD,
        "100",
        None,
        "所属支部全部完成民主评议党员",
    ),
]
REASONS = {
    "good": ["理论学习中心组学习扎实，意识形态责任制落实到位", "主题教育成效明显，阵地管理规范"],
    "fair": ["学习计划落实较好，专题研讨深度有待加强", "意识形态工作开展正常，个别台账不够完整"],
    "average": ["学习流于形式，研讨发言质量不高", "意识形态工作责任落实不够到位"],
    "poor": ["学习制度执行不到位，意识形态阵地管理存在漏洞"],
}


def _on(day: dt.date):
    return override_settings(DANGJIAN_TODAY=day.isoformat())


def _of(organizations: QuerySet[PartyOrganization], among: Collection[int] | None) -> QuerySet[PartyOrganization]:
    return organizations if among is None else organizations.filter(pk__in=among)


def _add(table, rows, *, first: int = 1) -> None:
    for position, (section, code, name, kind, points, source, rule, threshold, step, criteria) in enumerate(
        rows, first
    ):
        services.do_save_item(
            Item(
                table=table,
                code=code,
                name=name,
                kind=kind,
                points=Decimal(points),
                source=source,
                rule=rule,
                threshold=None if threshold is None else Decimal(threshold),
                step=None if step is None else Decimal(step),
                criteria=criteria,
                position=position,
            ),
            section_name=section,
            acting_user=None,
        )


def _secretary(org, year: int):
    return (
        Post.objects.filter(organization=org, role=PostRole.SECRETARY, valid_from__lte=dt.date(year, 12, 31))
        .exclude(valid_to__lt=dt.date(year, 1, 1))
        .select_related("member")
        .order_by("-valid_from")
        .first()
    )


def _score_year(rng: random.Random, table, organizations, *, day: dt.date) -> None:
    """Scores for the items scored by hand and a 述职评议 for each organization, aimed at a total
    drawn for it (most 好 and 较好, a few 一般, one 差): the committee's score of B1 and the
    deduction make up the difference between the aim and what the records and votes give."""
    items = {i.code: i for i in table.items.all()}
    computed = {r.organization.pk: r.computed_score for r in queries.results(table, organizations)}
    for n, org in enumerate(organizations):
        aim = "poor" if n == len(organizations) // 2 else rng.choices(("good", "fair", "average"), (60, 30, 10))[0]
        low, high = {"good": (91, 98), "fair": (81, 89), "average": (63, 77), "poor": (45, 57)}[aim]
        target = Decimal(rng.randint(low * 2, high * 2)) / 2
        votes = 20 + rng.randint(0, 15)
        good = round(votes * {"good": 0.9, "fair": 0.7, "average": 0.45, "poor": 0.2}[aim] * rng.uniform(0.9, 1.05))
        good = min(good, votes)
        fair = (votes - good) * 2 // 3
        poor = (votes - good - fair) // 2 if aim in ("average", "poor") else 0
        average = votes - good - fair - poor
        secretary = _secretary(org, table.year)
        services.do_record_debrief(
            table,
            org,
            date=day - dt.timedelta(days=rng.randint(5, 12)),
            secretary=secretary,
            secretary_name="" if secretary else "书记",
            good=good,
            fair=fair,
            average=average,
            poor=poor,
            comments="述职报告客观全面，抓党建责任落实" + ("到位" if aim in ("good", "fair") else "有差距，需加强"),
            acting_user=None,
        )
        debrief = scoring.debrief_points(items["B2"].points, good=good, fair=fair, average=average, poor=poor, grade="")
        bonus = Decimal(5) if aim == "good" and rng.random() < 0.2 else Decimal(0)
        needed = target - computed[org.pk] - debrief - bonus
        b1 = min(items["B1"].points, max(Decimal(0), needed)).quantize(Decimal("0.5"))
        deduction = min(items["C1"].points, max(Decimal(0), b1 - needed)).quantize(Decimal("0.5"))
        services.do_score_item(table, org, items["B1"], points=b1, reason=rng.choice(REASONS[aim]), acting_user=None)
        services.do_score_item(
            table,
            org,
            items["C1"],
            points=deduction,
            reason="专题督查发现整改不及时" if deduction else "未发现违规问题",
            acting_user=None,
        )
        services.do_score_item(
            table,
            org,
            items["C2"],
            points=bonus,
            reason="获市级先进基层党组织表彰" if bonus else "无",
            acting_user=None,
        )


def build(organizations: Collection[int] | None = None) -> dict[str, int | str]:
    """The 2025 assessment of `organizations` (None: every organization assessed, and 2025
    published) and 2026's table; returns counts for the builder's log."""
    rng = random.Random(SEED)
    with _on(dt.date(2025, 3, 10)):
        table_2025 = services.do_create_table(year=2025, acting_user=None)
        _add(table_2025, BASE_2025)
        services.do_adopt_table(table_2025, acting_user=None)
    organizations_2025 = list(_of(queries.assessed(2025), organizations))
    with _on(dt.date(2026, 1, 20)):
        for org in organizations_2025[::3]:
            services.do_submit_self_assessment(
                table_2025,
                org,
                overall="全年认真落实党建工作责任制，三会一课、主题党日等制度执行到位，存在的不足已列入整改。",
                per_item={},
                acting_user=None,
            )
        _score_year(rng, table_2025, organizations_2025, day=dt.date(2026, 1, 20))
    with _on(dt.date(2026, 1, 28)):
        if organizations is None:
            results = services.do_publish(table_2025, acting_user=None)
        else:
            results = queries.results(table_2025, organizations_2025)
    with _on(dt.date(2026, 2, 20)):
        table_2026 = services.do_create_table(year=2026, based_on=table_2025, acting_user=None)
        changed = table_2026.items.get(code="B1")
        changed.points = Decimal("25")
        services.do_save_item(changed, section_name="重点工作", acting_user=None)
        changed = table_2026.items.get(code="B2")
        changed.points = Decimal("15")
        services.do_save_item(changed, section_name="重点工作", acting_user=None)
        _add(table_2026, ADDED_2026, first=len(BASE_2025) + 1)
    with _on(dt.date(2026, 3, 2)):
        services.do_adopt_table(table_2026, acting_user=None)
    with _on(dt.date(2026, 10, 30)):
        for org in list(_of(queries.assessed(2026), organizations))[:5]:
            services.do_submit_self_assessment(
                table_2026,
                org,
                overall="前三季度党建工作按计划推进，组织生活按月开展，党费按时收缴。",
                per_item={},
                acting_user=None,
            )
    tiers: dict[str, int] = {}
    for r in results:
        tiers[r.tier] = tiers.get(r.tier, 0) + 1
    counts: dict[str, int | str] = {"assessed_2025": len(results), **{f"tier_{k}": v for k, v in sorted(tiers.items())}}
    if organizations is not None:
        counts["published_2025"] = "no (the first copy scored)"
    return counts
