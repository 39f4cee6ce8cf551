"""The 换届 page with elections under way: their tab, the sign on the organization's row, and
each row's next step for those who may take it, in a few queries whatever the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections import services
from elections.models import Election, Method
from orgs.models import OrgKind, PartyOrganization

TODAY = "2026-11-30"


@pytest.fixture
def terms(registry, settings):
    """财政局第一支部 and 教委第一支部 overdue, 财政局第二支部 ending within 3 months, the rest in term;
    教委第一支部's election drafted and sent to 教委党委."""
    settings.DANGJIAN_TODAY = TODAY
    r = registry
    PartyOrganization.objects.update(term_end=dt.date(2029, 1, 1))
    for org, end in (
        (r.branch_a, dt.date(2026, 3, 1)),
        (r.branch_c, dt.date(2026, 10, 1)),
        (r.branch_b, dt.date(2027, 1, 15)),
    ):
        PartyOrganization.objects.filter(pk=org.pk).update(term_start=dt.date(2023, 3, 1), term_end=end)
    branch_c = PartyOrganization.objects.get(pk=r.branch_c.pk)
    election = services.do_draft_election(
        Election(organization=branch_c, method=Method.GENERAL_MEETING, seats=3, planned_on=dt.date(2026, 12, 20)),
        acting_user=None,
    )
    services.do_send_request(election, day=dt.date(2026, 11, 30), acting_user=None)
    Election.objects.filter(pk=election.pk).update(step_since=dt.date(2026, 11, 20))  # a step some days old
    return election


def page(client, **params):
    return client.get(reverse("elections:oversight"), params).content.decode()


def test_an_election_under_way_has_its_tab_with_its_step_and_a_link(terms, client_for, secretary):
    client = client_for(secretary)
    html = page(client, status="in_election")
    assert 'data-testid="tab-in_election">换届中 <span class="badge text-bg-info">1</span>' in html
    assert "教委第一支部" in html and "已请示，待批复" in html and "2026-11-20" in html
    assert reverse("elections:election", args=[terms.pk]) in html
    assert "财政局第一支部" not in html


def test_an_overdue_organization_in_election_is_marked_and_offers_no_second_start(terms, client_for, secretary):
    html = page(client_for(secretary))
    assert "换届中：已请示，待批复" in html  # on 教委第一支部's row, still counted as overdue
    assert 'data-testid="tab-overdue">已届满未换届 <span class="badge text-bg-danger">2</span>' in html
    r = terms.organization
    assert reverse("elections:start", args=[r.pk]) not in html
    others = PartyOrganization.objects.get(name="财政局第一支部")
    assert reverse("elections:start", args=[others.pk]) in html and "开始换届" in html


def test_only_those_who_may_edit_an_organization_are_offered_to_start_its_election(
    terms, client_for, branch_secretary, body_officer
):
    branch_a = PartyOrganization.objects.get(name="财政局第一支部")
    own = page(client_for(branch_secretary))
    assert reverse("elections:start", args=[branch_a.pk]) in own
    assert reverse("elections:term_change_request", args=[branch_a.pk]) in own
    seen = page(client_for(body_officer))  # reads the registry, edits nothing
    assert "财政局第一支部" in seen and "开始换届" not in seen and "申请延期/提前换届" not in seen


def test_an_organization_in_term_is_offered_an_advance_not_a_start(terms, client_for, clerk):
    html = page(client_for(clerk), status="in_term")
    assert "申请提前换届" in html and "开始换届" not in html
    due = page(client_for(clerk), status="due_3m")
    assert "财政局第二支部" in due and "开始换届" in due


def test_the_page_reads_the_same_few_queries_for_many_more_organizations(
    terms, registry, client_for, secretary, django_assert_max_num_queries
):
    client = client_for(secretary)
    with CaptureQueriesContext(connection) as first:
        page(client)
    assert len(first.captured_queries) <= 12  # session, user, scope, the rows, elections, requests
    for n in range(12):
        org = registry.org(f"新支部{n}", OrgKind.BRANCH, registry.pc, registry.education, dt.date(2000, 1, 1))
        PartyOrganization.objects.filter(pk=org.pk).update(term_end=dt.date(2026, 1, n + 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = page(client)
    assert "新支部11" in html
