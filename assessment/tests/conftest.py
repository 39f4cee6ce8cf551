import datetime as dt
from decimal import Decimal

import pytest

from assessment import services
from assessment.models import Item, ItemKind, ScoreRule

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


def add_item(table, code, name, kind, points, *, section="基础工作", **fields):
    item = Item(table=table, code=code, name=name, kind=kind, points=Decimal(points), **fields)
    return services.do_save_item(item, section_name=section, acting_user=None)


def make_table(year=2026, *, adopt=True):
    """A table of six items: two computed (organizational life in proportion to 90 %, terms
    overdue at 5 points each), one scored by the committee, the 述职评议, a deduction, a bonus."""
    table = services.do_create_table(year=year, acting_user=None)
    add_item(
        table,
        "A1",
        "组织生活落实",
        ItemKind.COMPUTED,
        "40",
        source="orglife.held",
        rule=ScoreRule.PROPORTIONAL,
        threshold=Decimal("90"),
    )
    add_item(
        table,
        "A2",
        "按期换届",
        ItemKind.COMPUTED,
        "10",
        source="elections.overdue",
        rule=ScoreRule.PER_EXCESS,
        threshold=Decimal("0"),
        step=Decimal("5"),
    )
    add_item(table, "B1", "思想政治建设", ItemKind.MANUAL, "30", section="重点工作")
    add_item(table, "B2", "书记抓党建述职评议", ItemKind.DEBRIEF, "20", section="重点工作")
    add_item(table, "C1", "违反规定扣分", ItemKind.DEDUCTION, "10", section="加减分")
    add_item(table, "C2", "获得上级表彰", ItemKind.BONUS, "5", section="加减分")
    if adopt:
        services.do_adopt_table(table, acting_user=None)
    table.refresh_from_db()
    return table


@pytest.fixture
def table(registry):
    return make_table()
