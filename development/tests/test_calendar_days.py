"""The administrator's calendar days move every public notice's end, so each entry and change
is audited with what the day was before."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from audit.models import AuditEvent
from audit.services import verify_chain
from development import workdays
from development.models import CalendarDay


def test_entering_and_changing_a_calendar_day_is_audited(db):
    call_command("calendar_days", "2027-02-08", "holiday", "春节", stdout=StringIO())
    call_command("calendar_days", "2027-02-08", "workday", "调休上班", stdout=StringIO())

    assert CalendarDay.objects.get(date=dt.date(2027, 2, 8)).is_workday
    entered, changed = AuditEvent.objects.filter(action="development.calendar_day.set").order_by("pk")
    assert entered.actor is None and entered.target_type == "development.calendarday"
    assert entered.old == {}
    assert entered.new == {"date": "2027-02-08", "is_workday": False, "note": "春节", "created": True}
    assert changed.old == {"is_workday": False, "note": "春节"}
    assert changed.new == {"date": "2027-02-08", "is_workday": True, "note": "调休上班", "created": False}
    assert verify_chain() == (2, None)


def test_the_service_names_the_administrator(registry, secretary):
    day = workdays.do_set_calendar_day(dt.date(2027, 2, 6), is_workday=True, note="调休上班", acting_user=secretary)
    event = AuditEvent.objects.get(action="development.calendar_day.set")
    assert (event.actor, event.target_id) == (secretary, str(day.pk))
    assert workdays.notice_end(dt.date(2027, 2, 5), 2)[0] == dt.date(2027, 2, 6)
