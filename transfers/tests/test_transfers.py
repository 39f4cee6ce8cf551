import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from audit.models import AuditEvent
from conftest import make_id_number
from core import clock
from core.errors import DomainError
from members.models import Member, Membership, Status
from orgs.models import Post
from reports import stats
from transfers.models import Transfer, TransferStatus
from transfers.services import (
    do_accept_transfer,
    do_cancel_transfer,
    do_issue_letter,
    do_issue_transfer,
    do_issue_transfers,
    do_record_receipt,
    do_register_incoming,
    do_return_transfer,
)

DAY = dt.date(2026, 3, 2)
DUES = dt.date(2026, 2, 1)  # 党费交至 2026年2月


def test_the_member_moves_on_acceptance_not_before(registry, branch_secretary):
    zhang = registry.zhang_san
    transfer = do_issue_transfer(
        zhang, destination=registry.branch_c, day=DAY, reason="调动工作", acting_user=branch_secretary
    )
    zhang.refresh_from_db()
    assert zhang.organization == registry.branch_a  # the sender stays responsible
    assert Transfer.objects.get(pk=transfer.pk).status == TransferStatus.PENDING

    do_accept_transfer(transfer, day=DAY + dt.timedelta(days=3), acting_user=None)

    zhang.refresh_from_db()
    assert zhang.organization == registry.branch_c
    facts = list(zhang.memberships.order_by("valid_from").values_list("organization_id", "valid_from", "valid_to"))
    assert facts == [
        (registry.branch_a.pk, dt.date(2010, 7, 1), DAY + dt.timedelta(days=3)),
        (registry.branch_c.pk, DAY + dt.timedelta(days=3), None),
    ]
    assert Membership.objects.as_of(DAY).get(member=zhang).organization == registry.branch_a
    assert AuditEvent.objects.filter(action="transfers.within.accepted", target_id=str(zhang.pk)).exists()
    # the committee's totals do not change with a move inside it
    assert stats.build(registry.committee, DAY + dt.timedelta(days=3)).members["total"] == 9


def test_posts_in_the_organization_left_end_on_the_day(registry):
    post = Post.objects.create(
        member=registry.zhang_san, organization=registry.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1)
    )
    transfer = do_issue_transfer(
        registry.zhang_san, destination=registry.branch_b, day=DAY, reason="", acting_user=None
    )
    do_accept_transfer(transfer, day=DAY, acting_user=None)
    post.refresh_from_db()
    assert post.valid_to == DAY


def test_a_returned_transfer_leaves_the_member_where_they_were(registry):
    transfer = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    with pytest.raises(DomainError, match="理由"):
        do_return_transfer(transfer, reason="  ", acting_user=None)
    do_return_transfer(transfer, reason="该同志尚未到岗", acting_user=None)
    registry.li_si.refresh_from_db()
    assert registry.li_si.organization == registry.branch_a
    with pytest.raises(DomainError, match="已退回"):
        do_accept_transfer(transfer, day=DAY, acting_user=None)


def test_one_transfer_in_progress_per_member_and_clear_refusals(registry):
    do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    with pytest.raises(DomainError, match="未办结"):
        do_issue_letter(
            registry.li_si,
            outside_organization="中共某县委组织部",
            day=DAY,
            reason="",
            dues_paid_until=DUES,
            acting_user=None,
        )
    with pytest.raises(DomainError, match="只能转入党支部"):
        do_issue_transfer(registry.wang_wu, destination=registry.opc, day=DAY, reason="", acting_user=None)
    with pytest.raises(DomainError, match="相同"):
        do_issue_transfer(registry.wang_wu, destination=registry.branch_a, day=DAY, reason="", acting_user=None)
    with pytest.raises(DomainError, match="晚于今天"):
        do_issue_transfer(
            registry.wang_wu, destination=registry.branch_c, day=dt.date(2999, 1, 1), reason="", acting_user=None
        )


def test_a_batch_is_issued_whole_or_not_at_all(registry):
    do_issue_transfer(registry.wang_wu, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    before = Transfer.objects.count()
    with pytest.raises(DomainError):
        do_issue_transfers(
            [registry.zhang_san, registry.li_si, registry.wang_wu],
            destination=registry.branch_c,
            day=DAY,
            reason="",
            acting_user=None,
        )
    assert Transfer.objects.count() == before
    done = do_issue_transfers(
        [registry.sun_qi, registry.zhou_ba], destination=registry.branch_c, day=DAY, reason="", acting_user=None
    )
    assert len(done) == 2


def test_out_of_the_district_the_receipt_moves_the_member_and_late_letters_are_pocket_members(registry, settings):
    settings.DANGJIAN_RULES = {"letter_validity_months": 2}
    letter = do_issue_letter(
        registry.wu_jiu,
        outside_organization="中共重庆市渝北区委组织部",
        day=DAY,
        reason="调动",
        dues_paid_until=DUES,
        acting_user=None,
    )
    assert letter.letter_number == "2026-0001"
    assert letter.valid_until == dt.date(2026, 5, 2)
    assert list(Transfer.objects.pocket(dt.date(2026, 5, 2))) == []
    assert list(Transfer.objects.pocket(dt.date(2026, 5, 3))) == [letter]
    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.status == Status.ACTIVE

    do_record_receipt(letter, day=dt.date(2026, 3, 20), acting_user=None)

    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.status == Status.TRANSFERRED_OUT
    assert registry.wu_jiu.organization == registry.branch_c  # organization of record
    assert not registry.wu_jiu.memberships.filter(valid_to__isnull=True).exists()
    assert list(Transfer.objects.pocket(dt.date(2026, 6, 1))) == []
    second = do_issue_letter(
        registry.zheng_shi, outside_organization="某单位", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    assert second.letter_number == "2026-0002"


def test_incoming_reactivates_an_old_record_or_registers_a_new_member(registry):
    letter = do_issue_letter(
        registry.wu_jiu, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    do_record_receipt(letter, day=DAY, acting_user=None)
    back = do_register_incoming(
        member=registry.wu_jiu,
        destination=registry.branch_a,
        outside_organization="外区",
        letter_number="渝组字001",
        day=DAY + dt.timedelta(days=40),
        acting_user=None,
    )
    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.status == Status.ACTIVE and registry.wu_jiu.organization == registry.branch_a
    assert back.status == TransferStatus.COMPLETED

    new = do_register_incoming(
        member=None,
        new_member=Member(
            name="钱二", education="bachelor", join_date=dt.date(2015, 7, 1), full_member_date=dt.date(2016, 7, 1)
        ),
        id_number=make_id_number(),
        phone="",
        destination=registry.branch_b,
        outside_organization="外区",
        letter_number="渝组字002",
        day=DAY,
        acting_user=None,
    )
    assert new.member.organization == registry.branch_b
    with pytest.raises(DomainError, match="只有已转出区外"):
        do_register_incoming(
            member=registry.zhang_san,
            destination=registry.branch_b,
            outside_organization="外区",
            letter_number="x",
            day=DAY,
            acting_user=None,
        )


def test_cancelled_transfer_frees_the_member(registry):
    t = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    do_cancel_transfer(t, acting_user=None)
    do_issue_transfer(registry.li_si, destination=registry.branch_b, day=DAY, reason="", acting_user=None)


def test_inbox_shows_incoming_to_the_receiver_and_outgoing_to_the_sender(registry, client_for, branch_secretary):
    from accounts.roles import Role
    from conftest import make_user

    receiver = make_user("receiver", Role.ORG_ADMIN, registry.branch_c)
    t = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    page = client_for(receiver).get(reverse("transfers:inbox")).content.decode()
    assert "李四" in page.split('data-testid="incoming"')[1].split("</table>")[0]
    page = client_for(branch_secretary).get(reverse("transfers:inbox")).content.decode()
    # issued in March, not accepted since: shown once, as overdue, and marked as issued by them
    overdue = page.split('data-testid="overdue"')[1].split("</table>")[0]
    assert "李四" in overdue and "已开出" in overdue and page.count(">李四</a>") == 1
    # the sender cannot accept its own transfer
    response = client_for(branch_secretary).post(reverse("transfers:transfer_accept", args=[t.pk]), {"day": DAY})
    assert response.status_code == 403
    response = client_for(receiver).post(reverse("transfers:transfer_accept", args=[t.pk]), {"day": "2026-03-05"})
    assert response.status_code == 302
    registry.li_si.refresh_from_db()
    assert registry.li_si.organization == registry.branch_c


def test_the_letter_prints_as_docx_and_is_audited(registry, client_for, clerk):
    t = do_issue_letter(
        registry.zhang_san,
        outside_organization="中共某县委组织部",
        day=clock.today(),
        reason="",
        dues_paid_until=DUES,
        acting_user=None,
    )
    response = client_for(clerk).get(reverse("transfers:letter_docx", args=[t.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "中国共产党党员组织关系介绍信" in text
    number = registry.zhang_san.id_number
    assert number not in text and f"{number[:4]}{'*' * 10}{number[-4:]}" in text  # the clerk may not reveal
    assert "中共某县委组织部：" in text
    assert AuditEvent.objects.filter(action="transfers.out.letter_printed").count() == 1


def test_late_transfers_and_pocket_letters_become_reminders_once(registry):
    from io import StringIO

    from django.core.management import call_command

    from work.models import ItemKind, WorkItem

    do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="", acting_user=None)
    do_issue_letter(
        registry.wu_jiu, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    call_command("reminders", "--today", "2026-03-20", stdout=StringIO())
    assert not WorkItem.objects.filter(kind__in=[ItemKind.TRANSFER_OVERDUE, ItemKind.POCKET_MEMBER]).exists()
    call_command("reminders", "--today", "2026-06-03", stdout=StringIO())
    call_command("reminders", "--today", "2026-06-04", stdout=StringIO())
    overdue = WorkItem.objects.get(kind=ItemKind.TRANSFER_OVERDUE)
    assert overdue.organization == registry.branch_c and "李四" in overdue.title
    pocket = WorkItem.objects.get(kind=ItemKind.POCKET_MEMBER)
    # the committee that issued the letter (the working committee by default) records the receipt
    assert pocket.organization == registry.working and "吴九" in pocket.title and "回执" in pocket.title


def test_the_register_and_the_pocket_list_export_as_xlsx(registry, client_for, branch_secretary):
    from openpyxl import load_workbook

    do_issue_transfer(registry.li_si, destination=registry.branch_c, day=DAY, reason="工作调动", acting_user=None)
    long_ago = clock.today() - dt.timedelta(days=200)
    do_issue_letter(
        registry.zhang_san,
        outside_organization="中共某县委组织部",
        day=long_ago,
        reason="",
        dues_paid_until=DUES,
        acting_user=None,
    )
    client = client_for(branch_secretary)

    def names(query):
        response = client.get(reverse("transfers:export"), query)
        return [r[0] for r in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)]

    assert sorted(names({})) == ["张三", "李四"]
    assert names({"list": "pocket"}) == ["张三"]
    assert client.get(reverse("transfers:export"), {"list": "everyone"}).status_code == 404
    assert (
        AuditEvent.objects.filter(action="members.exported").latest("pk").target_repr
        == "组织关系转接台账（口袋党员）导出（1人）"
    )


def _letter_in(client, number, **details):
    return client.post(
        reverse("transfers:incoming_create"),
        {
            "letter_number": "渝组字009",
            "outside_organization": "外区某党委",
            "destination": "财政局第一支部",
            "day": (DAY + dt.timedelta(days=40)).isoformat(),
            "id_number": number,
            **details,
        },
    )


def test_a_letter_in_puts_a_member_who_left_the_district_back_on_the_roll(registry, client_for, secretary):
    """The committee registers the letter itself (a branch that is not the one the member left
    only asks: transfers/tests/test_readmission.py)."""
    letter = do_issue_letter(
        registry.wu_jiu, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    do_record_receipt(letter, day=DAY, acting_user=None)
    response = _letter_in(client_for(secretary), registry.wu_jiu.id_number, name="别的名字")
    assert response.status_code == 302
    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.status == Status.ACTIVE and registry.wu_jiu.organization == registry.branch_a
    assert registry.wu_jiu.name == "吴九"  # the old record returns; the details typed are not used


def test_a_letter_in_with_the_number_of_someone_outside_ones_scope_names_no_one(registry, client_for, branch_secretary):
    """吴九 is on the roll of 教委第一支部, outside the branch secretary's subtree: the refusal says
    the person cannot be registered here, and nothing about whose the number is or where they are."""
    response = _letter_in(
        client_for(branch_secretary),
        registry.wu_jiu.id_number,
        name="吴九",
        education="bachelor",
        join_date="2010-07-01",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "无法在此登记该人员；请联系机关工委协助。" in page
    assert "教委" not in page and registry.wu_jiu.get_status_display() not in page.replace("恢复在册", "")
    assert page.count("吴九") == 1  # the name typed, in its field, and no other
    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.organization == registry.branch_c
    assert not Transfer.objects.exists()


def test_a_returning_member_is_a_move_that_the_development_record_hears(registry):
    """Reactivation sends members_moved like every move (the development receiver listens);
    a record closed when the member left stays closed. Registering a new member sends nothing:
    a first membership is not a move."""
    from development.models import Candidate, Stage
    from members.signals import members_moved

    wu = registry.wu_jiu
    letter = do_issue_letter(
        wu, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    do_record_receipt(letter, day=DAY, acting_user=None)
    closed = Candidate(
        name=wu.name,
        education=wu.education,
        organization=registry.branch_b,
        applied_on=dt.date(2008, 1, 1),
        stage=Stage.CLOSED,
        member=wu,
    )
    closed.set_id_number(wu.id_number)
    closed.save()
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    members_moved.connect(listener)
    try:
        back = DAY + dt.timedelta(days=40)
        do_register_incoming(
            member=wu,
            destination=registry.branch_a,
            outside_organization="外区",
            letter_number="渝组字003",
            day=back,
            acting_user=None,
        )
        assert [(h["member_ids"], h["destination"], h["day"], h["reason"]) for h in heard] == [
            ([wu.pk], registry.branch_a, back, "从区外转入")
        ]
        do_register_incoming(
            member=None,
            new_member=Member(name="孙七", education="bachelor", join_date=dt.date(2015, 7, 1)),
            id_number=make_id_number(),
            phone="",
            destination=registry.branch_b,
            outside_organization="外区",
            letter_number="渝组字004",
            day=DAY,
            acting_user=None,
        )
        assert len(heard) == 1
    finally:
        members_moved.disconnect(listener)
    closed.refresh_from_db()
    assert closed.stage == Stage.CLOSED and closed.organization == registry.branch_b
    assert list(wu.memberships.order_by("valid_from").values_list("valid_to", flat=True))[-2:] == [DAY, None]
