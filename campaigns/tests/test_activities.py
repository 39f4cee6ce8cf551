"""Pairings and their joint activities; members' own activities."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import services
from campaigns.models import JointActivity, MemberActivity
from core.errors import DomainError


@pytest.fixture
def pairing(registry):
    return services.do_create_pairing(
        registry.opc,
        partner_kind="village",
        partner_name="龙驹镇梨树村",
        started_on=dt.date(2025, 3, 1),
        purpose="党建引领乡村振兴",
        acting_user=None,
    )


def test_a_pairing_with_a_village_records_joint_activities_from_its_side(pairing, registry):
    activity = services.do_record_joint_activity(
        pairing,
        side=registry.opc,
        date=dt.date(2026, 5, 20),
        title="联合主题党日",
        description="走访困难群众，宣讲惠民政策",
        participants=24,
        acting_user=None,
    )
    assert activity.side == registry.opc and str(pairing) == "财政局机关党委 — 龙驹镇梨树村"
    with pytest.raises(DomainError, match="结对双方"):
        services.do_record_joint_activity(
            pairing,
            side=registry.pc,
            date=dt.date(2026, 5, 21),
            title="x",
            description="y",
            participants=1,
            acting_user=None,
        )
    with pytest.raises(DomainError, match="结对期间"):
        services.do_record_joint_activity(
            pairing,
            side=registry.opc,
            date=dt.date(2025, 1, 1),
            title="x",
            description="y",
            participants=1,
            acting_user=None,
        )
    assert JointActivity.objects.count() == 1


def test_a_pairing_names_its_partner_by_kind(registry):
    with pytest.raises(DomainError, match="社区或村"):
        services.do_create_pairing(
            registry.opc, partner_kind="community", started_on=dt.date(2026, 1, 1), purpose="共建", acting_user=None
        )
    with pytest.raises(DomainError, match="自身"):
        services.do_create_pairing(
            registry.opc,
            partner_kind="organization",
            partner=registry.opc,
            started_on=dt.date(2026, 1, 1),
            purpose="共建",
            acting_user=None,
        )


def test_a_member_records_an_activity_with_an_optional_photo(heart, registry):
    activity = services.do_record_member_activity(
        registry.li_si,
        heart,
        date=dt.date(2026, 6, 12),
        description="帮助孤寡老人打扫卫生",
        for_whom="梨树村五保户王大爷",
        upload=SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0photo"),
        acting_user=None,
    )
    assert activity.organization == registry.branch_a and activity.photo_name == "照片.jpg"
    with pytest.raises(DomainError, match="JPG或PNG"):
        services.do_record_member_activity(
            registry.li_si,
            heart,
            date=dt.date(2026, 6, 12),
            description="x",
            for_whom="y",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"),
            acting_user=None,
        )
    with pytest.raises(DomainError, match="未来"):
        services.do_record_member_activity(
            registry.li_si, heart, date=dt.date(2026, 7, 1), description="x", for_whom="y", acting_user=None
        )
    assert MemberActivity.objects.count() == 1


def test_members_record_only_under_a_member_campaign(five_good, registry):
    with pytest.raises(DomainError, match="党员记录"):
        services.do_record_member_activity(
            registry.li_si, five_good, date=dt.date(2026, 6, 1), description="x", for_whom="y", acting_user=None
        )
