from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import clock
from core.export import CALENDAR_TYPE, download, download_name
from core.params import year_param
from orglife import documents, feeds, ical
from orglife.member_year import OwnRow, own_year
from orglife.models import CalendarFeed
from orgs.access import get_organization_for_user

# -- the ledger (台账) and the calendar feed: the organization's officers and the committee ------


def _ledger_page(request, org, *, token: str = ""):
    year = year_param(request, default=clock.today().year)
    data = documents.read_year(org, year)
    feed = CalendarFeed.objects.filter(organization=org).first()
    context = {
        "org": org,
        "year": year,
        "years": [year - 1, year + 1],
        "records": data.records,
        "counts": documents.kind_counts(data.records),
        "people": data.people,
        "feed": feed,
        "feed_url": request.build_absolute_uri(reverse("orglife:ical_feed", args=[org.pk, token])) if token else "",
    }
    return render(request, "orglife/ledger.html", context)


@login_required
@require_GET
def ledger(request, pk):
    """An organization's year of organizational life as the paper ledger has it, with the
    downloads (Word ledger, Excel summary) and the calendar feed's address."""
    return _ledger_page(request, get_organization_for_user(request.user, pk, for_write=True))


@login_required
@require_GET
def ledger_docx(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    year = year_param(request, default=clock.today().year, warn=False)
    return documents.ledger_response(org, year, acting_user=request.user)


@login_required
@require_GET
def ledger_xlsx(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    year = year_param(request, default=clock.today().year, warn=False)
    return documents.summary_response(org, year, acting_user=request.user)


@login_required
@require_POST
def calendar_feed_issue(request, pk):
    """A new secret address for the calendar; the old one stops working. Shown on this answer
    only (it is not stored), so the page is rendered, not redirected to."""
    org = get_organization_for_user(request.user, pk, for_write=True)
    token = feeds.do_issue_calendar_feed(org, acting_user=request.user)
    messages.success(request, _("A new calendar address was made. Any address given out before no longer works."))
    return _ledger_page(request, org, token=token)


@login_required
@require_POST
def calendar_feed_revoke(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    if feeds.do_revoke_calendar_feed(org, acting_user=request.user):
        messages.success(request, _("The calendar address was revoked: calendars subscribed to it stop updating."))
    return redirect("orglife:ledger", pk=org.pk)


@require_GET
def ical_feed(request, pk, token):
    """The organization's planned meetings for a calendar app, which cannot log in: the secret
    token in the address is the only key (no session is read; the account gate lets this one
    URL through). An unknown organization, a revoked or wrong token: the same 404."""
    org = feeds.organization_of_feed(pk, token)
    if org is None:
        raise Http404
    name = download_name(_("Organizational life plan"), scope=org.name, ext="ics")
    return download(ical.calendar(org), name, CALENDAR_TYPE)


# -- a member's own organizational life ------------------------------------------------------------


def _leadership_sessions(member, year: int) -> list[OwnRow]:
    """The study sessions of the leadership group (中心组学习) `member` sat in during `year`,
    as rows of their own year: leading cadres' 双重组织生活, both count."""
    return []  # wired to leadership at merge


@login_required
@require_GET
def my_life(request):
    """The signed-in member's own year: each meeting of their organizations with their
    attendance, class hours against the yearly minimum, counts per kind. Nobody else's."""
    member = getattr(request.user, "member", None)
    year = year_param(request, default=clock.today().year)
    context = {"member": member, "year": year, "years": [year - 1, year + 1]}
    if member is not None:
        context["own"] = own_year(member, year, extra=_leadership_sessions(member, year))
    return render(request, "orglife/my_life.html", context)
