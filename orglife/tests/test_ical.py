"""An organization's planned meetings as a calendar feed (issue 17, item 3): calendar apps cannot
log in, so the address carries a secret token the officers make, see once, replace and revoke."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from icalendar import Calendar

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import make_user
from orglife.feeds import do_issue_calendar_feed, do_revoke_calendar_feed
from orglife.models import CalendarFeed, PlanItem


@pytest.fixture
def plan(registry):
    r = registry
    PlanItem.objects.create(
        organization=r.branch_a,
        year=2026,
        month=3,
        kind="theme_day",
        planned_date=dt.date(2026, 3, 15),
        start_time=dt.time(14, 30),
        place="三楼会议室",
        topic="重温入党誓词",
    )
    PlanItem.objects.create(
        organization=r.branch_a,
        year=2026,
        month=4,
        kind="lecture",
        planned_date=dt.date(2026, 4, 8),
        topic="书记讲党课",
    )
    PlanItem.objects.create(organization=r.branch_a, year=2026, month=5, kind="committee")  # no date yet
    PlanItem.objects.create(
        organization=r.branch_b,
        year=2026,
        month=3,
        kind="theme_day",
        planned_date=dt.date(2026, 3, 20),
        topic="别的支部",
    )
    return r


def _feed(client, org, token):
    return client.get(reverse("orglife:ical_feed", args=[org.pk, token]))


def _events(response):
    return sorted(Calendar.from_ical(response.content).walk("VEVENT"), key=lambda e: e.decoded("dtstart").isoformat())


def test_the_feed_carries_the_organizations_dated_plan_and_nothing_else(plan, client):
    token = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    response = _feed(client, plan.branch_a, token)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    assert [str(e["summary"]) for e in events] == ["主题党日：重温入党誓词", "党课：书记讲党课"]  # needs the catalogue
    timed, all_day = events
    assert timed.decoded("dtstart") == dt.datetime(2026, 3, 15, 6, 30, tzinfo=dt.UTC)  # 14:30 in Beijing
    assert str(timed["location"]) == "三楼会议室"
    assert all_day.decoded("dtstart") == dt.date(2026, 4, 8) and all_day.decoded("dtend") == dt.date(2026, 4, 9)
    assert "location" not in all_day


def test_each_planned_item_keeps_its_uid_from_one_fetch_to_the_next(plan, client):
    token = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    first = [str(e["uid"]) for e in _events(_feed(client, plan.branch_a, token))]
    PlanItem.objects.filter(topic="重温入党誓词").update(place="党员活动室")
    second = [str(e["uid"]) for e in _events(_feed(client, plan.branch_a, token))]
    assert first == second and len(set(first)) == 2


def test_text_is_escaped_and_long_lines_are_folded(registry, client):
    topic = "学习《条例》;讨论,表决\\总结" + "长" * 60
    PlanItem.objects.create(
        organization=registry.branch_a,
        year=2026,
        month=6,
        kind="theme_day",
        planned_date=dt.date(2026, 6, 1),
        topic=topic,
        place="A\x01楼\n二层",
    )
    token = do_issue_calendar_feed(registry.branch_a, acting_user=None)
    response = _feed(client, registry.branch_a, token)
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))  # octets, RFC 5545 3.1
    assert b"\\;" in response.content and b"\\," in response.content and b"\\\\" in response.content
    [event] = _events(response)
    assert str(event["summary"]).endswith(topic) and str(event["location"]) == "A楼 二层"


def test_only_a_hash_of_the_token_is_stored(registry):
    token = do_issue_calendar_feed(registry.branch_a, acting_user=None)
    feed = CalendarFeed.objects.get(organization=registry.branch_a)
    assert token not in feed.token_hash and feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 43  # 32 random bytes


def test_a_new_address_ends_the_old_one_and_a_revoked_one_is_not_found(plan, client):
    old = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    new = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    assert _feed(client, plan.branch_a, old).status_code == 404
    assert _feed(client, plan.branch_a, new).status_code == 200
    do_revoke_calendar_feed(plan.branch_a, acting_user=None)
    assert _feed(client, plan.branch_a, new).status_code == 404


def test_a_wrong_token_and_an_unknown_organization_are_the_same_not_found(plan, client):
    token = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    wrong = _feed(client, plan.branch_a, token[:-1] + ("A" if token[-1] != "A" else "B"))
    unknown = _feed(client, type(plan.branch_a)(pk=10**6), token)
    other = _feed(client, plan.branch_b, token)  # an organization without an address
    too_big = client.get(reverse("orglife:ical_feed", args=[2**63, token]))
    assert {wrong.status_code, unknown.status_code, other.status_code, too_big.status_code} == {404}
    assert _page(wrong) == _page(unknown) == _page(other)  # the site's one "not found" page


def _page(response) -> list[str]:
    return [t.name for t in response.templates]


def test_the_feed_needs_no_session_and_starts_none(plan, client):
    token = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    response = _feed(client, plan.branch_a, token)
    assert response.status_code == 200 and "sessionid" not in response.cookies


def test_the_gate_lets_a_half_signed_in_browser_reach_the_feed_and_nothing_else(plan, client, secretary):
    TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    client.force_login(secretary)  # the password only
    token = do_issue_calendar_feed(plan.branch_a, acting_user=None)
    assert _feed(client, plan.branch_a, token).status_code == 200
    ledger = client.get(reverse("orglife:ledger", args=[plan.branch_a.pk]))
    assert ledger.status_code == 302 and ledger["Location"].startswith(reverse("accounts:two_factor"))


def test_an_officer_makes_an_address_sees_it_once_and_revokes_it(plan, client_for, branch_secretary):
    client = client_for(branch_secretary)
    response = client.post(reverse("orglife:calendar_feed_issue", args=[plan.branch_a.pk]))
    assert response.status_code == 200
    url = response.context["feed_url"]
    assert url.startswith("http") and f"/orglife/calendar/{plan.branch_a.pk}/" in url
    assert url in response.content.decode()
    path = url.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    page = client.get(reverse("orglife:ledger", args=[plan.branch_a.pk])).content.decode()
    assert path not in page  # not shown again
    client.post(reverse("orglife:calendar_feed_revoke", args=[plan.branch_a.pk]))
    assert client.get(path).status_code == 404
    actions = list(
        AuditEvent.objects.filter(actor=branch_secretary, action__startswith="orglife.")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["orglife.calendar_feed.issued", "orglife.calendar_feed.revoked"]


def test_only_the_organizations_officers_make_or_revoke_its_address(plan, client_for, body_officer, plain_member):
    other = make_user("second_branch_secretary", Role.ORG_ADMIN, plan.branch_b)
    for name in ("orglife:calendar_feed_issue", "orglife:calendar_feed_revoke"):
        url = reverse(name, args=[plan.branch_a.pk])
        assert client_for(other).post(url).status_code == 404
        assert client_for(plain_member).post(url).status_code == 404
        assert client_for(body_officer).post(url).status_code == 403
    assert not CalendarFeed.objects.exists()
