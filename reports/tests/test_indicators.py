import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orglife.models import MeetingKind
from orglife.services import do_record_meeting
from orgs.models import OrgKind, PartyOrganization
from reports import indicators

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


def assessed(registry):
    return [registry.opc, registry.pc]


def test_every_source_has_a_key_a_label_a_unit_and_a_description():
    assert len(indicators.SOURCES) >= 8
    for key, source in indicators.SOURCES.items():
        assert source.key == key
        assert str(source.label) and str(source.unit) and str(source.description)


def test_a_meeting_recorded_changes_the_branchs_computed_indicator(registry):
    before = indicators.source("orglife.held").figures(2026, [registry.branch_b])[registry.branch_b.pk]
    do_record_meeting(
        registry.branch_b,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2026, 10, 15),
        topic="主题党日：学习党章",
        attendance={},
        acting_user=None,
    )
    after = indicators.source("orglife.held").figures(2026, [registry.branch_b])[registry.branch_b.pk]
    assert after.count == before.count + 1
    assert after.of == before.of
    assert after.value > before.value
    assert after.url == f"/orglife/organizations/{registry.branch_b.pk}/?year=2026"


def test_an_organ_party_committee_adds_up_its_branches(registry):
    for branch in (registry.branch_a, registry.branch_b):
        do_record_meeting(
            branch,
            kind=MeetingKind.THEME_DAY,
            date=dt.date(2026, 3, 10),
            topic="主题党日",
            attendance={},
            acting_user=None,
        )
    figures = indicators.source("orglife.held").figures(2026, assessed(registry))
    opc, pc = figures[registry.opc.pk], figures[registry.pc.pk]
    branch_a = indicators.source("orglife.held").figures(2026, [registry.branch_a])[registry.branch_a.pk]
    branch_b = indicators.source("orglife.held").figures(2026, [registry.branch_b])[registry.branch_b.pk]
    assert opc.count == branch_a.count + branch_b.count == 2
    assert opc.of == branch_a.of + branch_b.of
    assert pc.count == 0
    assert "superior=" in opc.url


def test_a_share_with_nothing_to_count_is_none_and_shows_a_dash(registry):
    figure = indicators.source("discipline.new_leader_talks").figures(2026, [registry.opc])[registry.opc.pk]
    assert figure.value is None
    assert figure.text == "—"


def test_terms_overdue_are_counted_in_the_subtree(registry):
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(term_end=dt.date(2026, 6, 30))
    PartyOrganization.objects.filter(pk=registry.branch_c.pk).update(term_end=dt.date(2027, 6, 30))
    figures = indicators.source("elections.overdue").figures(2026, assessed(registry))
    assert figures[registry.opc.pk].value == Decimal(1)
    assert figures[registry.pc.pk].value == Decimal(0)


def _queries(year, orgs) -> int:
    with CaptureQueriesContext(connection) as ctx:
        indicators.compute_all(year, orgs)
    return len(ctx.captured_queries)


def test_every_source_reads_in_a_bounded_number_of_queries_whatever_the_number_of_organizations(registry):
    few = _queries(2026, assessed(registry))
    for i in range(8):
        org = registry.org(
            f"新机关党委{i}", OrgKind.ORGAN_PARTY_COMMITTEE, registry.working, registry.finance, dt.date(2001, 1, 1)
        )
        registry.org(f"新支部{i}", OrgKind.BRANCH, org, registry.finance, dt.date(2001, 1, 1))
    many = PartyOrganization.objects.filter(path__startswith=registry.working.path, depth=registry.working.depth + 1)
    assert len(many) == 10
    assert _queries(2026, list(many)) == few


def test_a_year_under_way_expects_the_review_only_once_held_and_a_past_year_expects_it(registry):
    under_way = indicators.source("evaluation.held").figures(2026, [registry.opc])[registry.opc.pk]
    assert under_way.value is None  # nothing is behind before the year's end
    past = indicators.source("evaluation.held").figures(2025, [registry.opc])[registry.opc.pk]
    assert (past.value, past.count, past.of) == (Decimal(0), 0, 2)
