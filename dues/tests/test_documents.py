"""The dues documents: amounts in Chinese capitals, a member's receipt for chosen months and an
organization's annual account, from templates that rebuild byte for byte."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from docx import Document

from accounts.roles import Role
from conftest import make_user
from dues import remittance, services
from dues.documents import rmb_capitals
from dues.models import PayerKind, PaymentWay


@pytest.mark.parametrize(
    ("amount", "capitals"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.50", "伍角"),
        ("10", "壹拾元整"),
        ("15.00", "壹拾伍元整"),
        ("100", "壹佰元整"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("107000.53", "壹拾万零柒仟元伍角叁分"),
        ("100005", "壹拾万零伍元整"),
        ("1000000", "壹佰万元整"),
        ("9999999.99", "玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
    ],
)
def test_amounts_are_written_in_chinese_capitals_as_receipts_write_them(amount, capitals):
    assert rmb_capitals(Decimal(amount)) == capitals


def test_a_float_has_no_capitals():
    with pytest.raises(TypeError):
        rmb_capitals(12.5)  # type: ignore[arg-type]


def test_the_templates_are_as_built():
    call_command("document_templates", "--check")


def _text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def paid(registry, settings):
    settings.DANGJIAN_TODAY = "2026-12-10"
    r = registry
    services.do_set_base(
        r.li_si, kind=PayerKind.WAGE, amount=Decimal("4321.50"), month=dt.date(2026, 1, 1), acting_user=None
    )
    for m in (10, 11):
        services.do_compute_month(dt.date(2026, m, 1), organizations=[r.branch_a])
        services.do_record_payments(
            r.branch_a,
            dt.date(2026, m, 1),
            {r.li_si.pk: Decimal("43.22") if m == 10 else Decimal("1043.22")},
            day=dt.date(2026, 11, 30),
            way=PaymentWay.TRANSFER,
            acting_user=None,
        )
    return r


def test_a_members_receipt_lists_the_months_with_the_total_in_figures_and_capitals(paid, client):
    client.force_login(make_user("li", Role.MEMBER, None, member=paid.li_si))
    assert client.get("/dues/receipt/mine/").url == f"/dues/receipt/{paid.li_si.pk}/"
    response = client.get(f"/dues/receipt/{paid.li_si.pk}/receipt.docx?year=2026&m=10&m=11")
    assert response.status_code == 200
    text = _text(response.content)
    assert "李四" in text and "财政局第一支部" in text
    assert "2026年10月" in text and "2026年11月" in text
    assert "1086.44" in text
    assert "人民币壹仟零捌拾陆元肆角肆分" in text


def test_the_receipt_leaves_out_months_without_a_payment_and_refuses_when_none_has_one(paid, client):
    officer = make_user("treasurer", Role.ORG_ADMIN, paid.branch_a)
    client.force_login(officer)
    response = client.get(f"/dues/receipt/{paid.li_si.pk}/receipt.docx?year=2026&m=3", follow=True)
    assert "没有" in response.content.decode()
    response = client.get(f"/dues/receipt/{paid.li_si.pk}/receipt.docx?year=2026&m=10&m=3")
    assert "2026年3月" not in _text(response.content)


def test_a_plain_member_cannot_print_another_members_receipt_nor_a_reader_of_the_registry(paid, client):
    client.force_login(make_user("li", Role.MEMBER, None, member=paid.li_si))
    assert client.get(f"/dues/receipt/{paid.zhang_san.pk}/receipt.docx").status_code == 404
    client.force_login(make_user("viewer", Role.BODY_STAFF, paid.working))
    assert client.get(f"/dues/receipt/{paid.li_si.pk}/receipt.docx").status_code == 403


def test_the_annual_account_prints_each_month_and_the_year(paid, client):
    sender = make_user("treasurer", Role.ORG_ADMIN, paid.branch_a)
    sent = remittance.do_remit(paid.branch_a, dt.date(2026, 11, 1), day=dt.date(2026, 12, 1), acting_user=sender)
    remittance.do_confirm_receipt(
        sent, day=dt.date(2026, 12, 2), acting_user=make_user("opc", Role.ORG_ADMIN, paid.opc)
    )
    client.force_login(sender)
    response = client.get(f"/dues/account/{paid.branch_a.pk}/account.docx?year=2026")
    assert response.status_code == 200
    text = _text(response.content)
    assert "2026年度党费收缴、留存和上缴情况表" in text
    assert "1043.22" in text and "1000.00" in text  # November, and its voluntary payment for the centre
    assert "财政局机关党委" in text
    assert "已确认" in text
