"""The introduction letter follows the pages' rule for personal numbers: full ID and phone
numbers only for a user who may reveal them, and then the print is audited as a reveal too;
whoever else prints it gets them masked (issue 15, item 5)."""

from io import BytesIO

from django.urls import reverse
from docx import Document

from audit.models import AuditEvent
from transfers.services import do_issue_requested_letter
from transfers.tests.test_letters import DAY, DUES, _request


def letter_text(client, letter) -> str:
    response = client.get(reverse("transfers:letter_docx", args=[letter.pk]))
    assert response.status_code == 200
    return "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)


def issued(registry, branch_secretary, clerk):
    return do_issue_requested_letter(
        _request(registry, branch_secretary), day=DAY, dues_paid_until=DUES, acting_user=clerk
    )


def test_a_clerk_who_may_not_reveal_prints_the_numbers_masked(registry, clerk, branch_secretary, client_for):
    letter = issued(registry, branch_secretary, clerk)
    number = registry.zhang_san.id_number

    text = letter_text(client_for(clerk), letter)

    assert number not in text and "13812345678" not in text
    assert f"身份证号码{number[:4]}{'*' * 10}{number[-4:]}" in text and "党员联系电话：138****5678" in text
    printed = AuditEvent.objects.get(action="transfers.out.letter_printed")
    assert printed.new["revealed"] is False
    assert not AuditEvent.objects.filter(action="members.member.revealed").exists()


def test_the_committee_secretary_who_may_reveal_prints_them_in_full_audited_as_a_reveal(
    registry, secretary, clerk, branch_secretary, client_for
):
    letter = issued(registry, branch_secretary, clerk)

    text = letter_text(client_for(secretary), letter)

    assert f"身份证号码{registry.zhang_san.id_number}" in text and "党员联系电话：13812345678" in text
    assert AuditEvent.objects.get(action="transfers.out.letter_printed").new["revealed"] is True
    revealed = AuditEvent.objects.get(action="members.member.revealed")
    assert revealed.actor == secretary and revealed.target_id == str(registry.zhang_san.pk)
