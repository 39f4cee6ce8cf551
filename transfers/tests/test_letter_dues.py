"""党费交至年月 on a letter out of the district comes from the dues records once the member has
any month recorded — the month before the first month not paid — and is typed only for a
member with none recorded."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from dues import services as dues
from dues.models import PayerKind, PaymentWay
from transfers.models import Transfer
from transfers.services import do_issue_requested_letter, do_request_letter

DAY = dt.date(2026, 11, 20)


@pytest.fixture
def paid_to_september(registry, settings):
    """张三's dues computed January–November 2026, paid up to September."""
    settings.DANGJIAN_TODAY = "2026-11-20"
    member = registry.zhang_san
    dues.do_set_base(member, kind=PayerKind.WAGE, amount=Decimal("4000"), month=dt.date(2026, 1, 1), acting_user=None)
    for m in range(1, 12):
        month = dt.date(2026, m, 1)
        dues.do_compute_month(month, organizations=[registry.branch_a])
        if m <= 9:
            dues.do_record_payments(
                registry.branch_a,
                month,
                {member.pk: Decimal("40.00")},
                day=month.replace(day=10),
                way=PaymentWay.PAYROLL,
                acting_user=None,
            )
    return member


def _request(member, typed):
    return do_request_letter(
        member,
        outside_organization="中共重庆市渝北区委组织部",
        day=DAY,
        reason="调往渝北区工作",
        dues_paid_until=typed,
        acting_user=None,
    )


def test_the_letter_takes_the_month_from_the_dues_records_not_the_month_typed(paid_to_september, clerk, client_for):
    transfer = _request(paid_to_september, dt.date(2026, 11, 1))
    assert transfer.dues_paid_until == dt.date(2026, 9, 1)
    # October is paid before the committee issues the letter: the letter says October
    dues.do_record_payments(
        transfer.source,
        dt.date(2026, 10, 1),
        {paid_to_september.pk: Decimal("40.00")},
        day=DAY,
        way=PaymentWay.CASH,
        acting_user=None,
    )
    letter = do_issue_requested_letter(transfer, day=DAY, dues_paid_until=dt.date(2026, 3, 1), acting_user=clerk)
    assert letter.dues_paid_until == dt.date(2026, 10, 1)
    response = client_for(clerk).get(reverse("transfers:letter_docx", args=[letter.pk]))
    body = next(p.text for p in Document(BytesIO(response.content)).paragraphs if "请接转组织关系" in p.text)
    assert "党费交至2026年10月" in body


def test_an_unpaid_month_before_a_paid_one_holds_the_month_back(paid_to_september, registry):
    dues.do_record_payments(
        registry.branch_a,
        dt.date(2026, 11, 1),
        {paid_to_september.pk: Decimal("40.00")},
        day=DAY,
        way=PaymentWay.CASH,
        acting_user=None,
    )
    assert _request(paid_to_september, None).dues_paid_until == dt.date(2026, 9, 1)  # October owed


def test_a_member_with_no_dues_recorded_keeps_the_month_typed(registry, settings):
    settings.DANGJIAN_TODAY = "2026-11-20"
    assert _request(registry.li_si, dt.date(2026, 10, 1)).dues_paid_until == dt.date(2026, 10, 1)


def test_the_request_form_shows_the_month_from_the_records_and_does_not_ask_for_it(
    paid_to_september, branch_secretary, client_for
):
    client = client_for(branch_secretary)
    url = reverse("transfers:letter_create", args=[paid_to_september.pk])
    page = client.get(url).content.decode()
    assert 'value="2026-09"' in page and "disabled" in page
    assert "根据党费记录" in page
    response = client.post(
        url,
        {"outside_organization": "中共重庆市渝北区委组织部", "day": "2026-11-20", "dues_paid_until": "2026-11"},
    )
    assert response.status_code == 302
    assert Transfer.objects.get().dues_paid_until == dt.date(2026, 9, 1)


def test_the_request_form_asks_for_the_month_when_no_dues_are_recorded(registry, branch_secretary, client_for):
    page = client_for(branch_secretary).get(reverse("transfers:letter_create", args=[registry.li_si.pk]))
    assert "该党员没有党费记录" in page.content.decode()
