"""What can be done to a work item, and by whom (issue 15, item 9): one declaration
(work.models.ACTIONS) drives both the item's page and the server's checks."""

import datetime as dt
import re

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from orgs.models import Post
from work import services
from work.models import ACTIONS, Action, ItemKind, ItemStatus, WorkComment, WorkItem
from work.tests.test_routing import officer

ENDPOINTS = {Action.COMMENT: "comment", Action.CLOSE: "close", Action.DECIDE: "decide"}


@pytest.fixture
def people(registry, division):
    _lst, bodies = division
    return {
        "zzb": officer("zzb", Role.BODY_STAFF, registry, bodies["ZZB"]),  # leads ORG-05
        "gw": officer("gw", Role.BODY_STAFF, registry, bodies["GW"]),  # co on ORG-05, informed on PRO-01
        "xcb": officer("xcb", Role.BODY_STAFF, registry, bodies["XCB"]),  # leads PRO-01
    }


def appointment(registry):
    return services.do_propose_appointment(
        registry.opc,
        member=registry.zhang_san,
        rank="deputy_division",
        valid_from=dt.date(2026, 1, 5),
        reason="工作需要",
        acting_user=None,
    )


def study_item():
    return services.do_create_item(WorkItem(matter_code="PRO-01", title="中心组学习检查"), acting_user=None)


def term_item(registry):
    """An item about an organization's own business: no lead body, for its officers."""
    return WorkItem.objects.create(kind=ItemKind.TERM_ENDING, title="换届提醒", organization=registry.opc)


def offered(client, item) -> set[str]:
    page = client.get(f"/todo/{item.pk}/").content.decode()
    return set(re.findall(rf'action="/todo/{item.pk}/(\w+)/"', page))


def test_closing_an_appointment_through_close_is_refused_and_changes_nothing(registry, people, client_for):
    item = appointment(registry)
    client = client_for(people["zzb"])  # the lead body: it may decide, not close
    response = client.post(f"/todo/{item.pk}/close/", {"outcome": "办结"}, follow=True)
    assert "不适用于此类事项" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN and item.outcome == "" and item.closed_at is None
    assert not Post.objects.exists()
    assert not AuditEvent.objects.filter(action="work.item.closed").exists()


def test_an_informed_body_cannot_comment(registry, people, client_for):
    item = study_item()
    client = client_for(people["gw"])
    page = client.get(f"/todo/{item.pk}/").content.decode()
    assert "中心组学习检查" in page and 'name="text"' not in page
    response = client.post(f"/todo/{item.pk}/comment/", {"text": "已阅"}, follow=True)
    assert "只有承办该事项的单位可以发表意见" in response.content.decode()
    assert not WorkComment.objects.exists()
    assert not AuditEvent.objects.filter(action="work.item.commented").exists()


def test_an_appointment_is_decided_by_its_lead_and_commented_by_its_co_body(registry, people, client_for):
    item = appointment(registry)
    assert offered(client_for(people["gw"]), item) == {"comment"}
    assert offered(client_for(people["zzb"]), item) == {"comment", "decide"}
    client = client_for(people["zzb"])
    client.post(f"/todo/{item.pk}/decide/", {"decision": "approve", "reason": "考察合格"})
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and Post.objects.get().member == registry.zhang_san
    assert offered(client, item) == {"comment"}  # decided: nothing left to decide


@pytest.mark.parametrize(
    "item_of, who",
    [
        ("appointment", "zzb"),
        ("appointment", "gw"),
        ("study", "xcb"),
        ("study", "gw"),
        ("term", "opc_officer"),
    ],
)
def test_the_server_accepts_exactly_what_the_page_offers(registry, people, opc_officer, client_for, item_of, who):
    item = {"appointment": appointment, "study": lambda r: study_item(), "term": term_item}[item_of](registry)
    user = opc_officer if who == "opc_officer" else people[who]
    client = client_for(user)
    shown = offered(client, item)
    assert shown <= {ENDPOINTS[a] for a in ACTIONS[item.kind]}
    for action in (Action.COMMENT, Action.DECIDE, Action.CLOSE):  # the closing ones last
        before = (WorkComment.objects.filter(item=item).count(), WorkItem.objects.get(pk=item.pk).status)
        data = {"text": "意见", "outcome": "已办", "decision": "approve", "reason": "同意"}
        client.post(f"/todo/{item.pk}/{ENDPOINTS[action]}/", data)
        after = (WorkComment.objects.filter(item=item).count(), WorkItem.objects.get(pk=item.pk).status)
        assert (after != before) == (ENDPOINTS[action] in shown), (action, shown)
