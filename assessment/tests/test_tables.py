"""The version flow of indicator tables: copy a year's table into next year's draft, edit it,
see what changed, adopt it; one adopted table per year, and an adopted table is not edited."""

import datetime as dt
from decimal import Decimal

import pytest

from assessment import queries, services
from assessment.models import IndicatorTable, Item, ItemKind, ScoreRule, TableStatus
from assessment.tests.conftest import add_item, make_table
from audit.models import AuditEvent
from core.errors import DomainError


def test_a_copy_holds_the_items_and_tiers_of_its_base_and_is_a_draft(registry, table):
    draft = services.do_create_table(year=2027, based_on=table, acting_user=None)
    assert draft.status == TableStatus.DRAFT
    assert [(i.code, i.kind, i.points) for i in queries.items_of(draft)] == [
        (i.code, i.kind, i.points) for i in queries.items_of(table)
    ]
    assert (draft.good_from, draft.fair_from, draft.average_from) == (
        table.good_from,
        table.fair_from,
        table.average_from,
    )
    assert queries.compare(table, draft) == []
    assert AuditEvent.objects.filter(action="assessment.table.created", target_id=str(draft.pk)).exists()


def test_the_comparison_names_items_added_removed_and_changed(registry, table):
    draft = services.do_create_table(year=2027, based_on=table, acting_user=None)
    changed = draft.items.get(code="B1")
    changed.points = Decimal("25")
    services.do_save_item(changed, section_name="重点工作", acting_user=None)
    services.do_delete_item(draft.items.get(code="C2"), acting_user=None)
    add_item(
        draft,
        "A3",
        "党费按时交纳",
        ItemKind.COMPUTED,
        "5",
        source="dues.paid",
        rule=ScoreRule.THRESHOLD,
        threshold=Decimal("95"),
    )
    changes = {c.code: c for c in queries.compare(table, draft)}
    assert set(changes) == {"A3", "B1", "C2"}
    assert changes["A3"].old is None
    assert changes["C2"].new is None
    assert changes["B1"].changes == ["分值"]
    assert queries.previous_table(draft) == table


def test_adopting_makes_the_table_the_years_and_it_is_then_not_edited(registry, table):
    draft = services.do_create_table(year=2027, based_on=table, acting_user=None)
    services.do_adopt_table(draft, acting_user=None)
    draft.refresh_from_db()
    assert draft.adopted and draft.adopted_on == dt.date(2026, 11, 30)
    assert queries.adopted_table(2027) == draft
    item = draft.items.get(code="B1")
    item.points = Decimal("1")
    with pytest.raises(DomainError, match="已通过的考核指标表不再修改"):
        services.do_save_item(item, section_name="重点工作", acting_user=None)
    with pytest.raises(DomainError, match="已通过的考核指标表不再修改"):
        services.do_delete_item(item, acting_user=None)
    assert draft.items.get(code="B1").points == Decimal("30")


def test_a_year_has_one_adopted_table_and_one_draft(registry, table):
    with pytest.raises(DomainError, match="2026年已有通过的考核指标表"):
        services.do_create_table(year=2026, based_on=table, acting_user=None)
    services.do_create_table(year=2027, based_on=table, acting_user=None)
    with pytest.raises(DomainError, match="已有草案"):
        services.do_create_table(year=2027, acting_user=None)
    assert IndicatorTable.objects.filter(year=2027).count() == 1


def test_a_computed_item_needs_its_source_rule_and_threshold(registry):
    draft = make_table(2027, adopt=False)
    item = Item(
        table=draft, code="X1", name="无来源", kind=ItemKind.COMPUTED, points=Decimal("5"), rule=ScoreRule.THRESHOLD
    )
    with pytest.raises(DomainError, match="计算来源"):
        services.do_save_item(item, section_name="基础工作", acting_user=None)
    item.source, item.threshold, item.rule = "dues.paid", Decimal("90"), ScoreRule.PER_SHORTFALL
    with pytest.raises(DomainError, match="每单位扣分"):
        services.do_save_item(item, section_name="基础工作", acting_user=None)


def test_an_empty_table_is_not_adopted_and_tiers_must_descend(registry):
    draft = services.do_create_table(year=2027, acting_user=None)
    with pytest.raises(DomainError, match="没有考核项目"):
        services.do_adopt_table(draft, acting_user=None)
    with pytest.raises(DomainError, match="等次分数线"):
        services.do_set_tiers(
            draft, name="表", good=Decimal("80"), fair=Decimal("80"), average=Decimal("60"), acting_user=None
        )
