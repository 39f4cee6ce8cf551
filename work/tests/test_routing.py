import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import RoleAssignment
from accounts.roles import Role
from audit.models import AuditEvent
from authority import services as authority_services
from authority.models import AuthorityList, ListStatus
from conftest import make_user
from core.errors import DomainError
from orgs.models import Post
from work import services
from work.models import ItemKind, ItemStatus, WorkItem


def officer(username, role, registry, body):
    user = make_user(username, role, registry.working)
    RoleAssignment.objects.filter(user=user).update(authority_body=body)
    return user


def test_an_item_goes_to_the_lead_and_co_bodies_see_it_marked(registry, division, client_for):
    lst, bodies = division
    zzb = officer("zzb", Role.BODY_STAFF, registry, bodies["ZZB"])
    gw = officer("gw", Role.COMMITTEE_STAFF, registry, bodies["GW"])
    xcb = officer("xcb", Role.BODY_STAFF, registry, bodies["XCB"])
    item = services.do_create_item(WorkItem(matter_code="ORG-05", title="考察某同志"), acting_user=gw)
    assert item.lead_body == bodies["ZZB"]
    assert "考察某同志" in client_for(zzb).get("/todo/").content.decode()
    page = client_for(gw).get("/todo/").content.decode()
    assert "考察某同志" in page and "协办" in page
    assert "考察某同志" not in client_for(xcb).get("/todo/").content.decode()
    assert client_for(xcb).get(f"/todo/{item.pk}/").status_code == 404


def test_overdue_items_come_first(registry, division, client_for):
    lst, bodies = division
    zzb = officer("zzb", Role.BODY_STAFF, registry, bodies["ZZB"])
    services.do_create_item(
        WorkItem(matter_code="ORG-05", title="不急", due_date=dt.date(2999, 1, 1)), acting_user=None
    )
    services.do_create_item(
        WorkItem(matter_code="ORG-05", title="已逾期", due_date=dt.date(2020, 1, 1)), acting_user=None
    )
    page = client_for(zzb).get("/todo/").content.decode()
    assert page.index("已逾期") < page.index("不急") and "逾期" in page


def test_adopting_a_version_that_moves_a_matter_reroutes_its_open_items(registry, division):
    lst, bodies = division
    item = services.do_create_item(WorkItem(matter_code="ORG-05", title="考察某同志"), acting_user=None)
    draft = authority_services.do_create_list(AuthorityList(name="新方案", based_on=lst), acting_user=None)
    matter = draft.matters.get(code="ORG-05")
    authority_services.do_save_matter(matter, roles={bodies["GW"].pk: "lead", bodies["ZZB"].pk: "co"}, acting_user=None)
    authority_services.do_adopt_list(draft, effective_from=dt.date(2026, 1, 1), acting_user=None)
    item.refresh_from_db()
    assert item.lead_body == bodies["GW"]
    event = AuditEvent.objects.get(action="work.item.rerouted", target_id=str(item.pk))
    assert event.old == {"lead_body": "ZZB"} and event.new["lead_body"] == "GW"


def test_an_adoption_whose_rerouting_fails_is_undone_with_it(registry, division, monkeypatch):
    lst, bodies = division
    services.do_create_item(WorkItem(matter_code="ORG-05", title="考察某同志"), acting_user=None)
    draft = authority_services.do_create_list(AuthorityList(name="新方案", based_on=lst), acting_user=None)
    matter = draft.matters.get(code="ORG-05")
    authority_services.do_save_matter(matter, roles={bodies["GW"].pk: "lead", bodies["ZZB"].pk: "co"}, acting_user=None)

    def broken(day, *, acting_user=None):
        raise RuntimeError("rerouting failed")

    monkeypatch.setattr(services, "do_reroute_items", broken)
    with pytest.raises(RuntimeError):
        authority_services.do_adopt_list(draft, effective_from=dt.date(2026, 1, 1), acting_user=None)
    draft.refresh_from_db()
    assert draft.status == ListStatus.DRAFT and draft.effective_from is None
    assert not AuditEvent.objects.filter(action="authority.list.adopted", target_id=str(draft.pk)).exists()


def test_only_the_lead_body_approves_an_appointment_and_the_post_follows(registry, division, client_for):
    lst, bodies = division
    gw = officer("gw", Role.COMMITTEE_LEADER, registry, bodies["GW"])
    xcb = officer("xcb", Role.BODY_STAFF, registry, bodies["XCB"])
    zzb = officer("zzb", Role.BODY_STAFF, registry, bodies["ZZB"])
    item = services.do_propose_appointment(
        registry.opc,
        member=registry.zhang_san,
        rank="deputy_division",
        valid_from=dt.date(2026, 1, 5),
        reason="工作需要",
        acting_user=gw,
    )
    assert item.lead_body == bodies["ZZB"]
    for outsider in (gw, xcb):  # the committee leader has every registry right, but is not the lead
        with pytest.raises(DomainError, match="只有主办单位"):
            services.do_decide_appointment(item, approve=True, reason="", acting_user=outsider)
    assert not Post.objects.exists()
    response = client_for(zzb).post(f"/todo/{item.pk}/decide/", {"decision": "approve", "reason": "考察合格"})
    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.member, post.organization, post.role, post.full_time, post.rank) == (
        registry.zhang_san,
        registry.opc,
        "secretary",
        True,
        "deputy_division",
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_term_reminders_are_created_once_per_due_event(registry):
    org = registry.branch_a
    org.term_start, org.term_end = dt.date(2023, 12, 1), dt.date(2026, 12, 1)
    org.save()
    out = StringIO()
    call_command("reminders", "--today", "2026-11-01", stdout=out)
    assert WorkItem.objects.filter(kind=ItemKind.TERM_ENDING, organization=org).count() == 1
    call_command("reminders", "--today", "2026-11-02", stdout=out)
    assert WorkItem.objects.filter(organization=org).count() == 1
    call_command("reminders", "--today", "2026-12-02", stdout=out)
    assert WorkItem.objects.filter(kind=ItemKind.TERM_EXPIRED, organization=org).count() == 1
    call_command("reminders", "--today", "2026-12-03", stdout=out)
    assert WorkItem.objects.filter(organization=org).count() == 2


def test_a_branch_secretary_sees_the_reminder_of_their_branch(registry, client_for, branch_secretary, clerk):
    org = registry.branch_a
    org.term_end = dt.date(2020, 1, 1)
    org.save()
    services.do_create_reminders(dt.date(2026, 1, 1))
    page = client_for(branch_secretary).get("/todo/").content.decode()
    assert "任期已于2020-01-01届满" in page


def test_the_todo_page_query_count_does_not_grow_with_items(registry, division, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lst, bodies = division
    zzb = officer("zzb", Role.BODY_STAFF, registry, bodies["ZZB"])
    client = client_for(zzb)
    services.do_create_item(WorkItem(matter_code="ORG-05", title="一"), acting_user=None)
    with CaptureQueriesContext(connection) as few:
        client.get("/todo/")
    for i in range(30):
        services.do_create_item(
            WorkItem(matter_code="ORG-05", title=f"事项{i}", due_date=dt.date(2020, 1, 1)), acting_user=None
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/todo/").content.decode()
    assert len(many) == len(few) and page.index("事项0") < page.index(">一<")
