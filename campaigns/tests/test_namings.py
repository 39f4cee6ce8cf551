"""Applications, assessment, naming, the annual review and revoking: the transitions, the
refusals (a Chinese message, nothing written) and the dates by core.periods."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from campaigns import queries, services
from campaigns.models import Application, ApplicationStatus, Naming, Review
from campaigns.tests.conftest import named
from core.errors import DomainError
from orglife.models import MeetingKind
from orglife.services import do_record_meeting


def apply(campaign, org, year=2026):
    return services.do_apply(campaign, org, year=year, statement="三会一课规范，党员作用发挥好", acting_user=None)


def test_a_branch_applies_once_a_year_and_the_refusal_writes_nothing(five_good, registry):
    application = apply(five_good, registry.branch_a)
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_on == dt.date(2026, 6, 30)
    with pytest.raises(DomainError, match="已申请"):
        apply(five_good, registry.branch_a)
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="campaigns.application.submitted").count() == 1


def test_an_organization_of_a_kind_the_campaign_does_not_admit_is_refused(five_good, registry):
    with pytest.raises(DomainError, match="面向：党支部"):
        apply(five_good, registry.opc)
    with pytest.raises(DomainError, match="2028"):
        apply(five_good, registry.branch_a, year=2028)
    assert not Application.objects.exists()


def test_computed_criteria_are_read_from_the_registry_and_a_meeting_recorded_changes_them(five_good, registry):
    application = apply(five_good, registry.branch_b)
    computed = five_good.criteria.get(number=1)
    before = queries.computed_figures(application)[computed.pk]
    do_record_meeting(
        registry.branch_b,
        kind=MeetingKind.THEME_DAY,
        date=dt.date(2026, 5, 15),  # in the application's year: the one assessed
        topic="主题党日：学习党章",
        attendance={},
        acting_user=None,
    )
    after = queries.computed_figures(application)[computed.pk]
    assert after.count == before.count + 1 and after.value > before.value
    assert after.url == f"/orglife/organizations/{registry.branch_b.pk}/?year=2026"


def test_the_assessment_fills_the_computed_criterion_and_an_unmet_one_needs_a_reason(five_good, registry):
    application = apply(five_good, registry.branch_a)
    assessed = five_good.criteria.get(number=2)
    with pytest.raises(DomainError, match="未达到：请说明原因"):
        services.do_assess(application, findings={assessed.pk: (False, "")}, acting_user=None)
    assert not application.assessments.exists()
    rows = services.do_assess(application, findings={assessed.pk: (True, "")}, acting_user=None)
    computed = next(r for r in rows if r.criterion.number == 1)
    assert computed.met is False and computed.figure == 0  # no meeting recorded in 2026
    with pytest.raises(DomainError, match="不能命名"):
        services.do_name(
            application, named_on=dt.date(2026, 6, 30), document_number="万直工委〔2026〕8号", acting_user=None
        )
    assert not Naming.objects.exists()
    services.do_refuse(application, reason="组织生活开展不足", acting_user=None)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED and application.reason == "组织生活开展不足"


def test_a_naming_with_every_criterion_met_holds_for_the_campaigns_years(civilized, registry):
    services.do_add_criterion(civilized, text="创建工作有计划、有台账", acting_user=None)
    application = apply(civilized, registry.opc)
    criterion = civilized.criteria.get()
    services.do_assess(application, findings={criterion.pk: (True, "台账齐全")}, acting_user=None)
    naming = services.do_name(
        application, named_on=dt.date(2026, 6, 1), document_number="万文明委〔2026〕3号", acting_user=None
    )
    assert naming.valid_until == dt.date(2029, 6, 1)
    assert services.review_years(naming) == [2027, 2028, 2029]
    assert queries.namings_in_force(dt.date(2026, 6, 30)) == {registry.opc.pk: [naming]}
    assert queries.namings_in_force(dt.date(2029, 6, 2)) == {}


def test_a_naming_from_29_february_ends_on_28_february():
    from campaigns.models import Campaign

    assert services.valid_until(Campaign(validity_years=3), dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    assert services.valid_until(Campaign(validity_years=None), dt.date(2024, 2, 29)) is None


def test_the_annual_review_passes_or_revokes_the_naming(civilized, registry):
    naming = named(civilized, registry.opc)
    services.do_review(naming, year=2025, passed=True, reviewed_on=dt.date(2025, 11, 20), acting_user=None)
    with pytest.raises(DomainError, match="2025年度复查已记录"):
        services.do_review(naming, year=2025, passed=True, reviewed_on=dt.date(2025, 12, 1), acting_user=None)
    with pytest.raises(DomainError, match="原因"):
        services.do_review(naming, year=2026, passed=False, reviewed_on=dt.date(2026, 6, 1), acting_user=None)
    with pytest.raises(DomainError, match="2024"):
        services.do_review(naming, year=2024, passed=True, reviewed_on=dt.date(2024, 12, 1), acting_user=None)
    assert Review.objects.count() == 1
    services.do_review(
        naming,
        year=2026,
        passed=False,
        reviewed_on=dt.date(2026, 6, 1),
        comment="发生重大安全责任事故",
        acting_user=None,
    )
    naming.refresh_from_db()
    assert naming.revoked_on == dt.date(2026, 6, 1) and not naming.in_force(dt.date(2026, 6, 1))
    assert naming.in_force(dt.date(2026, 5, 31))
    assert queries.namings_in_force(dt.date(2026, 6, 30)) == {}


def test_a_naming_is_revoked_with_a_reason_only_while_in_force(five_good, registry):
    naming = named(five_good, registry.branch_a)
    with pytest.raises(DomainError, match="撤销的原因"):
        services.do_revoke(naming, revoked_on=dt.date(2026, 3, 1), reason=" ", acting_user=None)
    with pytest.raises(DomainError, match="未来"):
        services.do_revoke(naming, revoked_on=dt.date(2026, 7, 1), reason="违纪", acting_user=None)
    services.do_revoke(naming, revoked_on=dt.date(2026, 3, 1), reason="支部书记受处分", acting_user=None)
    with pytest.raises(DomainError, match="不在有效期内"):
        services.do_revoke(naming, revoked_on=dt.date(2026, 4, 1), reason="再撤销", acting_user=None)
    assert AuditEvent.objects.filter(action="campaigns.naming.revoked").count() == 1


def test_coverage_counts_the_branches_named_under_each_committee(five_good, registry):
    named(five_good, registry.branch_a)
    figures = queries.coverage(five_good, dt.date(2026, 6, 30))
    assert figures[registry.opc.pk] == (1, 2)
    assert figures[registry.pc.pk] == (0, 1)


def test_a_campaign_with_an_annual_review_needs_a_validity_of_two_years(db):
    from campaigns.models import Campaign

    with pytest.raises(DomainError, match="两年"):
        services.do_create_campaign(
            name="学习型机关", kind="naming", first_year=2026, validity_years=1, annual_review=True, acting_user=None
        )
    assert not Campaign.objects.exists()
