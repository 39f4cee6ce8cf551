"""The demo's commendation rounds, recorded through the commendations services with the clock
moved to each step's day: the 2024 round decided on 28 June 2024 (honours for about ten
organizations and forty members across the three standard categories, spread over the
organizations the committee leads), and the 2026 round in nomination — opened, quotas set by
membership, some organizations have nominated, among them one member under a sanction recorded
by the discipline demo (shown as ineligible with the reason), and the organ party committee of
the `jiguandangwei` account has used part of its quota."""

import datetime as dt
import random

from django.conf import settings
from django.test.utils import override_settings

from commendations import eligibility, services
from commendations.models import Category, NomineeKind, Round, Standard
from commendations.queries import default_nominating, quota_table
from core.errors import DomainError
from discipline.queries import sanctions_in_effect
from members.models import Category as MemberCategory
from members.models import Member, Status
from orgs.models import OrgKind, PartyOrganization

SEED = 2026_21
TOTALS_2024 = {Standard.EXCELLENT_MEMBER: 30, Standard.EXCELLENT_WORKER: 10, Standard.ADVANCED_ORGANIZATION: 10}
TOTALS_2026 = {Standard.EXCELLENT_MEMBER: 32, Standard.EXCELLENT_WORKER: 10, Standard.ADVANCED_ORGANIZATION: 10}
DEEDS_MEMBER = [
    "立足岗位、担当作为，牵头完成年度重点工作任务，在急难险重任务中发挥先锋模范作用。",
    "认真履行党员义务，带头参加组织生活，积极参与志愿服务和结对帮扶，群众评价好。",
    "业务精湛、作风扎实，在优化营商环境和为民办实事中成绩突出。",
]
DEEDS_WORKER = [
    "长期从事党务工作，规范落实“三会一课”等制度，党员发展和教育管理工作扎实。",
    "牵头推进支部标准化规范化建设，党建与业务深度融合，所在支部成效明显。",
]
DEEDS_ORGANIZATION = [
    "班子坚强有力，组织生活规范，党员作用发挥充分，围绕中心服务大局成效显著。",
    "创新开展主题党日活动，党建品牌特色鲜明，结对共建工作受到群众好评。",
]


def _category(round_: Round, standard: str) -> Category:
    return round_.categories.get(standard=standard)


def _members(org: PartyOrganization, day: dt.date) -> list[Member]:
    return list(
        Member.objects.filter(
            organization__path__startswith=org.path,
            status=Status.ACTIVE,
            category=MemberCategory.FULL,
            full_member_date__lte=day,
        ).order_by("pk")[:400]
    )


def _branches(org: PartyOrganization) -> list[PartyOrganization]:
    rows = PartyOrganization.objects.filter(path__startswith=org.path, dissolved__isnull=True)
    return list(rows.filter(kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH]).order_by("path")) or [org]


def _open(name: str, year: int, opens: dt.date, closes: dt.date, totals: dict) -> tuple[Round, list]:
    round_ = services.do_create_round(
        name=name, year=year, opens_on=opens, closes_on=closes, standards=list(Standard.values), acting_user=None
    )
    organizations = list(default_nominating(opens))
    wanted = {_category(round_, s).pk: n for s, n in totals.items()}
    services.do_set_quotas(round_, services.suggest_quotas(wanted, organizations, opens), acting_user=None)
    return round_, organizations


def _nominate(rng, round_, org, seats: dict, day: dt.date, *, limit: int | None = None, skip=()) -> list:
    """Nominate up to the quota (or `limit` nominations) of `org` in each category."""
    made, taken = [], set(skip)
    categories = list(round_.categories.all())
    if not any(seats.get((org.pk, c.pk)) for c in categories):
        return made  # most organizations at scale: a district's seats are few (and the read is not)
    members = [m for m in _members(org, day) if m.pk not in taken]
    rng.shuffle(members)
    for category in categories:
        for _ in range(seats.get((org.pk, category.pk), 0)):
            if limit is not None and len(made) >= limit:
                return made
            if category.nominee_kind == NomineeKind.ORGANIZATION:
                nominee, member = rng.choice(_branches(org)), None
                deeds = DEEDS_ORGANIZATION
            else:
                if not members:
                    break
                nominee, member = None, members.pop()
                deeds = DEEDS_WORKER if category.standard == Standard.EXCELLENT_WORKER else DEEDS_MEMBER
            try:
                made.append(
                    services.do_nominate(
                        round_,
                        org,
                        category=category,
                        member=member,
                        nominee=nominee,
                        basis=rng.choice(deeds),
                        acting_user=None,
                    )
                )
            except DomainError:
                continue  # the same branch twice: its seat stays unused
    return made


def build(*, jiguandangwei: PartyOrganization) -> dict[str, int]:
    if settings.PRODUCTION:
        return {}
    rng = random.Random(SEED)
    counts: dict[str, int] = {}
    # 2024: decided
    with override_settings(DANGJIAN_TODAY="2024-04-15"):
        round_, organizations = _open(
            "2024年度区直机关“两优一先”表彰", 2024, dt.date(2024, 4, 1), dt.date(2024, 5, 20), TOTALS_2024
        )
        seats = quota_table(round_)
        made = []
        for org in organizations:
            made += _nominate(rng, round_, org, seats, dt.date(2024, 4, 15))
    with override_settings(DANGJIAN_TODAY="2024-05-27"):
        day = dt.date(2024, 5, 27)
        barred = {pk for pk, rows in eligibility.findings(made, day).items() if rows}
        for n in made:
            if n.pk in barred:
                services.do_review_nomination(n, approve=False, reason="经审核不符合表彰条件", acting_user=None)
            else:
                services.do_review_nomination(n, approve=True, acting_user=None)
        round_, _warning = services.do_start_notice(round_, starts=dt.date(2024, 6, 3), acting_user=None)
    with override_settings(DANGJIAN_TODAY="2024-06-28"):
        services.do_decide(
            round_, decided_on=dt.date(2024, 6, 28), document_number="万直机工委〔2024〕15号", acting_user=None
        )
    counts["2024 honours"] = len(made) - len(barred)

    # 2026: in nomination
    day = dt.date(2026, 10, 28)
    with override_settings(DANGJIAN_TODAY=day.isoformat()):
        round_, organizations = _open(
            "2026年度区直机关“两优一先”表彰", 2026, dt.date(2026, 10, 20), dt.date(2026, 12, 18), TOTALS_2026
        )
        seats = quota_table(round_)
        excellent = _category(round_, Standard.EXCELLENT_MEMBER)
        # one member under a sanction, nominated by the organization above them
        sanctioned = sanctions_in_effect(day).select_related("member").order_by("pk").first()
        made = []
        ineligible_org = None
        if sanctioned is not None and sanctioned.member.organization is not None:
            path = sanctioned.member.organization.path
            ineligible_org = next((o for o in organizations if path.startswith(o.path)), None)
            if ineligible_org is not None:
                if not seats.get((ineligible_org.pk, excellent.pk)):
                    seats[(ineligible_org.pk, excellent.pk)] = 1
                    services.do_set_quotas(round_, {(ineligible_org.pk, excellent.pk): 1}, acting_user=None)
                made.append(
                    services.do_nominate(
                        round_,
                        ineligible_org,
                        category=excellent,
                        member=sanctioned.member,
                        basis=DEEDS_MEMBER[0],
                        acting_user=None,
                    )
                )
        others = [o for o in organizations if o not in (ineligible_org, jiguandangwei)]
        rng.shuffle(others)
        for org in others[: max(len(others) * 2 // 5, 1)]:
            made += _nominate(
                rng, round_, org, seats, day, skip={n.member_id for n in made if n.organization_id == org.pk}
            )
        if ineligible_org is not None:
            made += _nominate(rng, round_, ineligible_org, seats, day, skip={sanctioned.member_id}, limit=2)
        if jiguandangwei in organizations:
            key = (jiguandangwei.pk, excellent.pk)
            if seats.get(key, 0) < 2:  # room left after its one nomination: partially used
                services.do_set_quotas(round_, {key: 2}, acting_user=None)
                seats[key] = 2
            made += _nominate(rng, round_, jiguandangwei, seats, day, limit=1)  # partially
        # the committee has begun the review: a few approved
        for n in made[1:6]:
            if eligibility.eligible(n, day):
                services.do_review_nomination(n, approve=True, acting_user=None)
    counts["2026 nominations"] = len(made)
    return counts
