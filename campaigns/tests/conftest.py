import datetime as dt
from decimal import Decimal

import pytest

from campaigns import services
from campaigns.models import CampaignKind, Comparison
from orgs.models import OrgKind


@pytest.fixture(autouse=True)
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def five_good(db):
    """五好党支部: branches apply; organizational life held ≥ 80 % (computed), and a sound
    committee (assessed)."""
    campaign = services.do_create_campaign(
        name="五好党支部", kind=CampaignKind.NAMING, first_year=2020, applicant_kinds=[OrgKind.BRANCH], acting_user=None
    )
    services.do_add_criterion(
        campaign,
        text="组织生活按规定开展",
        indicator="orglife.held",
        comparison=Comparison.AT_LEAST,
        threshold=Decimal("80"),
        acting_user=None,
    )
    services.do_add_criterion(campaign, text="支部班子好", acting_user=None)
    return campaign


@pytest.fixture
def civilized(db):
    """文明单位: the unit's naming, three years with an annual review."""
    return services.do_create_campaign(
        name="文明单位",
        kind=CampaignKind.NAMING,
        first_year=2020,
        matter_code="PRO-03",
        applicant_kinds=[OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.PARTY_COMMITTEE],
        for_unit=True,
        validity_years=3,
        annual_review=True,
        acting_user=None,
    )


@pytest.fixture
def heart(db):
    """党员与群众心连心: members record their activities."""
    return services.do_create_campaign(
        name="党员与群众心连心", kind=CampaignKind.ACTIVITY, first_year=2020, members_record=True, acting_user=None
    )


def named(campaign, org, *, day=dt.date(2024, 5, 10), year=2024):
    """A naming made directly through the services (an application of `year`, assessed, named)."""
    from campaigns.models import Application, ApplicationStatus, Naming

    application = Application.objects.create(
        campaign=campaign, organization=org, year=year, statement="申请", submitted_on=day
    )
    naming = Naming.objects.create(
        campaign=campaign,
        organization=org,
        application=application,
        named_on=day,
        valid_until=services.valid_until(campaign, day),
        document_number="万直工委〔2024〕12号",
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.NAMED, decided_on=day)
    return naming
