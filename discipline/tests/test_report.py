"""The discipline year (`manage.py discipline`) counted from the records, and the audit log that
shows discipline's events only to readers who hold the discipline capability too."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user
from discipline import cases, sanctions, talks
from discipline.models import SanctionKind, TalkKind
from discipline.tests.helpers import adopt_division
from members.models import EventKind
from members.services import do_record_member_event


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


@pytest.fixture
def year(registry):
    """One year's records, entered once through the services."""
    r = registry
    adopt_division(dt.date(2026, 1, 1))
    talks.do_record_talk(
        kind=TalkKind.ADMONITION,
        member=r.li_si,
        date=dt.date(2026, 2, 3),
        talker="纪工委",
        gist="诫勉要点",
        follow_up="",
        acting_user=None,
    )
    talks.do_record_talk(
        kind=TalkKind.REMINDER,
        member=r.zhang_san,
        date=dt.date(2025, 12, 30),
        talker="书记",
        gist="去年的",
        follow_up="",
        acting_user=None,
    )
    first = cases.do_register_clue(
        member=r.li_si, received_on=dt.date(2026, 1, 10), source="report", summary="反映问题", acting_user=None
    )
    cases.do_register_clue(
        member=r.zhang_san, received_on=dt.date(2026, 2, 10), source="report", summary="反映问题", acting_user=None
    )
    cases.do_dispose_clue(first, disposal="preliminary", day=dt.date(2026, 1, 20), note="", acting_user=None)
    # opened 2026-02-01: due 90 days later (2026-05-02), still open on 2026-06-30
    cases.do_open_case(clue=first, opened_on=dt.date(2026, 2, 1), acting_user=None)
    sanctions.do_impose_sanction(
        member=r.wang_wu,
        kind=SanctionKind.PROBATION,
        decided_on=dt.date(2026, 3, 1),
        decided_by="纪工委",
        narrative="事实",
        probation_years=1,
        acting_user=None,
    )
    do_record_member_event(r.zhang_san, kind=EventKind.DECEASED, day=dt.date(2026, 4, 1), note="", acting_user=None)
    return r


def test_the_year_is_counted_from_what_was_recorded(year):
    out = io.StringIO()
    call_command("discipline", "--year", "2026", "--json", stdout=out)
    d = json.loads(out.getvalue())
    assert d["talks"] == {"appointment": 0, "reminder": 0, "admonition": 1, "letter_inquiry": 0}
    assert d["clues"] == {
        "received": 2,
        "by_disposal": {"talk_inquiry": 0, "preliminary": 1, "shelved": 0, "closed": 0, "pending": 1},
    }
    assert d["cases"] == {"opened": 1, "closed": 0, "overdue": 1}
    assert d["sanctions"] == {"warning": 0, "serious_warning": 0, "removal": 0, "probation": 1, "expulsion": 0}
    assert d["events"]["death"] == 1 and sum(d["events"].values()) == 1
    out = io.StringIO()
    call_command("discipline", "--year", "2025", "--json", stdout=out)
    assert json.loads(out.getvalue())["talks"]["reminder"] == 1


def test_the_audit_log_shows_discipline_events_only_to_readers_with_the_capability(year, client_for):
    leader = make_user("leader", Role.COMMITTEE_LEADER, year.working)
    page = client_for(leader).get(reverse("audit:events")).content.decode()
    # the talk's event (its label names the kind: 诫勉谈话) and the clues' are not there
    assert "诫勉谈话" not in page and "登记问题线索" not in page
    RoleAssignment.objects.create(user=leader, role=Role.DISCIPLINE_STAFF, organization=year.working)
    page = client_for(leader).get(reverse("audit:events")).content.decode()
    assert "诫勉谈话" in page
