"""The demo's 2026 committee activities (机关工会, 团工委), recorded through the activities
services, with participants by organization: the large cultural and sports events and the youth
activities are held, the visit for all members is not yet (so the yearly check shows one short)."""

import datetime as dt
import random

from activities import services
from activities.models import Activity, ActivityKind, Organizer
from orgs.models import OrgKind, PartyOrganization

ACTIVITIES = [
    (Organizer.UNION, ActivityKind.CULTURAL_SPORTS, "2026年区直机关职工趣味运动会", dt.date(2026, 4, 24), "区体育中心"),
    (Organizer.YOUTH_LEAGUE, ActivityKind.YOUTH, "“五四”青年志愿服务进社区", dt.date(2026, 5, 4), "高笋塘街道"),
    (Organizer.YOUTH_LEAGUE, ActivityKind.YOUTH, "青年干部读书分享会", dt.date(2026, 7, 15), "区图书馆"),
    (Organizer.UNION, ActivityKind.CULTURAL_SPORTS, "喜迎国庆文艺汇演", dt.date(2026, 9, 26), "三峡移民纪念馆报告厅"),
]


def build() -> None:
    rng = random.Random(17)
    committees = list(
        PartyOrganization.objects.filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE, dissolved__isnull=True).order_by("code")[
            :40
        ]
    )
    for organizer, kind, title, day, place in ACTIVITIES:
        activity = services.do_save_activity(
            Activity(organizer=organizer, kind=kind, title=title, date=day, place=place), acting_user=None
        )
        for org in rng.sample(committees, min(len(committees), rng.randint(6, 12))):
            services.do_set_participation(activity, org, people=rng.randint(5, 40), acting_user=None)
