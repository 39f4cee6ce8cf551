import datetime as dt

import pytest

from audit.models import AuditEvent
from conftest import make_id_number
from core import idcard
from core.errors import DomainError
from members.models import Category, Member, Membership, Status
from members.services import do_create_member, do_record_member_event, do_update_member


def build(name="新党员", join=dt.date(2015, 7, 1), full=dt.date(2016, 7, 1)):
    return Member(name=name, education="bachelor", join_date=join, full_member_date=full)


def test_registering_a_member_stores_the_id_number_encrypted_and_derives_birth_and_gender(registry):
    number = make_id_number(dt.date(1990, 3, 4), "F")
    member = do_create_member(
        build(),
        id_number=number,
        phone="13900001111",
        organization=registry.branch_a,
        since=dt.date(2015, 7, 1),
        acting_user=None,
    )
    member.refresh_from_db()
    assert (member.birth_date, member.gender) == (dt.date(1990, 3, 4), "F")
    assert number not in member.id_number_encrypted and member.id_number == number
    assert member.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert member.name_pinyin == "xindangyuan" and member.name_initials == "xdy"
    assert Membership.objects.get(member=member).organization == registry.branch_a


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id_number": "500101199003040000"}, "校验位不正确"),
        ({"join": dt.date(2999, 1, 1)}, "入党日期不能晚于今天"),
        ({"full": dt.date(2014, 1, 1)}, "预备期为一年，自2015-07-01入党至2016-07-01届满"),
        ({"full": dt.date(2016, 6, 30)}, "转正日期不能早于届满之日"),  # one day short of a year
        ({"join": dt.date(2005, 1, 1)}, "年满十八周岁"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message_and_nothing_is_saved(registry, change, message):
    count = Member.objects.count()
    member = build(join=change.get("join", dt.date(2015, 7, 1)), full=change.get("full", dt.date(2016, 7, 1)))
    with pytest.raises(DomainError, match=message):
        do_create_member(
            member,
            id_number=change.get("id_number", make_id_number(dt.date(1990, 3, 4))),
            phone="",
            organization=registry.branch_a,
            since=dt.date(2016, 1, 1),
            acting_user=None,
        )
    assert Member.objects.count() == count


def test_the_same_person_cannot_be_registered_in_two_organizations(registry):
    number = registry.zhang_san.id_number
    with pytest.raises(DomainError, match="同一党员不能在两个党组织中登记"):
        do_create_member(
            build(),
            id_number=number,
            phone="",
            organization=registry.branch_c,
            since=dt.date(2016, 1, 1),
            acting_user=None,
        )
    assert Membership.objects.filter(member=registry.zhang_san).count() == 1


def test_members_are_registered_only_in_branches(registry):
    with pytest.raises(DomainError, match="党支部"):
        do_create_member(
            build(),
            id_number=make_id_number(),
            phone="",
            organization=registry.opc,
            since=dt.date(2016, 1, 1),
            acting_user=None,
        )


def test_a_given_gender_that_contradicts_the_id_number_is_refused(registry):
    # Forms derive gender from the number; callers that state it (imports) are checked.
    member = build()
    member.gender = "M"
    female_number = idcard.make("500101", dt.date(1990, 3, 4), 2, "F")
    with pytest.raises(DomainError, match="第17位与性别不符"):
        do_create_member(
            member,
            id_number=female_number,
            phone="",
            organization=registry.branch_a,
            since=dt.date(2016, 1, 1),
            acting_user=None,
        )
    assert not Member.objects.filter(name="新党员").exists()


def test_a_new_id_number_replaces_birth_date_and_gender(registry):
    member = registry.zhang_san
    number = idcard.make("500101", dt.date(1979, 9, 9), 4, "F")
    do_update_member(member, id_number=number, phone=None, acting_user=None)
    member.refresh_from_db()
    assert (member.birth_date, member.gender, member.id_number) == (dt.date(1979, 9, 9), "F", number)


def test_death_ends_membership_and_posts_at_the_date_and_keeps_history(registry):
    day = dt.date(2024, 3, 1)
    do_record_member_event(registry.zhang_san, kind="deceased", day=day, note="病故", acting_user=None)
    member = Member.objects.get(pk=registry.zhang_san.pk)
    assert (member.status, member.organization) == (Status.DECEASED, registry.branch_a)  # of record
    assert Membership.objects.get(member=member).valid_to == day
    assert AuditEvent.objects.filter(action="members.member.deceased", target_id=str(member.pk)).exists()


def test_conversion_makes_a_probationary_member_full_when_probation_is_over(registry, settings):
    settings.DANGJIAN_TODAY = "2026-12-31"
    with pytest.raises(DomainError, match="至2026-12-01届满"):
        do_record_member_event(
            registry.zhao_liu, kind="converted", day=dt.date(2026, 11, 30), note="", acting_user=None
        )
    do_record_member_event(registry.zhao_liu, kind="converted", day=dt.date(2026, 12, 1), note="", acting_user=None)
    member = Member.objects.get(pk=registry.zhao_liu.pk)
    assert (member.category, member.full_member_date) == (Category.FULL, dt.date(2026, 12, 1))


def test_an_event_on_a_member_who_has_left_is_refused(registry):
    do_record_member_event(registry.zhang_san, kind="withdrew", day=dt.date(2024, 3, 1), note="", acting_user=None)
    with pytest.raises(DomainError, match="当前状态为“出党”"):
        do_record_member_event(registry.zhang_san, kind="deceased", day=dt.date(2025, 3, 1), note="", acting_user=None)


def test_a_member_born_on_29_february_may_join_on_28_february_of_their_eighteenth_year(registry):
    def register(join):
        return do_create_member(
            Member(name="闰日", join_date=join),
            id_number=make_id_number(dt.date(2004, 2, 29)),
            phone="",
            organization=registry.branch_a,
            since=join,
            acting_user=None,
        )

    with pytest.raises(DomainError, match="年满十八周岁.*章程》第一条"):
        register(dt.date(2022, 2, 27))
    assert register(dt.date(2022, 2, 28)).birth_date == dt.date(2004, 2, 29)
