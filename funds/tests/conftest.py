import datetime as dt
from decimal import Decimal

import pytest

from funds import services


@pytest.fixture(autouse=True)
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def budget(registry):
    """财政局机关党委's 2026 party-building funds: a fixed 10,000 yuan."""
    return services.do_set_budget(
        registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("10000.00"), acting_user=None
    )


def spend(budget, amount: str, *, day=dt.date(2026, 5, 4), category=None, purpose="主题党日活动"):
    return services.do_record_spending(
        budget,
        date=day,
        category=category or ("theme_day" if budget.kind == "party" else "culture_sports"),
        amount=Decimal(amount),
        purpose=purpose,
        acting_user=None,
    )
