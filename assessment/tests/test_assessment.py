"""An organization's year: figures live from the records, the self-assessment, the committee's
scores and the 述职评议, and publishing, which freezes the result."""

import datetime as dt
from decimal import Decimal

import pytest

from assessment import queries, services
from assessment.models import Entry, Tier
from audit.models import AuditEvent
from core.errors import DomainError
from orglife.models import MeetingKind
from orglife.services import do_record_meeting
from orgs.models import PartyOrganization


def line(result, code):
    return next(x for x in result.lines if x.item.code == code)


def score_all(table, org, *, b1="28", c1="0", c2="5"):
    for code, points in (("B1", b1), ("C1", c1), ("C2", c2)):
        services.do_score_item(
            table, org, table.items.get(code=code), points=Decimal(points), reason="依据年终检查", acting_user=None
        )
    services.do_record_debrief(
        table, org, date=dt.date(2026, 11, 20), secretary=None, secretary_name="张三", good=9, fair=1, acting_user=None
    )


def test_the_organizations_assessed_are_those_the_committee_leads(registry):
    assert list(queries.assessed(2026)) == [registry.opc, registry.pc]


def test_a_meeting_recorded_changes_the_computed_indicator_and_its_points(registry, table):
    before = line(queries.result_of(table, registry.opc), "A1")
    do_record_meeting(
        registry.branch_a,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2026, 9, 8),
        topic="主题党日",
        attendance={},
        acting_user=None,
    )
    after = line(queries.result_of(table, registry.opc), "A1")
    assert after.figure.count == before.figure.count + 1
    assert after.points > before.points
    assert after.figure.url.startswith("/orglife/compliance/")


def test_hand_scores_are_within_the_items_points_with_a_reason(registry, table):
    b1 = table.items.get(code="B1")
    with pytest.raises(DomainError, match="0至30"):
        services.do_score_item(table, registry.opc, b1, points=Decimal("30.5"), reason="好", acting_user=None)
    with pytest.raises(DomainError, match="评分理由"):
        services.do_score_item(table, registry.opc, b1, points=Decimal("20"), reason=" ", acting_user=None)
    with pytest.raises(DomainError, match="不由人工评分"):
        services.do_score_item(
            table, registry.opc, table.items.get(code="A1"), points=Decimal("1"), reason="x", acting_user=None
        )
    with pytest.raises(DomainError, match="不在机关工委2026年度考核"):
        services.do_score_item(table, registry.branch_a, b1, points=Decimal("20"), reason="好", acting_user=None)
    services.do_score_item(table, registry.opc, b1, points=Decimal("30"), reason="成效突出", acting_user=None)
    assert line(queries.result_of(table, registry.opc), "B1").points == Decimal("30.00")
    assert AuditEvent.objects.filter(action="assessment.item.scored").count() == 1


def test_a_deduction_is_taken_from_the_total_and_the_debrief_derives_its_points(registry, table):
    score_all(table, registry.opc, c1="4", c2="0")
    result = queries.result_of(table, registry.opc)
    assert line(result, "B2").points == Decimal("19.60")  # (9 × 100 % + 1 × 80 %) / 10 × 20
    assert line(result, "C1").points == Decimal("4.00")
    expected = sum(x.points for x in result.lines if x.item.code != "C1") - Decimal("4")
    assert result.score == expected


def test_the_self_assessment_needs_its_overall_comment(registry, table):
    with pytest.raises(DomainError, match="总体自评"):
        services.do_submit_self_assessment(table, registry.opc, overall="  ", per_item={}, acting_user=None)
    b1 = table.items.get(code="B1")
    assessment = services.do_submit_self_assessment(
        table, registry.opc, overall="全年工作扎实。", per_item={b1.pk: "开展专题学习6次"}, acting_user=None
    )
    assert assessment.self_submitted_at is not None
    assert line(queries.result_of(table, registry.opc), "B1").self_comment == "开展专题学习6次"


def test_publishing_is_refused_while_the_year_runs(registry, table):
    for org in (registry.opc, registry.pc):
        score_all(table, org)
    with pytest.raises(DomainError, match="年度结束后"):
        services.do_publish(table, acting_user=None)
    table.refresh_from_db()
    assert table.published_at is None and not Entry.objects.exclude(figure=None).exists()


def test_publishing_is_refused_while_an_item_is_unscored(registry, table, settings):
    score_all(table, registry.opc)
    settings.DANGJIAN_TODAY = "2027-01-20"
    with pytest.raises(DomainError, match="教委党委"):
        services.do_publish(table, acting_user=None)
    assert not Entry.objects.exclude(figure=None).exists()


def test_publishing_freezes_the_figures_points_and_tiers(registry, table, settings):
    for org in (registry.opc, registry.pc):
        score_all(table, org)
    settings.DANGJIAN_TODAY = "2027-01-20"
    results = services.do_publish(table, acting_user=None)
    frozen = {r.organization.pk: r for r in results}
    opc = frozen[registry.opc.pk]
    assert opc.frozen and opc.tier in Tier.values
    figure_before = line(opc, "A1").figure
    # records change after publishing: the published result does not
    do_record_meeting(
        registry.branch_a,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2026, 9, 8),
        topic="主题党日",
        attendance={},
        acting_user=None,
    )
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(term_end=dt.date(2026, 1, 31))
    table.refresh_from_db()
    again = queries.result_of(table, registry.opc)
    assert line(again, "A1").figure == figure_before
    assert again.score == opc.score and again.tier == opc.tier
    with pytest.raises(DomainError, match="已公布"):
        services.do_score_item(
            table, registry.opc, table.items.get(code="B1"), points=Decimal("1"), reason="改", acting_user=None
        )
    table.refresh_from_db()
    assert table.published_at is not None
