"""The demo's oversight (issue 21), recorded through the supervision services:

- 2025's annual work reports: every organization the committee leads directly submitted in
  January 2026 (a few late, in February); most are accepted, one was returned and submitted
  again before it was accepted, a few await the committee.
- 2026's reporting, opened on the anchor day with the deadline 2027-01-31: a handful already in.
- One 专题督查 of 2026, "基层党组织“三会一课”落实情况专题督查", over eight organizations
  including the demo accounts' (jiguandangwei's organ party committee, zhibushuji's branch),
  with findings and rectification items: some closed, some reported and awaiting the inspector,
  some open, one overdue (a to-do routed by DIS-02).

The to-dos of the anchor day are made at the end (`work.supervision`): the daily run of
`demo.builder` ran before this step.

With `--scale N` above 1 only the first copy of the district reports and is inspected
(`organizations`): the other copies' reports of 2025 stay missing (and get their to-dos), as
their organizations hold no organizational life or dues either; submitting and accepting them one
by one would multiply this step's time by N for no new kind of record."""

import datetime as dt
import random
from collections.abc import Collection

from django.db.models import QuerySet

from accounts.models import RoleAssignment, User
from orgs.models import PartyOrganization
from orgs.queries import led_by_committee
from supervision import services
from supervision.models import AnnualReport
from work.supervision import supervision_reminders

ANCHOR = dt.date(2026, 11, 1)
SEED = 2026_21

SECTIONS = {
    "responsibility": "党组织书记认真履行第一责任人职责，年初制定党建工作要点，逐级签订党建工作目标责任书，"
    "全年专题研究党建工作{n}次。",
    "organization_building": "按期完成支部委员会换届，规范“三会一课”、主题党日和组织生活会，"
    "全年发展党员{d}名，党员档案管理规范。",
    "education": "围绕党的二十届三中全会精神开展集中学习，组织党员冬训和专题党课，开展党员志愿服务活动。",
    "conduct": "落实中央八项规定精神，开展廉政警示教育，加强对重点岗位人员的日常监督，未发生违纪违法问题。",
    "problems": "个别支部“三会一课”记录不够规范；党员教育方式较为单一，青年党员参与度有待提高。",
    "plans": "2026年将进一步压实党建责任，推进支部标准化规范化建设，创新党员教育方式，抓好问题整改。",
}
FINDINGS = [
    ("党课开展次数不足，2026年上半年仅开展党课1次。", "制定党课计划，书记带头讲党课，按季度落实"),
    ("支委会会议记录内容简单，缺少议题和表决情况。", "规范支委会记录，补记上半年会议议题和表决情况"),
    ("主题党日活动形式单一，与业务工作结合不紧。", "结合单位业务制定主题党日活动方案"),
    ("组织生活会会前谈心谈话未全覆盖。", "补开谈心谈话，建立谈心谈话台账"),
    ("党员学习教育档案不全，个别党员学习笔记缺失。", "完善党员学习档案，开展学习笔记检查"),
]


def _of(reports: QuerySet[AnnualReport], organizations: Collection[int] | None) -> QuerySet[AnnualReport]:
    return reports if organizations is None else reports.filter(organization_id__in=organizations)


def _sections(rng: random.Random) -> dict[str, str]:
    return {k: v.format(n=rng.randint(4, 8), d=rng.randint(1, 3)) for k, v in SECTIONS.items()}


def _reports_2025(
    rng: random.Random, clerk: User, officer: User, organizations: Collection[int] | None
) -> dict[str, int]:
    reporting = services.do_open_reporting(2025, day=dt.date(2026, 1, 5), acting_user=clerk)
    reports = list(_of(reporting.reports.select_related("organization").order_by("organization__path"), organizations))
    late = set(rng.sample(range(len(reports)), min(4, len(reports))))
    waiting = set(rng.sample(sorted(set(range(len(reports))) - late), min(3, len(reports) - len(late))))
    returned = min(set(range(len(reports))) - late - waiting, default=None)
    for i, report in enumerate(reports):
        day = dt.date(2026, 2, rng.randint(2, 10)) if i in late else dt.date(2026, 1, rng.randint(8, 30))
        actor = (
            officer if RoleAssignment.objects.filter(user=officer, organization=report.organization).exists() else None
        )
        services.do_submit_report(
            report,
            summary=f"{report.organization.name}2025年度党建工作情况报告",
            sections=_sections(rng),
            day=day,
            acting_user=actor,
        )
        if i == returned:
            services.do_return_report(
                report,
                comment="存在问题分析不够具体，请结合督查发现的问题补充整改措施后重新报送。",
                day=day + dt.timedelta(days=3),
                acting_user=clerk,
            )
            sections = _sections(rng) | {"problems": "党员教育方式单一；“三会一课”记录不规范；整改台账更新不及时。"}
            services.do_submit_report(
                report,
                summary=f"{report.organization.name}2025年度党建工作情况报告（修改稿）",
                sections=sections,
                day=day + dt.timedelta(days=7),
                acting_user=actor,
            )
            day += dt.timedelta(days=7)
        if i not in waiting:
            services.do_accept_report(report, day=day + dt.timedelta(days=rng.randint(2, 12)), acting_user=clerk)
    return {"due": reporting.reports.count(), "late": len(late)}


def _reports_2026(rng: random.Random, clerk: User, officer: User, organizations: Collection[int] | None) -> int:
    reporting = services.do_open_reporting(2026, deadline=dt.date(2027, 1, 31), day=ANCHOR, acting_user=clerk)
    early = list(_of(reporting.reports.select_related("organization"), organizations).order_by("?")[:5])
    for report in early:
        services.do_submit_report(
            report,
            summary=f"{report.organization.name}2026年度党建工作情况报告",
            sections=_sections(rng),
            day=ANCHOR,
            acting_user=None,
        )
    return len(early)


def _inspection(
    rng: random.Random,
    clerk: User,
    near: PartyOrganization,
    branch: PartyOrganization,
    among: Collection[int] | None,
) -> dict:
    led = [o for o in led_by_committee(dt.date(2026, 5, 11)) if o.pk != near.pk and (among is None or o.pk in among)]
    others = rng.sample(led, min(6, len(led)))
    organizations = [near, branch, *others]
    inspection = services.do_create_inspection(
        topic="基层党组织“三会一课”落实情况专题督查",
        year=2026,
        organizations=organizations,
        starts_on=dt.date(2026, 5, 11),
        ends_on=dt.date(2026, 5, 29),
        inspectors=[clerk],
        other_inspectors="区纪委监委派驻纪检组 王敏",
        notes="采取查阅资料、个别谈话、随机抽查党员学习笔记等方式进行。",
        acting_user=clerk,
    )
    states = {"closed": 0, "reported": 0, "open": 0, "overdue": 0}
    for n, org in enumerate(organizations):
        picks = rng.sample(FINDINGS, 2 if org in (near, branch) else 1)
        for j, (text, action) in enumerate(picks):
            finding = services.do_add_finding(inspection, organization=org, text=text, acting_user=clerk)
            if org == branch and j == 0:
                plan = "open"  # for zhibushuji to close on a phone
                deadline = dt.date(2026, 12, 31)
            elif n == 2 and j == 0:
                plan, deadline = "overdue", dt.date(2026, 9, 30)
            elif org == near:
                plan, deadline = ("reported" if j == 0 else "closed"), dt.date(2026, 8, 31)
            else:
                plan = rng.choice(["closed", "closed", "reported", "open"])
                deadline = dt.date(2026, rng.choice([8, 9, 12]), 30) if plan != "open" else dt.date(2026, 12, 31)
            item = services.do_add_item(
                finding, text=action, responsible="支部书记", deadline=deadline, acting_user=clerk
            )
            if plan in ("reported", "closed"):
                item = services.do_report_item(
                    item,
                    note="已按要求完成整改，相关记录已补充完善。",
                    day=min(deadline, dt.date(2026, 10, 20)) - dt.timedelta(days=rng.randint(3, 20)),
                    acting_user=None,
                )
            if plan == "closed":
                services.do_accept_item(item, day=item.reported_on + dt.timedelta(days=5), acting_user=clerk)
            states[plan] += 1
    return states


def build(organizations: Collection[int] | None = None) -> dict:
    """The reports and the inspection of `organizations` (None: every organization the committee
    leads); returns counts for the builder's log."""
    rng = random.Random(SEED)
    if organizations is not None:
        organizations = frozenset(organizations)
    clerk = User.objects.get(username="zuzhike")
    officer = User.objects.get(username="jiguandangwei")
    near = RoleAssignment.objects.get(user=officer).organization
    branch = RoleAssignment.objects.get(user__username="zhibushuji").organization
    counts = {
        "reports_2025": _reports_2025(rng, clerk, officer, organizations),
        "reports_2026_in": _reports_2026(rng, clerk, officer, organizations),
        "inspection": _inspection(rng, clerk, near, branch, organizations),
    }
    counts["todos"] = supervision_reminders(ANCHOR)
    return counts
