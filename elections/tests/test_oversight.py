"""The committee's 换届 oversight and who may vote and stand at an election."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from discipline.models import SanctionKind
from discipline.tests.test_sanctions import impose
from elections.queries import candidate_flags, eligible, entitled, oversight, term_counts, term_status
from orgs.models import PartyOrganization

DAY = dt.date(2026, 11, 30)


def test_a_term_is_due_within_six_and_three_calendar_months_and_overdue_after_its_end():
    assert term_status(dt.date(2026, 11, 29), DAY) == "overdue"
    assert term_status(DAY, DAY) == "due_3m"  # ends today: due, not yet overdue
    assert term_status(dt.date(2027, 2, 28), DAY) == "due_3m"  # 3 months after 11-30 is 02-28
    assert term_status(dt.date(2027, 3, 1), DAY) == "due_6m"
    assert term_status(dt.date(2027, 5, 30), DAY) == "due_6m"
    assert term_status(dt.date(2027, 5, 31), DAY) == "due_6m"  # 05-31 less 6 months is 11-30
    assert term_status(dt.date(2027, 6, 1), DAY) == "in_term"


def test_the_overview_counts_each_elected_organization_once_and_skips_the_working_committee(registry):
    r = registry
    ends = {r.opc: dt.date(2026, 1, 1), r.branch_a: dt.date(2027, 1, 10), r.branch_b: dt.date(2027, 4, 1)}
    for org, end in ends.items():
        PartyOrganization.objects.filter(pk=org.pk).update(term_end=end)
    PartyOrganization.objects.filter(pk__in=[r.pc.pk, r.branch_c.pk, r.district.pk]).update(
        term_end=dt.date(2029, 1, 1)
    )
    figures = oversight(DAY)
    assert figures == {
        "as_of": "2026-11-30",
        "overdue": 1,
        "due_3m": 1,
        "due_6m": 1,
        "in_term": 3,
        "unrecorded": 0,
        "in_progress": [],
    }
    # the annual report's counts: the same organizations, in one statement
    PartyOrganization.objects.filter(pk=r.branch_c.pk).update(term_end=None)
    assert term_counts(DAY) == {"elected": 6, "overdue": 1, "unrecorded": 1}
    out = StringIO()
    call_command("elections", "--json", "--organization", r.opc.pk, stdout=out)
    within = json.loads(out.getvalue())
    assert (within["overdue"], within["due_3m"], within["due_6m"]) == (1, 1, 1)
    assert within["in_term"] == 0


def test_a_member_under_probation_is_neither_entitled_nor_eligible_nor_a_clean_candidate(registry, settings):
    settings.DANGJIAN_TODAY = "2026-11-30"
    r = registry
    impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=1)
    day = dt.date(2026, 6, 1)
    voters = set(entitled(r.branch_a, day))
    assert r.wang_wu not in voters and r.zhao_liu not in voters  # under probation; probationary member
    assert {r.zhang_san, r.li_si} <= voters
    assert not eligible(r.wang_wu, day) and not eligible(r.zhao_liu, day) and eligible(r.zhang_san, day)
    flags = candidate_flags([r.zhang_san, r.wang_wu, r.zhao_liu], day)
    assert r.zhang_san.pk not in flags
    assert any("被选举权" in f for f in flags[r.wang_wu.pk]) and any("留党察看" in f for f in flags[r.wang_wu.pk])
    assert any("正式党员" in f for f in flags[r.zhao_liu.pk])
    # the rights come back when the probation ends
    assert eligible(r.wang_wu, dt.date(2027, 1, 5)) and r.wang_wu in set(entitled(r.branch_a, dt.date(2027, 1, 5)))


def test_the_overview_and_the_reminders_agree_at_a_month_end(settings):
    # on 02-28 a term ending 05-31 is within 3 months counted back from its end (02-28 + 3 months
    # is 05-28, but 05-31 − 3 months is 02-28): the reminder says 3 months, so does the overview
    from orgs.rules import mark_reached

    day, end = dt.date(2026, 2, 28), dt.date(2026, 5, 31)
    assert mark_reached(end, day) == 3 and term_status(end, day) == "due_3m"


def test_a_locality_with_one_reminder_mark_gets_one_due_status(registry, settings):
    settings.DANGJIAN_RULES = {"term_reminder_months": [2]}
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(term_end=dt.date(2027, 1, 15))
    PartyOrganization.objects.exclude(pk=registry.branch_a.pk).update(term_end=dt.date(2029, 1, 1))
    assert term_status(dt.date(2027, 1, 15), DAY) == "due_2m"
    figures = oversight(DAY)
    assert figures["due_2m"] == 1 and "due_6m" not in figures and figures["overdue"] == 0


def test_the_command_lists_the_elections_in_progress_with_their_step_and_scopes_them_to_a_subtree(registry, settings):
    from elections import services
    from elections.models import Election, Method

    settings.DANGJIAN_TODAY = "2026-11-30"
    r = registry
    PartyOrganization.objects.filter(pk__in=[r.branch_a.pk, r.branch_c.pk]).update(term_end=dt.date(2026, 10, 20))
    started = {}
    for org in (r.branch_a, r.branch_c):
        org.refresh_from_db()
        started[org] = services.do_draft_election(
            Election(organization=org, method=Method.GENERAL_MEETING, seats=1, planned_on=dt.date(2026, 12, 20)),
            acting_user=None,
        )
    services.do_send_request(started[r.branch_c], day=dt.date(2026, 11, 30), acting_user=None)
    out = StringIO()
    call_command("elections", stdout=out)
    lines = out.getvalue().splitlines()
    assert "in progress: 2" in lines
    assert any("财政局第一支部" in line and "请示起草" in line and "2026-11-30" in line for line in lines)
    assert any("教委第一支部" in line and "批复" in line for line in lines)
    out = StringIO()
    call_command("elections", "--json", "--organization", r.opc.pk, stdout=out)
    within = json.loads(out.getvalue())
    assert within["in_progress"] == [{"organization": "财政局第一支部", "step": "draft", "since": "2026-11-30"}]
    out = StringIO()
    call_command("elections", "--organization", r.pc.pk, stdout=out)
    assert "教委第一支部" in out.getvalue() and "财政局第一支部" not in out.getvalue()
