"""The demo's annual assessment: 2025 published with tiers spread as a district's are (most 好
and 较好, a few 一般, one 差), 2026 adopted from 2025's with changes and in progress; at least
half of each table's items computed from the records."""

from collections import Counter

import pytest

from assessment import queries
from assessment.models import ItemKind
from reports import indicators

pytestmark = pytest.mark.xdist_group("seed_demo")


@pytest.mark.django_db
def test_the_2025_assessment_is_published_with_plausible_tiers(demo):
    table = queries.adopted_table(2025)
    assert table.published
    results = queries.results(table, list(queries.assessed(2025)))
    tiers = Counter(r.tier for r in results)
    assert tiers["good"] + tiers["fair"] > 0.7 * len(results)
    assert 0 < tiers["average"] < 0.2 * len(results)
    assert tiers["poor"] == 1


@pytest.mark.django_db
def test_2026_is_copied_from_2025_in_progress_with_live_figures_and_half_computed(demo):
    table = queries.adopted_table(2026)
    assert table.based_on == queries.adopted_table(2025)
    assert not table.published
    changes = {c.code for c in queries.compare(table.based_on, table)}
    assert {"B1", "A5"} <= changes
    for year in (2025, 2026):
        items = queries.items_of(queries.adopted_table(year))
        computed = [i for i in items if i.kind == ItemKind.COMPUTED]
        assert len(computed) * 2 >= len(items)
        assert {i.source for i in computed} <= set(indicators.SOURCES)
    figures = indicators.source("orglife.held").figures(2026, list(queries.assessed(2026))[:20])
    assert any(f.value for f in figures.values())
