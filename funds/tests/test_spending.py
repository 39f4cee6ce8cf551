"""Spending: within the budget's year, in a category of its kind, never beyond the balance;
corrections counted without the old amount; sums exact to the fen."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from funds import queries, services
from funds.models import Spending
from funds.tests.conftest import spend

PDF = b"%PDF-1.4\n%invoice\n"


def test_the_balance_is_the_budget_less_the_spending_to_the_fen(budget, registry):
    for amount in ("0.10", "0.20", "1234.56", "0.01"):
        spend(budget, amount)
    [line] = queries.year_lines(registry.opc, 2026, ["party"])
    assert line.spent == Decimal("1234.87") and line.balance == Decimal("8765.13")
    assert line.used_percent == Decimal("12.3")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.lists(st.integers(min_value=1, max_value=99_999), min_size=1, max_size=12))
def test_what_is_spent_sums_exactly_whatever_the_amounts(registry_for_property, cents):
    budget = registry_for_property
    Spending.objects.filter(budget=budget).delete()
    amounts = [Decimal(c) / 100 for c in cents]
    for amount in amounts:
        spend(budget, str(amount))
    assert services.spent(budget) == sum(amounts, Decimal("0.00"))
    [line] = queries.year_lines(budget.organization, 2026, ["party"])
    assert line.spent == sum(amounts, Decimal("0.00"))
    assert line.balance == budget.amount - sum(amounts, Decimal("0.00"))


@pytest.fixture
def registry_for_property(registry):
    return services.do_set_budget(
        registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("9999999.99"), acting_user=None
    )


def test_a_spending_beyond_the_balance_is_refused_with_the_balance_named(budget):
    spend(budget, "9999.00")
    with pytest.raises(DomainError) as e:
        spend(budget, "1.01")
    assert e.value.field == "amount"
    assert "超出预算" in e.value.message and "1.00" in e.value.message and "1.01" in e.value.message
    spend(budget, "1.00")  # the last fen may be spent
    assert services.spent(budget) == Decimal("10000.00")


def test_a_spending_is_dated_within_the_budgets_year_and_not_ahead(budget):
    with pytest.raises(DomainError) as e:
        spend(budget, "1", day=dt.date(2025, 12, 31))
    assert "2026" in e.value.message
    with pytest.raises(DomainError) as e:
        spend(budget, "1", day=dt.date(2026, 7, 1))
    assert e.value.field == "date"


def test_a_category_of_the_other_kind_is_refused(budget):
    with pytest.raises(DomainError) as e:
        spend(budget, "1", category="culture_sports")
    assert "党建活动经费" in e.value.message


def test_a_correction_counts_the_balance_without_its_old_amount(budget):
    first = spend(budget, "6000.00")
    spend(budget, "3000.00")
    services.do_correct_spending(
        first, date=first.date, category="meetings", amount=Decimal("7000.00"), purpose="三会一课", acting_user=None
    )
    with pytest.raises(DomainError):
        services.do_correct_spending(
            first, date=first.date, category="meetings", amount=Decimal("7000.01"), purpose="三会一课", acting_user=None
        )
    first.refresh_from_db()
    assert (first.amount, first.category) == (Decimal("7000.00"), "meetings")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_an_attachment_is_checked_by_its_content_and_replaced_on_correction(budget):
    with pytest.raises(DomainError) as e:
        services.do_record_spending(
            budget,
            date=dt.date(2026, 5, 4),
            category="theme_day",
            amount=Decimal("10"),
            purpose="活动",
            upload=SimpleUploadedFile("发票.pdf", b"not a pdf"),
            acting_user=None,
        )
    assert "PDF" in e.value.message and not Spending.objects.exists()
    spending = services.do_record_spending(
        budget,
        date=dt.date(2026, 5, 4),
        category="theme_day",
        amount=Decimal("10"),
        purpose="活动",
        upload=SimpleUploadedFile("发票.pdf", PDF),
        acting_user=None,
    )
    old = spending.file.name
    assert spending.file_name == "发票.pdf" and "发票" not in old and spending.file.storage.exists(old)
    services.do_correct_spending(
        spending,
        date=spending.date,
        category="theme_day",
        amount=Decimal("10"),
        purpose="活动",
        upload=SimpleUploadedFile("清单.docx", _docx()),
        acting_user=None,
    )
    spending.refresh_from_db()
    assert spending.file_name == "清单.docx" and spending.content_type.endswith("document")


def test_an_attachment_above_the_local_limit_is_refused(budget, settings):
    settings.DANGJIAN_RULES = {"funds_attachment_max_mb": 1}
    big = SimpleUploadedFile("发票.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(DomainError) as e:
        services.do_record_spending(
            budget,
            date=dt.date(2026, 5, 4),
            category="theme_day",
            amount=Decimal("1"),
            purpose="活动",
            upload=big,
            acting_user=None,
        )
    assert "1 MB" in e.value.message
