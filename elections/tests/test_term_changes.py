"""Asking to delay or advance an election (第三条) and the superior's reply: the window cited,
the term's end moved on approval, its reminders closed, and who may do what."""

import datetime as dt

import pytest
from django.urls import reverse

from elections.models import TermChange, TermChangeStatus
from orgs.models import PartyOrganization
from work.models import ItemKind, ItemStatus, WorkItem
from work.services import do_create_reminders

TODAY = "2026-11-30"


@pytest.fixture
def ended(registry, settings):
    """财政局第一支部, whose term ended on 2026-10-20, with its reminder open."""
    settings.DANGJIAN_TODAY = TODAY
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(
        term_start=dt.date(2023, 10, 20), term_end=dt.date(2026, 10, 20)
    )
    do_create_reminders(dt.date(2026, 11, 30))
    return PartyOrganization.objects.get(pk=registry.branch_a.pk)


def ask(client, org, **data):
    fields = {"kind": "postpone", "new_end": "2027-04-20", "reason": "单位机构改革，班子待定"}
    return client.post(reverse("elections:term_change_request", args=[org.pk]), {**fields, **data})


def request_of(org, **kw):
    from elections import services

    fields = {"organization": org, "kind": "postpone", "new_end": dt.date(2027, 4, 20), "reason": "机构改革"}
    return services.do_request_term_change(TermChange(**{**fields, **kw}), acting_user=None)


def test_the_form_shows_the_present_end_and_the_window_the_article_allows(ended, client_for, branch_secretary):
    html = client_for(branch_secretary).get(reverse("elections:term_change_request", args=[ended.pk])).content.decode()
    assert '>2023-10-20</span> — <span class="text-nowrap">2026-10-20<' in html
    assert "第三条" in html and "最多延期或提前1年" in html
    assert "2026-10-21" in html and "2027-10-20" in html  # a delay's window
    assert "不再适用" in html  # an advance of a term already ended


def test_a_delay_beyond_a_year_is_refused_citing_the_article_and_the_typed_values_stay(
    ended, client_for, branch_secretary
):
    response = ask(client_for(branch_secretary), ended, new_end="2028-01-01", reason="人员调整较多")
    html = response.content.decode()
    assert response.status_code == 200
    assert "延期或提前换届最多1年" in html and "第三条" in html and "2026-10-21至2027-10-20" in html
    assert 'value="2028-01-01"' in html and "人员调整较多" in html
    assert not TermChange.objects.exists()


def test_a_request_within_the_window_goes_to_the_approving_committee(ended, registry, client_for, branch_secretary):
    response = ask(client_for(branch_secretary), ended)
    change = TermChange.objects.get()
    assert response.status_code == 302 and response.url == reverse("elections:term_change", args=[change.pk])
    assert change.approving == registry.opc and change.status == TermChangeStatus.REQUESTED
    again = client_for(branch_secretary).get(reverse("elections:term_change_request", args=[ended.pk]))
    assert "等待财政局机关党委批复" in again.content.decode()


def test_the_superiors_officer_approves_and_the_term_end_moves_and_its_reminder_closes(ended, client_for, opc_officer):
    change = request_of(ended)
    reminder = WorkItem.objects.get(kind=ItemKind.TERM_EXPIRED, organization=ended)
    client = client_for(opc_officer)
    listed = client.get(reverse("elections:term_changes")).content.decode()
    assert "待您批复" in listed and "财政局第一支部" in listed
    response = client.post(
        reverse("elections:term_change_decide", args=[change.pk]),
        {"decision": "approve", "day": "2026-11-30", "note": ""},
        follow=True,
    )
    assert "已批准：财政局第一支部的任期届满日改为2027-04-20。" in response.content.decode()
    ended.refresh_from_db()
    assert ended.term_end == dt.date(2027, 4, 20)
    reminder.refresh_from_db()
    assert reminder.status == ItemStatus.DONE
    overdue = client.get(reverse("elections:oversight")).content.decode()
    assert "财政局第一支部" not in overdue
    due = client.get(reverse("elections:oversight"), {"status": "due_6m"}).content.decode()
    assert "财政局第一支部" in due and "2027-04-20" in due


def test_not_approving_needs_a_reason_and_leaves_the_term_as_it_was(ended, client_for, opc_officer):
    change = request_of(ended)
    client = client_for(opc_officer)
    url = reverse("elections:term_change_decide", args=[change.pk])
    refused = client.post(url, {"decision": "return", "day": "2026-11-30", "note": ""})
    assert refused.status_code == 200 and "请说明不予批准的理由。" in refused.content.decode()
    assert 'value="2026-11-30"' in refused.content.decode()
    client.post(url, {"decision": "return", "day": "2026-11-30", "note": "请按期换届"})
    change.refresh_from_db()
    ended.refresh_from_db()
    assert change.status == TermChangeStatus.RETURNED and change.reply_note == "请按期换届"
    assert ended.term_end == dt.date(2026, 10, 20)
    html = client.get(reverse("elections:term_change", args=[change.pk])).content.decode()
    assert "不予批准" in html and "请按期换届" in html and 'data-testid="term-change-decide"' not in html


def test_the_branch_cannot_answer_its_own_request(ended, client_for, branch_secretary):
    change = request_of(ended)
    client = client_for(branch_secretary)
    page = client.get(reverse("elections:term_change", args=[change.pk])).content.decode()
    assert "机构改革" in page and 'data-testid="term-change-decide"' not in page
    denied = client.post(reverse("elections:term_change_decide", args=[change.pk]), {"decision": "approve"})
    assert denied.status_code == 403


def test_those_outside_get_nothing(ended, client_for, outsider, body_officer, registry):
    change = request_of(ended)
    client = client_for(outsider)
    assert client.get(reverse("elections:term_change", args=[change.pk])).status_code == 404
    assert client.get(reverse("elections:term_change_request", args=[ended.pk])).status_code == 404
    assert client.get(reverse("elections:term_changes")).status_code == 403
    reader = client_for(body_officer)
    assert reader.get(reverse("elections:term_change_request", args=[ended.pk])).status_code == 403
    assert reader.get(reverse("elections:term_change", args=[change.pk])).status_code == 200


def test_a_committee_without_a_term_is_told_so(ended, registry, client_for, clerk):
    html = client_for(clerk).get(reverse("elections:term_change_request", args=[registry.working.pk])).content
    assert "该党组织不实行任期制。" in html.decode() and "报送上级" not in html.decode()


def test_the_reminder_and_the_organization_page_lead_into_the_election(ended, client_for, branch_secretary):
    client = client_for(branch_secretary)
    reminder = WorkItem.objects.get(kind=ItemKind.TERM_EXPIRED, organization=ended)
    item = client.get(reverse("work:item", args=[reminder.pk])).content.decode()
    assert "开始换届" in item and reverse("elections:start", args=[ended.pk]) in item
    assert "申请延期/提前换届" in item and reverse("elections:term_change_request", args=[ended.pk]) in item
    org = client.get(reverse("orgs:organization", args=[ended.pk])).content.decode()
    assert "开始换届" in org
    request_of(ended)
    org = client.get(reverse("orgs:organization", args=[ended.pk])).content.decode()
    assert "延期换届至2027-04-20：待上级批复" in org and "申请延期/提前换届" not in org
