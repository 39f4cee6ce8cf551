"""The branch secretary's side of organizational life: the organization's page (year calendar,
recent meetings), recording a meeting with its attendance (phone first), a meeting's record,
the year plan's items, and the branch's party groups."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import VIEW_REGISTRY
from accounts.scope import require_capability, scope_paths
from core import clock
from core.errors import DomainError
from core.export import CALENDAR_TYPE, download, download_name
from core.forms import add_domain_error, errors_text
from core.params import date_param, id_param, parse_date, parse_id, text_param, year_param
from core.periods import add_months
from core.shortcuts import render_form
from leadership.queries import member_sessions
from members.queries import member_pool
from orglife import documents, feeds, ical, queries, rules, services
from orglife.access import (
    get_attachment_for_user,
    get_meeting_for_user,
    get_open_plan_item_for_user,
    get_party_group_for_user,
    get_party_group_seat_for_user,
    get_plan_item_for_user,
    may_record,
)
from orglife.forms import (
    AssignForm,
    AttachmentForm,
    DayForm,
    GeneratePlanForm,
    MeetingForm,
    PartyGroupForm,
    PlanItemForm,
    RenameGroupForm,
)
from orglife.member_year import OwnRow, own_year
from orglife.models import AttendanceStatus, CalendarFeed, Meeting, MeetingKind, PartyGroup, PlanItem
from orgs.access import get_organization_for_user
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization


def _page(organization: PartyOrganization, year: int | None = None) -> str:
    url = reverse("orglife:organization", args=[organization.pk])
    return f"{url}?year={year}" if year else url


@login_required
@require_GET
def index(request):
    """The navigation's entry: the user's own organization's page (the one they hold a role
    in), or the list of them when they hold several."""
    require_capability(request.user, VIEW_REGISTRY)
    organizations = list(PartyOrganization.objects.filter(path__in=scope_paths(request.user, VIEW_REGISTRY)))
    if len(organizations) == 1:
        return redirect(_page(organizations[0]))
    return render(request, "orglife/index.html", {"organizations": organizations})


@login_required
@require_GET
def organization(request, pk):
    """组织生活: the year's calendar of planned, held and missed meetings, the latest meetings,
    and for the organization's officers the buttons to plan and record."""
    org = get_organization_for_user(request.user, pk)
    today = clock.today()
    year = year_param(request, default=today.year)
    can_record = may_record(request.user, org)
    return render(
        request,
        "orglife/organization.html",
        {
            "org": org,
            "year": year,
            "today": today,
            "months": queries.calendar(org, year),
            "recent": queries.meetings_of(request.user, org)[:10],
            "can_record": can_record,
            "can_generate": can_record and year >= today.year,
            "kinds": MeetingKind.choices,
            "has_groups": org.kind in MEMBER_HOLDING_KINDS,
            "plan_kinds": [MeetingKind(k).label for k in services.plan_kinds(org, today)],
        },
    )


@login_required
@require_POST
def generate_plan(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    form = GeneratePlanForm(request.POST)
    year = clock.today().year
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect(_page(org))
    year = form.cleaned_data["year"]
    try:
        created = services.do_generate_plan(org, year, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        if created:
            messages.success(request, _("%(n)s planned meetings added to the plan.") % {"n": len(created)})
        else:
            messages.info(request, _("The plan already holds what the rules expect."))
    return redirect(_page(org, year))


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_create(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    today = clock.today()
    year = year_param(request, default=today.year)
    form = PlanItemForm(request.POST or None, initial={"month": today.month if year == today.year else 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = services.do_add_plan_item(
                org,
                kind=d["kind"],
                year=year,
                month=int(d["month"]),
                planned_date=d["planned_date"],
                start_time=d["start_time"],
                place=d["place"],
                topic=d["topic"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Planned meeting added."))
            return redirect(_page(org, item.year))
    return render_form(
        request,
        form,
        title=_("Plan a meeting in %(year)s: %(org)s") % {"year": year, "org": org.name},
        cancel_url=_page(org, year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, pk):
    item = get_plan_item_for_user(request.user, pk, for_write=True)
    form = PlanItemForm(request.POST or None, instance=item, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        item.refresh_from_db()  # the form wrote its fields on the instance; the service sets them
        try:
            services.do_update_plan_item(
                item,
                planned_date=d["planned_date"],
                start_time=d["start_time"],
                place=d["place"],
                topic=d["topic"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Planned meeting changed."))
            return redirect(_page(item.organization, item.year))
    return render(
        request,
        "orglife/plan_item_form.html",
        {"form": form, "item": item, "cancel_url": _page(item.organization, item.year)},
    )


@login_required
@require_POST
def plan_item_delete(request, pk):
    item = get_plan_item_for_user(request.user, pk, for_write=True)
    org, year = item.organization, item.year
    services.do_remove_plan_item(item, acting_user=request.user)
    messages.success(request, _("Planned meeting removed from the plan."))
    return redirect(_page(org, year))


# -- recording a meeting ----------------------------------------------------------------------


def _posted_date(request, default: dt.date) -> dt.date:
    raw = request.POST.get("date", "") if request.method == "POST" else ""
    return parse_date(raw) or default


def _group(request, org: PartyOrganization, day: dt.date, default: PartyGroup | None = None) -> PartyGroup | None:
    """The party group the roll is read from: the posted one, else the `group` parameter."""
    pk = parse_id(request.POST.get("party_group", "")) if request.method == "POST" else id_param(request, "group")
    if pk is None:
        return default
    return PartyGroup.objects.filter(pk=pk, branch=org).first()


def _meeting_form(request, org, kind, day, group, *, initial=None, pair=()):
    roll = queries.expected_attendees(org, kind, day, party_group=group, pair=pair)
    if kind == MeetingKind.TALK:
        roll = []  # the two people are chosen in the form and both were there
    people = list(queries.members_on(org, day))
    groups = list(PartyGroup.objects.filter(branch=org).order_by("valid_to", "name"))
    return MeetingForm(
        request.POST or None,
        initial=initial,
        kind=kind,
        roll=roll,
        people=people,
        groups=groups,
        organization_id=org.pk,
    )


def _saved(request, meeting: Meeting, verdict) -> None:
    if verdict is not None and not verdict.quorate:
        messages.warning(request, verdict.message)
    messages.success(request, _("Meeting recorded: %(n)s on the roll.") % {"n": meeting.attendance.count()})


@login_required
@require_http_methods(["GET", "POST"])
def record(request, pk):
    """Record a meeting of the organization. Without a kind, the page offers the kinds; with
    one (or a plan item), the form with the roll proposed for that kind and date."""
    org = get_organization_for_user(request.user, pk, for_write=True)
    plan_id = id_param(request, "plan")
    item = get_open_plan_item_for_user(request.user, plan_id) if plan_id else None
    if item is not None and item.organization_id != org.pk:
        raise Http404
    kind = text_param(request, "kind")
    if kind not in MeetingKind.values:
        kind = item.kind if item else ""
    today = clock.today()
    if not kind:
        return render(request, "orglife/record_choose.html", {"org": org, "kinds": MeetingKind.choices})
    planned = item.planned_date if item and item.planned_date and item.planned_date <= today else None
    if item and planned is None and (item.year, item.month) < (today.year, today.month):
        # recorded late: proposed in the planned month (its last day), where it fulfils the plan
        planned = add_months(dt.date(item.year, item.month, 1), 1) - dt.timedelta(days=1)
    day = _posted_date(request, date_param(request, "date", default=planned or today) or today)
    group = _group(request, org, day) if kind == MeetingKind.GROUP else None
    if kind == MeetingKind.GROUP and group is None and request.method == "GET":
        # the roll is the group's: the group comes first
        groups = PartyGroup.objects.as_of(day).filter(branch=org).order_by("name")
        return render(request, "orglife/record_choose.html", {"org": org, "groups": groups, "item": item, "day": day})
    initial = {
        "date": day,
        "hours": services.default_hours(kind),
        "party_group": group,
        "topic": item.topic if item else "",
        "place": item.place if item else "",
        "start_time": item.start_time if item else None,
    }
    form = _meeting_form(request, org, kind, day, group, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            meeting, verdict = services.do_record_meeting(
                org,
                kind=kind,
                date=d["date"],
                topic=d["topic"],
                attendance=form.attendance(),
                pair=form.pair(),
                plan_item=item,
                acting_user=request.user,
                **form.meeting_fields(),
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            _saved(request, meeting, verdict)
            return redirect("orglife:meeting", pk=meeting.pk)
    return render(
        request,
        "orglife/meeting_form.html",
        {
            "org": org,
            "form": form,
            "kind": kind,
            "kind_label": MeetingKind(kind).label,
            "item": item,
            "title": _("Record a meeting: %(org)s") % {"org": org.name},
            "cancel_url": _page(org),
            "quorum_rule": rules.COMMITTEE_QUORUM_HALF if kind == MeetingKind.COMMITTEE else None,
        },
    )


@login_required
@require_GET
def meeting(request, pk):
    m = get_meeting_for_user(request.user, pk)
    attendance = list(m.attendance.select_related("member").order_by("status", "member__name_pinyin"))
    counts = {s: 0 for s in AttendanceStatus.values}
    for a in attendance:
        counts[a.status] += 1
    # the verdict recorded with the meeting, not today's reading of the rule
    verdict = (
        services.Quorum(counts[AttendanceStatus.PRESENT], len(attendance), m.quorate) if m.quorate is not None else None
    )
    return render(
        request,
        "orglife/meeting.html",
        {
            "meeting": m,
            "attendance": attendance,
            "counts": counts,
            "total": len(attendance),
            "verdict": verdict,
            "quorum_rule": rules.COMMITTEE_QUORUM_HALF,
            "can_edit": may_record(request.user, m.organization),
            "plan_item": PlanItem.objects.filter(meeting=m).first(),
            "attachments": list(m.attachments.all()),
            "attachment_form": AttachmentForm() if may_record(request.user, m.organization) else None,
            "attachment_limit": rules.ATTACHMENT_MAX_MB.current(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    m = get_meeting_for_user(request.user, pk, for_write=True)
    org, kind = m.organization, m.kind
    day = _posted_date(request, m.date)
    group = _group(request, org, day, default=m.party_group) if kind == MeetingKind.GROUP else None
    rows = list(m.attendance.select_related("member"))
    initial = {name: getattr(m, name) for name in ("date", "topic", *services.MEETING_FIELDS)}
    initial["host"], initial["recorder"] = m.host_id, m.recorder_id
    initial["party_group"] = m.party_group_id
    for a in rows:
        initial[f"att_{a.member_id}"] = a.status
        initial[f"reason_{a.member_id}"] = a.reason
    if kind == MeetingKind.TALK and len(rows) == 2:
        initial["pair_a"], initial["pair_b"] = rows[0].member_id, rows[1].member_id
    form = _meeting_form(request, org, kind, day, group, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            m, verdict = services.do_update_meeting(
                m,
                date=d["date"],
                topic=d["topic"],
                attendance=form.attendance(),
                pair=form.pair(),
                acting_user=request.user,
                **form.meeting_fields(),
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if verdict is not None and not verdict.quorate:
                messages.warning(request, verdict.message)
            messages.success(request, _("Meeting record corrected."))
            return redirect("orglife:meeting", pk=m.pk)
    return render(
        request,
        "orglife/meeting_form.html",
        {
            "org": org,
            "form": form,
            "kind": kind,
            "kind_label": m.get_kind_display(),
            "title": _("Correct the meeting record: %(m)s") % {"m": m.topic},
            "cancel_url": reverse("orglife:meeting", args=[m.pk]),
            "quorum_rule": rules.COMMITTEE_QUORUM_HALF if kind == MeetingKind.COMMITTEE else None,
        },
    )


# -- party groups -----------------------------------------------------------------------------


@login_required
@require_GET
def groups(request, pk):
    """A branch's party groups, who is in each, and who is in none."""
    org = get_organization_for_user(request.user, pk)
    rows, loose, closed = queries.groups_page(org)
    can_edit = may_record(request.user, org) and org.kind in MEMBER_HOLDING_KINDS
    return render(
        request,
        "orglife/groups.html",
        {"org": org, "rows": rows, "loose": loose, "closed": closed, "can_edit": can_edit},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    form = PartyGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_create_party_group(
                org, name=form.cleaned_data["name"], day=form.cleaned_data["day"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Party group set up."))
            return redirect("orglife:groups", pk=org.pk)
    return render_form(
        request,
        form,
        title=_("Set up a party group in %(org)s") % {"org": org.name},
        cancel_url=reverse("orglife:groups", args=[org.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk):
    group = get_party_group_for_user(request.user, pk, for_write=True)
    form = RenameGroupForm(request.POST or None, initial={"name": group.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_rename_party_group(group, name=form.cleaned_data["name"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Party group renamed."))
            return redirect("orglife:groups", pk=group.branch_id)
    return render_form(
        request,
        form,
        title=_("Rename the party group: %(g)s") % {"g": group.name},
        cancel_url=reverse("orglife:groups", args=[group.branch_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_end(request, pk):
    group = get_party_group_for_user(request.user, pk, for_write=True)
    form = DayForm(request.POST or None)
    form.fields["day"].label = _("closed on")
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_party_group(group, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Party group closed."))
            return redirect("orglife:groups", pk=group.branch_id)
    return render_form(
        request,
        form,
        title=_("Close the party group: %(g)s") % {"g": group.name},
        cancel_url=reverse("orglife:groups", args=[group.branch_id]),
        intro=_("Its members leave the group on this date."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_assign(request, pk):
    group = get_party_group_for_user(request.user, pk, for_write=True)
    members = member_pool(request.user, organization=group.branch_id)
    form = AssignForm(request.POST or None, members=members, organization_id=group.branch_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_assign_to_party_group(
                group, d["member"], day=d["day"], is_leader=d["is_leader"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(
                request, _("%(name)s is in the group %(g)s.") % {"name": d["member"].name, "g": group.name}
            )
            return redirect("orglife:groups", pk=group.branch_id)
    return render_form(
        request,
        form,
        title=_("Add a member to the party group: %(g)s") % {"g": group.name},
        cancel_url=reverse("orglife:groups", args=[group.branch_id]),
        intro=_("A member is in one group at a time: one in another group leaves it on this date."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request, pk):
    seat = get_party_group_seat_for_user(request.user, pk, for_write=True)
    form = DayForm(request.POST or None)
    form.fields["day"].label = _("leaves the group on")
    if request.method == "POST" and form.is_valid():
        try:
            services.do_remove_from_party_group(seat, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("%(name)s left the party group.") % {"name": seat.member.name})
            return redirect("orglife:groups", pk=seat.group.branch_id)
    return render_form(
        request,
        form,
        title=_("Take %(name)s out of the party group %(g)s") % {"name": seat.member.name, "g": seat.group.name},
        cancel_url=reverse("orglife:groups", args=[seat.group.branch_id]),
    )


@login_required
@require_POST
def seat_leader(request, pk):
    seat = get_party_group_seat_for_user(request.user, pk, for_write=True)
    try:
        services.do_set_party_group_leader(seat, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("%(name)s leads the party group.") % {"name": seat.member.name})
    return redirect("orglife:groups", pk=seat.group.branch_id)


# -- attachments ------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request, pk):
    m = get_meeting_for_user(request.user, pk, for_write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, errors_text(form))
    else:
        try:
            services.do_attach_to_meeting(m, form.cleaned_data["file"], acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Attachment kept with the meeting's record."))
    return redirect("orglife:meeting", pk=m.pk)


@login_required
@require_GET
def attachment(request, pk):
    """An attachment, to those who see its meeting: the only way a stored file leaves."""
    a = get_attachment_for_user(request.user, pk)
    try:
        content = a.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, a.name, a.content_type)


@login_required
@require_POST
def attachment_delete(request, pk):
    a = get_attachment_for_user(request.user, pk, for_write=True)
    meeting_pk = a.meeting_id
    services.do_remove_attachment(a, acting_user=request.user)
    messages.success(request, _("Attachment removed."))
    return redirect("orglife:meeting", pk=meeting_pk)


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
    and the democratic life meetings they attended, as rows of their own year: leading cadres'
    双重组织生活, both count. They earn no class hours here: the group's study is not the
    branch's concentrated training."""
    sessions = member_sessions(member, year)
    rows = [
        OwnRow(s.date, s.group.name, "study", _("Central-group study"), s.topic, AttendanceStatus.PRESENT)
        for s in sessions["study"]
    ]
    rows += [
        OwnRow(m.held_on, m.group.name, "life", _("Democratic life meeting"), m.topic, AttendanceStatus.PRESENT)
        for m in sessions["life"]
    ]
    return rows


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
