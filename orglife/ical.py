"""An organization's planned meetings as an iCalendar feed (RFC 5545), written with the
`icalendar` library (escaping, line folding at 75 octets, CRLF).

The feed shows only the plan: kind, date, start time, place and topic; no people. Each plan
item is one event whose UID is built from its id, so a calendar app updates an event in place
when the plan changes. An item with a start time is a timed event (in UTC; its end is not
planned, so none is given); one without is an all-day event. Text is in the site language:
a calendar app has no user to ask."""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core import clock
from core.export import xml_text
from orglife.models import PlanItem
from orgs.models import PartyOrganization

PRODID = "-//dangjian//orglife plan//ZH"
UID_DOMAIN = "orglife.dangjian"
YEARS_BACK = 1  # the feed carries last year's plan and everything from this year on


def _text(value: str) -> str:
    """Text a calendar line may hold: no control character (a line break becomes a space)."""
    return " ".join(xml_text(value).split())


def items(organization: PartyOrganization):
    """The organization's plan items that have a planned date, from last year on, by date."""
    since = clock.today().year - YEARS_BACK
    return PlanItem.objects.filter(organization=organization, planned_date__isnull=False, year__gte=since).order_by(
        "planned_date", "start_time", "pk"
    )


def _event(item: PlanItem, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"plan-item-{item.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    kind = str(item.get_kind_display())
    topic = _text(item.topic)
    event.add("summary", f"{kind}：{topic}" if topic else kind)
    assert item.planned_date is not None  # items() keeps only dated items
    if item.start_time is not None:
        start = timezone.make_aware(dt.datetime.combine(item.planned_date, item.start_time))
        event.add("dtstart", start.astimezone(dt.UTC))
    else:
        event.add("dtstart", item.planned_date)
        event.add("dtend", item.planned_date + dt.timedelta(days=1))
    if item.place.strip():
        event.add("location", _text(item.place))
    event.add("categories", [kind])
    return event


def calendar(organization: PartyOrganization) -> bytes:
    """The feed of `organization`'s planned meetings, as bytes to send."""
    with translation.override(settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add(
            "x-wr-calname",
            _text(_("%(organization)s: plan of organizational life") % {"organization": organization.name}),
        )
        stamp = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
        for item in items(organization):
            cal.add_component(_event(item, stamp))
        return cal.to_ical()
