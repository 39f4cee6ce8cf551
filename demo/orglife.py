"""The demo's year of organizational life (2026, up to today) for every branch of the first copy
of the district: most branches compliant, some behind (months and quarters missed), a few
silent (nothing for five weeks or more); party groups in the larger branches; attendance drawn
from the roll on each date, with a few excused (with their reason) and absent, and a handful of
members who have taken part in nothing since spring (the branch's "members needing attention").

Written in bulk through `orglife.services.bulk_record_meetings` / `bulk_save_party_groups`,
drawing from the builder's random generator (deterministic). The year plans will be generated
through `orglife.services.do_generate_plan` once it is merged (note for the merge)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from core import clock
from members.models import Member, Membership
from orglife.models import AttendanceStatus, Meeting, MeetingKind, PartyGroup, PartyGroupMember
from orglife.services import bulk_record_meetings, bulk_save_party_groups, do_generate_plan
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization, Post, PostRole

YEAR = 2026
COMMITTEE_ROLES = (PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY, PostRole.COMMITTEE_MEMBER, PostRole.DISCIPLINE_MEMBER)
GROUPS_FROM_SIZE = 25  # branches this large work in party groups
GROUPS_SINCE = dt.date(2024, 3, 1)

THEME_DAYS = [
    "学习贯彻党的二十届四中全会精神主题党日",
    "“不忘初心、牢记使命”重温入党誓词",
    "走进万州革命烈士陵园开展革命传统教育",
    "“我为群众办实事”志愿服务进社区",
    "学习《中国共产党纪律处分条例》专题研讨",
    "“七一”庆祝建党105周年主题党日",
    "清廉机关建设警示教育",
    "重温红色家书 传承红色基因",
    "垃圾分类志愿宣传进小区",
    "学习习近平总书记视察重庆重要讲话精神",
    "“学思想、强党性、重实践、建新功”交流研讨",
    "国家安全教育日主题学习",
]
LECTURES = [
    "以党的创新理论凝心铸魂",
    "坚持党的全面领导 推动机关党建高质量发展",
    "弘扬伟大建党精神 争做忠诚干净担当表率",
    "深入学习贯彻中央八项规定精神",
    "发扬斗争精神 增强斗争本领",
    "践行全心全意为人民服务的根本宗旨",
]
ASSEMBLIES = [
    "传达学习上级会议精神，研究部署本季度党建工作",
    "讨论确定入党积极分子，通报党费收缴情况",
    "学习《中国共产党支部工作条例（试行）》",
    "听取支部委员会工作报告，研究下半年工作",
]
COMMITTEES = [
    "研究本月主题党日活动安排",
    "研究发展党员工作，听取培养联系人汇报",
    "研究党员教育培训计划",
    "研究落实意识形态工作责任制",
    "研究“三会一课”落实情况",
]
GROUPS = ["学习党章党规，交流工作体会", "传达支部委员会会议精神", "开展批评与自我批评", "学习先进典型事迹"]
LIFE_MEETING = "2025年度组织生活会暨民主评议党员"
TALKS = ["谈心谈话：思想工作情况", "谈心谈话：了解家庭困难", "谈心谈话：廉洁提醒"]
PLACES = ["机关三楼会议室", "党员活动室", "支部会议室", "机关党员活动中心", "万州区党员教育基地"]
EXCUSES = ["出差", "病假", "参加区里集中培训", "下乡驻村", "单位值班", "事假"]


def _weekday(rng, year: int, month: int, today: dt.date) -> dt.date | None:
    """A working day of the month, before today (None when the month has none left)."""
    for _ in range(10):
        day = dt.date(year, month, rng.randint(1, 28))
        if day.weekday() < 5:
            return day if day < today else None
    return None


# Class hours (学时) the demo's meetings earn: a theme day's study, a lecture's half day, a
# day of concentrated training (the recording form proposes the local default instead).
CLASS_HOURS = {MeetingKind.THEME_DAY: Decimal(2), MeetingKind.LECTURE: Decimal(4), MeetingKind.TRAINING: Decimal(8)}


def build(b, branch_ids: list[int], *, working: PartyOrganization, secretary_branch: int | None = None) -> dict:
    """The year's meetings of `branch_ids` and of the branches outside the `working` committee's
    subtree (the district's own, which no copy repeats), with their party groups.
    `secretary_branch`, the demo secretary's, is compliant but has not yet held this month's
    theme day (to record it). Returns counts for the builder's log."""
    rng = b.rng
    today = clock.today()
    start = dt.date(YEAR, 1, 1)
    if today < start:
        return {"meetings": 0}
    outside = PartyOrganization.objects.filter(kind__in=MEMBER_HOLDING_KINDS).exclude(path__startswith=working.path)
    branches = list(
        PartyOrganization.objects.filter(Q(pk__in=branch_ids) | Q(pk__in=outside.values("pk")), founded__lt=today)
        .exclude(dissolved__lte=start)
        .order_by("path")
    )
    ids = [o.pk for o in branches]
    roll: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for member_id, org_id, since, until in (
        Membership.objects.filter(organization_id__in=ids)
        .overlapping(start, today)
        .values_list("member_id", "organization_id", "valid_from", "valid_to")
        .order_by("member_id")
    ):
        roll[org_id].append((member_id, since, until))
    committee: dict[int, list[tuple[int, str, dt.date, dt.date | None]]] = defaultdict(list)
    for member_id, org_id, role, since, until in (
        Post.objects.filter(organization_id__in=ids, role__in=COMMITTEE_ROLES)
        .overlapping(start, today)
        .values_list("member_id", "organization_id", "role", "valid_from", "valid_to")
        .order_by("organization_id", "role", "member_id")
    ):
        committee[org_id].append((member_id, role, since, until))
    names = dict(
        Member.objects.filter(pk__in={p[0] for posts in committee.values() for p in posts}).values_list("pk", "name")
    )

    def on(rows, day):
        return [r[0] for r in rows if r[1 if len(r) == 3 else 2] <= day and (r[-1] is None or r[-1] > day)]

    # The party groups of the larger branches, and their members (at most one group each).
    group_rows = []
    for org in branches:
        members = [m for m, since, until in roll[org.pk] if until is None]
        if len(members) < GROUPS_FROM_SIZE:
            continue
        count = 2 if len(members) < 40 else 3
        since = max(GROUPS_SINCE, org.founded)
        for g in range(count):
            seats = members[g::count]
            group_rows.append(
                (
                    PartyGroup(branch=org, name=f"第{'一二三'[g]}党小组", valid_from=since),
                    [PartyGroupMember(member_id=m, is_leader=i == 0, valid_from=since) for i, m in enumerate(seats)],
                )
            )
    bulk_save_party_groups(group_rows)
    groups: dict[int, list[tuple[PartyGroup, list[int]]]] = defaultdict(list)
    for group, seats in group_rows:
        groups[group.branch_id].append((group, [s.member_id for s in seats]))

    # Some members take part in nothing since spring: the branch's list needs someone on it.
    everyone = sorted({m for rows in roll.values() for m, _s, _u in rows})
    drifting = set(rng.sample(everyone, k=max(1, len(everyone) // 150))) if everyone else set()

    rows: list[tuple[Meeting, list[tuple[int, str, str]]]] = []
    profiles = {"compliant": 0, "behind": 0, "silent": 0}

    def attendance(members: list[int], day: dt.date, *, full: bool = True) -> list[tuple[int, str, str]]:
        marks = []
        for m in members:
            draw = rng.random()
            if m in drifting and day >= dt.date(YEAR, 4, 1):
                status = AttendanceStatus.EXCUSED if draw < 0.3 else AttendanceStatus.ABSENT
            elif draw < (0.9 if full else 0.95):
                status = AttendanceStatus.PRESENT
            elif draw < 0.97:
                status = AttendanceStatus.EXCUSED
            else:
                status = AttendanceStatus.ABSENT
            reason = rng.choice(EXCUSES) if status == AttendanceStatus.EXCUSED else ""
            marks.append((m, status, reason))
        return marks

    def year_of(org: PartyOrganization, profile: str) -> None:
        miss = {"compliant": 0.0, "behind": 0.35, "silent": 0.1}[profile]
        until = today if profile != "silent" else today - dt.timedelta(days=rng.randint(36, 90))
        posts = committee[org.pk]
        secretary = next((p[0] for p in posts if p[1] == PostRole.SECRETARY), None)
        has_committee = any(p[1] != PostRole.SECRETARY for p in posts)
        place = rng.choice(PLACES)
        theme_day_of_month = rng.randint(3, 25)

        def meeting(kind: str, day: dt.date, topic: str, members: list[int] | None = None, *, group=None, **extra):
            if day >= until or day < org.founded:
                return
            on_roll = set(on(roll[org.pk], day))
            # the roll on the date: the branch's members, the committee's, the group's, the pair
            members = sorted(on_roll) if members is None else [m for m in members if m in on_roll]
            if not members:
                return
            marks = attendance(members, day, full=kind != MeetingKind.TALK)
            quorate = None
            if kind == MeetingKind.COMMITTEE:
                present = sum(1 for _m, status, _r in marks if status == AttendanceStatus.PRESENT)
                quorate = present * 2 >= len(members)
            recorder = next((m for m in members if m != secretary), None)
            rows.append(
                (
                    Meeting(
                        organization=org,
                        kind=kind,
                        date=day,
                        place=extra.get("place", place),
                        topic=topic,
                        content=extra.get("content", f"{topic}。与会同志结合工作实际作了交流发言。"),
                        decisions=extra.get("decisions", ""),
                        host_id=secretary if secretary in members or kind == MeetingKind.LECTURE else None,
                        recorder_id=recorder,
                        lecturer=extra.get("lecturer", ""),
                        party_group=group,
                        hours=CLASS_HOURS.get(kind),
                        quorate=quorate,
                    ),
                    marks,
                )
            )

        for month in range(1, 13):
            first = dt.date(YEAR, month, 1)
            if first > today:
                break
            members = on(roll[org.pk], first)  # for the talks' pairs
            # 主题党日: a fixed day of the month (the demo secretary's branch has not held November's yet)
            day = dt.date(YEAR, month, theme_day_of_month)
            if rng.random() >= miss and not (org.pk == secretary_branch and month == today.month):
                meeting(MeetingKind.THEME_DAY, day, THEME_DAYS[(month - 1) % len(THEME_DAYS)])
            if has_committee and rng.random() >= miss and (day := _weekday(rng, YEAR, month, today)):
                # the committee seated that day, or (before a new term's posts) the one seated first
                seated = on(posts, day) or [p[0] for p in posts if p[2] == min(q[2] for q in posts)]
                meeting(
                    MeetingKind.COMMITTEE, day, rng.choice(COMMITTEES), seated, decisions="会议议定事项已分工落实。"
                )
            for group, seats in groups[org.pk]:
                if rng.random() >= miss + 0.05 and (day := _weekday(rng, YEAR, month, today)):
                    meeting(MeetingKind.GROUP, day, rng.choice(GROUPS), seats, group=group)
            if month % 3 == 2 and rng.random() >= miss * 1.5 and (day := _weekday(rng, YEAR, month, today)):
                meeting(
                    MeetingKind.BRANCH_ASSEMBLY,
                    day,
                    ASSEMBLIES[month // 3],
                    decisions="会议一致同意上述事项。",
                )
            if month in (3, 6, 9) and profile != "behind" and (day := _weekday(rng, YEAR, month, today)):
                meeting(
                    MeetingKind.LECTURE,
                    day,
                    LECTURES[(month // 3 + org.pk) % len(LECTURES)],
                    lecturer=names.get(secretary, "") if secretary else "",
                )
            if month == 2 and rng.random() >= miss and (day := _weekday(rng, YEAR, month, today)):
                meeting(MeetingKind.LIFE_MEETING, day, LIFE_MEETING)
            if month in (4, 10) and secretary and len(members) > 1 and (day := _weekday(rng, YEAR, month, today)):
                other = rng.choice([m for m in members if m != secretary] or members)
                meeting(MeetingKind.TALK, day, rng.choice(TALKS), [secretary, other], place="书记办公室")

    for org in branches:
        draw = rng.random()
        profile = "silent" if draw < 0.06 else "behind" if draw < 0.22 else "compliant"
        if org.pk == secretary_branch:
            profile = "compliant"
        profiles[profile] += 1
        year_of(org, profile)

    count = bulk_record_meetings(rows)
    planned = 0
    if secretary_branch is not None and today.year == YEAR:
        # the demo secretary's plan for the rest of the year, as the 组织生活 page offers it
        branch = PartyOrganization.objects.get(pk=secretary_branch)
        planned = len(do_generate_plan(branch, YEAR, acting_user=None))
    return {"meetings": count, "groups": len(group_rows), "planned": planned, **profiles}
