"""The demo's small year of discipline work (2026), recorded through the discipline and members
services as the 纪工委 (`jijian`) would: talks with new secretaries and a few reminder and
admonishment talks, clues routed by the authority list in force, two cases (one closed with a
sanction, one open past its time limit), a probation from 2025 still in effect, and a suspension
for lost contact and its restoration (the seed's member figures stay as they are)."""

import datetime as dt
import random

from accounts.models import User
from development.models import Step
from discipline import cases, sanctions, talks
from discipline.models import ClueSource, Disposal, SanctionKind, TalkKind
from members.models import Category, EventKind, FlagKind, Member, Membership, Status
from members.services import do_record_flag, do_record_member_event
from orgs.models import Post, PostRole

YEAR = 2026

GISTS = {
    TalkKind.APPOINTMENT: "谈任职要求，讲清全面从严治党主体责任和“一岗双责”，提出廉洁自律要求。",
    TalkKind.REMINDER: "反映其工作作风有简单粗暴苗头，提醒注意方式方法，本人表示接受。",
    TalkKind.ADMONITION: "违规使用公务用车问题，经核实属实，情节较轻，予以诫勉。",
    TalkKind.LETTER_INQUIRY: "就群众反映其亲属经商问题函询，本人如实说明，经核属实无违规。",
}
CLUES = [
    (dt.date(2026, 1, 12), ClueSource.REPORT, "反映违规发放津贴补贴", Disposal.TALK_INQUIRY),
    (dt.date(2026, 2, 20), ClueSource.SUPERVISION, "监督检查发现公务接待超标准", Disposal.PRELIMINARY),
    (dt.date(2026, 3, 9), ClueSource.REPORT, "反映工作日中午饮酒", Disposal.TALK_INQUIRY),
    (dt.date(2026, 4, 17), ClueSource.REFERRAL, "上级交办：反映违规收受礼品", Disposal.PRELIMINARY),
    (dt.date(2026, 6, 3), ClueSource.REPORT, "匿名反映，内容笼统无可查性", Disposal.CLOSED),
    (dt.date(2026, 7, 21), ClueSource.REPORT, "反映其亲属经商", Disposal.TALK_INQUIRY),
    (dt.date(2026, 9, 8), ClueSource.OTHER, "反映违规打牌，当事人外出学习", Disposal.SHELVED),
    (dt.date(2026, 10, 26), ClueSource.REPORT, "反映办事推诿", None),
]


# the earliest day the demo records a decision about one of `_people` (the probation of 2025,
# the lost contact from 2025-09-01): each of them is a full member and on the roll by then
SINCE = dt.date(YEAR - 1, 9, 1)


def _people(rng: random.Random, branch_ids: list[int], n: int, *, exclude: set[int]) -> list[Member]:
    """`n` full members of branches that recorded no development step: a probation or a
    suspension recorded now would change the entitled voters of votes recorded before it.
    Full members since `SINCE` and on the roll then: a probationary member is given no sanction
    (the service refuses it), so the draw never picks one who was probationary on a decision's day."""
    voting = Step.objects.values("organization_id")
    on_roll = Membership.objects.as_of(SINCE).values("member_id")
    pool = list(
        Member.objects.filter(
            organization_id__in=branch_ids,
            status=Status.ACTIVE,
            category=Category.FULL,
            full_member_date__lte=SINCE,
            pk__in=on_roll,
        )
        .exclude(organization_id__in=voting)
        .exclude(pk__in=exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    return list(Member.objects.filter(pk__in=rng.sample(pool, n)).order_by("pk"))


def build(branch_ids: list[int], *, keep: set[int]) -> dict[str, int]:
    """`branch_ids`: the branches of the first copy; `keep`: members the demo accounts stand for."""
    rng = random.Random(YEAR + 18)
    officer = User.objects.get(username="jijian")
    talker = "区直机关纪工委书记"
    used = set(keep)

    # new secretaries of the year: the appointment talk the to-do asks for
    posts = (
        Post.objects.filter(role__in=[PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY], valid_from__year=YEAR)
        .select_related("member")
        .order_by("valid_from", "pk")[:8]
    )
    for post in posts:
        talks.do_record_talk(
            kind=TalkKind.APPOINTMENT,
            member=post.member,
            date=post.valid_from + dt.timedelta(days=rng.randint(3, 20)),
            talker="区直机关工委组织科",
            gist=GISTS[TalkKind.APPOINTMENT],
            follow_up="",
            post=post,
            acting_user=officer,
        )
    people = _people(rng, branch_ids, 24, exclude=used)
    used |= {p.pk for p in people}
    for i, kind in enumerate([TalkKind.REMINDER] * 4 + [TalkKind.ADMONITION] * 2 + [TalkKind.LETTER_INQUIRY]):
        talks.do_record_talk(
            kind=kind,
            member=people[i],
            date=dt.date(YEAR, 2 + i, 10 + i),
            talker=talker,
            gist=GISTS[kind],
            follow_up="已跟踪回访，整改到位。" if kind != TalkKind.LETTER_INQUIRY else "",
            acting_user=officer,
        )

    # clues routed by the authority list in force, disposed of in the four ways
    opened = []
    for i, (received, source, summary, disposal) in enumerate(CLUES):
        clue = cases.do_register_clue(
            member=people[7 + i], received_on=received, source=source, summary=summary, acting_user=officer
        )
        if disposal is None:
            continue
        day = received + dt.timedelta(days=14)
        cases.do_dispose_clue(clue, disposal=disposal, day=day, note="按规定处置。", acting_user=officer)
        if disposal == Disposal.PRELIMINARY:
            opened.append(cases.do_open_case(opened_on=day + dt.timedelta(days=30), clue=clue, acting_user=officer))

    # the first case ends in a serious warning; the second is still under investigation past its limit
    first = opened[0]
    cases.do_close_case(
        first, day=first.opened_on + dt.timedelta(days=75), decision="给予严重警告处分。", acting_user=officer
    )
    sanctions.do_impose_sanction(
        member=first.member,
        kind=SanctionKind.SERIOUS_WARNING,
        decided_on=first.opened_on + dt.timedelta(days=75),
        decided_by="区直机关纪工委",
        narrative="违反中央八项规定精神，公务接待超标准。",
        case=first,
        acting_user=officer,
    )
    # a probation decided in 2025, in effect through 2026: the member has no vote
    probation = people[16]
    sanctions.do_impose_sanction(
        member=probation,
        kind=SanctionKind.PROBATION,
        decided_on=dt.date(2025, 9, 15),
        decided_by="区直机关纪工委",
        narrative="违反廉洁纪律，收受礼金。",
        probation_years=2,
        acting_user=officer,
    )
    sanctions.do_impose_sanction(
        member=people[17],
        kind=SanctionKind.WARNING,
        decided_on=dt.date(YEAR, 5, 20),
        decided_by="区直机关纪工委",
        narrative="违反工作纪律，履职不力。",
        acting_user=officer,
    )

    # the 党籍 events of the year, which leave the seed's figures as they are: a member out of
    # contact since 2025 is suspended in April and, found again, restored in October
    suspended_on = dt.date(YEAR, 4, 10)
    # one whose posts all began before the suspension (the service refuses a later one); at
    # scale 1 the first drawn, at other scales the draw differs and may hold a post of the year
    lost = next(
        p for p in (people[22], people[23], *people[18:22]) if not p.posts.filter(valid_from__gt=suspended_on).exists()
    )
    do_record_flag(
        lost,
        kind=FlagKind.LOST_CONTACT,
        valid_from=dt.date(2025, 9, 1),
        valid_to=dt.date(YEAR, 10, 12),
        place="",
        note="多次电话、上门联系未果。",
        acting_user=officer,
    )
    branch = lost.organization
    do_record_member_event(
        lost,
        kind=EventKind.SUSPENDED,
        day=suspended_on,
        note="失联超过六个月，经支部大会讨论停止党籍。",
        acting_user=None,
    )
    do_record_member_event(
        lost,
        kind=EventKind.RESTORED,
        day=dt.date(YEAR, 10, 12),
        note="本人主动联系组织，说明情况，经支部大会讨论恢复党籍。",
        organization=branch,
        acting_user=None,
    )
    return {"talks": len(posts) + 7, "clues": len(CLUES), "cases": len(opened), "events": 2}
