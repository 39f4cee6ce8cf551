"""An organization with no organizational life for SILENT_BRANCH_DAYS gets a to-do to its own
officers, once per silence; a meeting ends the silence and closes the to-do."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from orglife.models import Meeting, MeetingKind
from work.models import ItemKind, ItemStatus, WorkItem


def run(day: str) -> str:
    out = StringIO()
    call_command("reminders", "--today", day, stdout=out)
    return out.getvalue()


def silent_items(org):
    return list(WorkItem.objects.filter(kind=ItemKind.SILENT_ORGANIZATION, organization=org).order_by("pk"))


def meet(org, day):
    Meeting.objects.create(organization=org, kind=MeetingKind.THEME_DAY, date=day, topic="主题党日")


def test_a_silent_branch_is_reminded_once_however_often_reminders_run(registry):
    for org in (registry.branch_a, registry.branch_b, registry.branch_c):
        meet(org, dt.date(2026, 9, 1))
    meet(registry.branch_b, dt.date(2026, 10, 20))
    assert "2 silent organizations" in run("2026-10-30")  # 59 days for a and c, 10 for b
    run("2026-10-31")
    items = silent_items(registry.branch_a)
    assert [i.source_key for i in items] == [f"silent_organization:{registry.branch_a.pk}:2026-09-01"]
    assert items[0].lead_body is None  # the branch's own business: it reaches the branch's officers
    assert "2026-09-01" in items[0].title and registry.branch_a.name in items[0].title
    assert silent_items(registry.branch_b) == []
    # the organ party committee holds no members: no reminder of its own
    assert not WorkItem.objects.filter(kind=ItemKind.SILENT_ORGANIZATION, organization=registry.opc).exists()


def test_a_meeting_closes_the_reminder_and_a_new_silence_reminds_again(registry):
    meet(registry.branch_a, dt.date(2026, 9, 1))
    run("2026-10-15")
    meet(registry.branch_a, dt.date(2026, 10, 20))
    assert "(1 silences ended)" in run("2026-10-21")
    first = silent_items(registry.branch_a)[0]
    assert first.status == ItemStatus.DONE and "2026-10-20" in first.outcome
    run("2026-11-18")  # 29 days: not yet
    assert len(silent_items(registry.branch_a)) == 1
    run("2026-11-19")
    run("2026-11-20")
    items = silent_items(registry.branch_a)
    assert [i.source_key.rsplit(":", 1)[-1] for i in items] == ["2026-09-01", "2026-10-20"]
    assert items[1].status == ItemStatus.OPEN


def test_a_silence_whose_start_moves_earlier_is_still_one_reminder(registry):
    meet(registry.branch_a, dt.date(2026, 9, 11))
    meet(registry.branch_b, dt.date(2026, 10, 25))
    run("2026-10-30")
    Meeting.objects.filter(organization=registry.branch_a).update(date=dt.date(2026, 9, 10))  # corrected
    meet(registry.branch_c, dt.date(2026, 8, 1))  # and the records are found to begin earlier
    run("2026-10-31")
    assert len(silent_items(registry.branch_a)) == 1
    assert len([i for i in silent_items(registry.branch_c) if i.status == ItemStatus.OPEN]) == 1


def test_the_branch_secretary_sees_the_silence_in_their_work_list(registry, client_for, branch_secretary):
    meet(registry.branch_b, dt.date(2026, 9, 1))
    run("2026-11-30")
    page = client_for(branch_secretary).get("/todo/").content.decode()
    assert registry.branch_a.name in page and "2026-09-01" in page  # silent since records began
