"""Letters out of the district (issue 13, point 7): issued by a committee, not by the branch;
they carry 党费交至年月; the receipt returns to the issuing committee.

The personas: the branch secretary of 财政局第一支部 (requests), the working committee's
organization-section clerk (issues, by default), the organ party committee's officer (issues
when the locality lets committees with approval power issue), a general branch's officer (never
issues)."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from docx import Document

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import make_user
from core.errors import DomainError
from core.rules import all_rule_sets
from members.models import Status
from orgs.models import OrgKind
from transfers.forms import LetterRequestForm
from transfers.models import Transfer, TransferKind, TransferStatus
from transfers.services import (
    do_cancel_transfer,
    do_issue_letter,
    do_issue_requested_letter,
    do_record_receipt,
    do_request_letter,
    letter_issuer,
)

DAY = dt.date(2026, 3, 2)
DUES = dt.date(2026, 2, 1)
APPROVING = {"letter_issuer": "approving_committee"}


def _letter_text(response) -> list[str]:
    return [p.text for p in Document(BytesIO(response.content)).paragraphs]


def _request(registry, user=None, member=None):
    return do_request_letter(
        member or registry.zhang_san,
        outside_organization="中共重庆市渝北区委组织部",
        day=DAY,
        reason="调往渝北区工作",
        dues_paid_until=DUES,
        acting_user=user,
    )


def test_a_branch_officer_cannot_issue_a_letter_and_is_told_who_does(registry, branch_secretary, client_for):
    with pytest.raises(DomainError, match="区外转接介绍信由区直机关工委开具") as refused:
        do_issue_letter(
            registry.zhang_san,
            outside_organization="中共重庆市渝北区委组织部",
            day=DAY,
            reason="",
            dues_paid_until=DUES,
            acting_user=branch_secretary,
        )
    assert "党支部请提交转出申请" in refused.value.message
    assert not Transfer.objects.exists()

    # On the member's page the branch gets the request form, and its request is not a letter.
    client = client_for(branch_secretary)
    url = reverse("transfers:letter_create", args=[registry.zhang_san.pk])
    page = client.get(url).content.decode()
    assert "由区直机关工委开具" in page and "党费交至年月" in page
    response = client.post(
        url,
        {"outside_organization": "中共重庆市渝北区委组织部", "day": "2026-03-02", "dues_paid_until": "2026-02"},
    )
    transfer = Transfer.objects.get()
    assert response.status_code == 302
    assert transfer.status == TransferStatus.REQUESTED and transfer.letter_number == ""
    assert transfer.issuing_organization == registry.working

    # Nor can it open the issuing page or issue by posting to it.
    for method in (client.get, client.post):
        response = method(reverse("transfers:letter_issue", args=[transfer.pk]))
        assert response.status_code == 403
        assert "区外转接介绍信由区直机关工委开具" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REQUESTED


def test_the_working_committees_clerk_issues_the_letter_the_branch_requested(
    registry, branch_secretary, clerk, client_for
):
    transfer = _request(registry, branch_secretary)
    client = client_for(clerk)
    inbox = client.get(reverse("transfers:inbox")).content.decode()
    assert "张三" in inbox.split('data-testid="to-issue"')[1].split("</table>")[0]
    page = client.get(reverse("transfers:letter_issue", args=[transfer.pk])).content.decode()
    assert "财政局第一支部" in page and "2026年2月" in page and 'value="2026-02"' in page

    response = client.post(
        reverse("transfers:letter_issue", args=[transfer.pk]),
        {"day": "2026-03-04", "validity_months": "3", "dues_paid_until": "2026-03"},
    )

    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING
    assert (transfer.letter_number, transfer.issued_on, transfer.valid_until) == (
        "2026-0001",
        dt.date(2026, 3, 4),
        dt.date(2026, 6, 4),
    )
    assert transfer.dues_paid_until == dt.date(2026, 3, 1)  # corrected by the clerk
    event = AuditEvent.objects.get(action="transfers.out.issued")
    assert event.organization_id == registry.working.pk and event.old == {"dues": "2026-02"}
    page = client.get(reverse("transfers:transfer", args=[transfer.pk])).content.decode()
    assert "党费交至" in page and "2026年3月" in page
    assert 'data-testid="issuer">区直机关工委<' in page
    registry.zhang_san.refresh_from_db()
    assert registry.zhang_san.status == Status.ACTIVE  # issuing moves nobody


def test_the_committee_may_issue_directly_without_a_request(registry, clerk):
    letter = do_issue_letter(
        registry.wu_jiu,
        outside_organization="外区",
        day=DAY,
        reason="",
        dues_paid_until=DUES,
        acting_user=clerk,
    )
    assert letter.status == TransferStatus.PENDING and letter.issuing_organization == registry.working
    assert letter.letter_number == "2026-0001"


def test_with_the_approving_committee_setting_the_organ_party_committee_issues_and_a_general_branch_cannot(
    registry, settings, opc_officer
):
    settings.DANGJIAN_RULES = APPROVING
    founded = registry.opc.founded
    general = registry.org("财政局机关总支", OrgKind.GENERAL_BRANCH, registry.opc, registry.finance, founded)
    branch = registry.org("财政局总支第一支部", OrgKind.BRANCH, general, registry.finance, founded)
    member = registry.member("冯十一", branch)
    general_officer = make_user("general_officer", Role.ORG_ADMIN, general)

    assert letter_issuer(branch) == registry.opc  # a general branch approves nobody
    assert letter_issuer(registry.branch_c) == registry.pc
    with pytest.raises(DomainError, match="区外转接介绍信由财政局机关党委开具"):
        do_issue_letter(
            member,
            outside_organization="外区",
            day=DAY,
            reason="",
            dues_paid_until=DUES,
            acting_user=general_officer,
        )
    letter = do_issue_letter(
        member, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=opc_officer
    )
    assert letter.issuing_organization == registry.opc
    # Each committee numbers its own letters.
    other = do_issue_letter(
        registry.wu_jiu, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=None
    )
    assert (letter.letter_number, other.letter_number) == ("2026-0001", "2026-0001")
    assert other.issuing_organization == registry.pc


def test_the_organ_party_committee_cannot_issue_while_the_working_committee_issues_every_letter(registry, opc_officer):
    with pytest.raises(DomainError, match="区外转接介绍信由区直机关工委开具"):
        do_issue_letter(
            registry.zhang_san,
            outside_organization="外区",
            day=DAY,
            reason="",
            dues_paid_until=DUES,
            acting_user=opc_officer,
        )


def test_the_letter_carries_the_dues_month_and_its_receipt_is_addressed_to_the_issuing_committee(
    registry, clerk, branch_secretary, client_for
):
    letter = do_issue_requested_letter(
        _request(registry, branch_secretary), day=DAY, dues_paid_until=DUES, acting_user=clerk
    )

    text = _letter_text(client_for(clerk).get(reverse("transfers:letter_docx", args=[letter.pk])))

    body = next(p for p in text if "请接转组织关系" in p)
    assert "党费交至2026年2月" in body
    receipt = text[text.index("回  执") :]
    assert receipt[1] == "区直机关工委："
    assert "区直机关工委第2026-0001号介绍信收到" in receipt[2]
    assert "区直机关工委（盖章）" in text
    assert "财政局第一支部：" not in text
    # The branch does not print the committee's letter.
    response = client_for(branch_secretary).get(reverse("transfers:letter_docx", args=[letter.pk]))
    assert response.status_code == 403 and "由区直机关工委开具" in response.content.decode()


def test_a_branch_cannot_record_the_receipt_the_issuing_committee_does(registry, clerk, branch_secretary, client_for):
    letter = do_issue_letter(
        registry.zhang_san, outside_organization="外区", day=DAY, reason="", dues_paid_until=DUES, acting_user=clerk
    )
    with pytest.raises(DomainError, match="回执也由其登记"):
        do_record_receipt(letter, day=DAY, acting_user=branch_secretary)
    response = client_for(branch_secretary).post(
        reverse("transfers:transfer_receipt", args=[letter.pk]), {"day": "2026-03-20"}
    )
    assert response.status_code == 403 and "回执也由其登记" in response.content.decode()
    page = client_for(branch_secretary).get(reverse("transfers:transfer", args=[letter.pk])).content.decode()
    assert "回执寄回区直机关工委，由其登记" in page
    registry.zhang_san.refresh_from_db()
    assert registry.zhang_san.status == Status.ACTIVE

    do_record_receipt(letter, day=dt.date(2026, 3, 20), acting_user=clerk)
    registry.zhang_san.refresh_from_db()
    assert registry.zhang_san.status == Status.TRANSFERRED_OUT
    assert AuditEvent.objects.get(action="transfers.out.received").organization_id == registry.working.pk


def test_the_branch_withdraws_its_request_but_not_an_issued_letter(registry, branch_secretary, clerk):
    request = _request(registry, branch_secretary)
    do_cancel_transfer(request, acting_user=branch_secretary)
    letter = do_issue_requested_letter(
        _request(registry, branch_secretary), day=DAY, dues_paid_until=DUES, acting_user=clerk
    )
    with pytest.raises(DomainError, match="区外转接介绍信由区直机关工委开具"):
        do_cancel_transfer(letter, acting_user=branch_secretary)
    do_cancel_transfer(letter, acting_user=clerk)
    assert Transfer.objects.get(pk=letter.pk).status == TransferStatus.CANCELLED


def test_the_dues_month_is_required_and_absurd_months_are_refused(registry, branch_secretary):
    with pytest.raises(DomainError, match="请填写党费交至年月"):
        do_request_letter(
            registry.li_si, outside_organization="外区", day=DAY, reason="", dues_paid_until=None, acting_user=None
        )
    with pytest.raises(DomainError, match="不能晚于2027年3月"):
        do_request_letter(
            registry.li_si,
            outside_organization="外区",
            day=DAY,
            reason="",
            dues_paid_until=dt.date(2027, 4, 1),
            acting_user=None,
        )
    with pytest.raises(DomainError, match="早于该党员入党的时间（2010年7月）"):
        do_request_letter(
            registry.li_si,
            outside_organization="外区",
            day=DAY,
            reason="",
            dues_paid_until=dt.date(2009, 12, 1),
            acting_user=None,
        )
    assert not Transfer.objects.exists()
    ahead = do_request_letter(
        registry.li_si,
        outside_organization="外区",
        day=DAY,
        reason="",
        dues_paid_until=dt.date(2026, 6, 17),  # a quarter paid ahead; kept as the month
        acting_user=None,
    )
    assert ahead.dues_paid_until == dt.date(2026, 6, 1)


@pytest.mark.parametrize(("typed", "month"), [("2026-02", dt.date(2026, 2, 1)), ("2026年2月", dt.date(2026, 2, 1))])
def test_the_form_reads_a_year_and_month(typed, month):
    form = LetterRequestForm({"outside_organization": "外区", "day": "2026-03-02", "dues_paid_until": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["dues_paid_until"] == month
    wrong = LetterRequestForm({"outside_organization": "外区", "day": "2026-03-02", "dues_paid_until": "13月"})
    assert not wrong.is_valid() and wrong.errors["dues_paid_until"] == ["请填写年月，如 2026-03。"]


def test_the_issuer_rule_is_a_local_rule_among_all_rule_sets():
    sets = {s.family: s for s in all_rule_sets()}
    rules = {r.code: r for r in sets["transfers"].rules}
    issuer = rules["letter_issuer"]
    assert (issuer.value, issuer.local) == ("working_committee", True)
    assert rules["approving_committee_transfers_nationwide"].article == "第二十五条"
    assert rules["approving_committee_transfers_nationwide"].verified
    assert {"letter_validity_months", "transfer_accept_days"} <= set(rules)
    assert {r.code for r in sets["local"].rules} == {"silent_branch_days"}  # moved, not copied


@pytest.mark.django_db(transaction=True)
def test_existing_letters_get_the_issuer_they_would_have_had(registry):
    """The data migration, run on letters written by the old code (no issuer, no dues)."""
    executor = MigrationExecutor(connection)
    before = [("transfers", "0002_letter_request_issuer_and_dues_fields")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("transfers", "Transfer")
    made = [
        old.objects.create(
            member_id=m.pk,
            kind=TransferKind.OUT,
            status=TransferStatus.PENDING,
            source_id=m.organization_id,
            outside_organization="外区",
            letter_number=f"2025-000{i}",
            issued_on=dt.date(2025, 6, 1),
            valid_until=dt.date(2025, 9, 1),
        ).pk
        for i, m in enumerate([registry.zhang_san, registry.wu_jiu], start=1)
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("transfers"))

    letters = Transfer.objects.filter(pk__in=made).order_by("pk")
    assert [t.issuing_organization for t in letters] == [registry.working, registry.working]
    assert [t.dues_paid_until for t in letters] == [None, None]  # printed blank, filled by hand
