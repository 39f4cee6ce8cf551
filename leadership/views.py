from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import VIEW_REGISTRY
from accounts.scope import has_capability, scope_queryset
from core import clock
from core.errors import DomainError
from core.export import ExportKind, download_name, xlsx_response
from core.forms import add_domain_error
from core.params import year_param
from core.shortcuts import render_form
from core.xlsx import BOLD, Book, Style
from leadership import queries, rules, services
from leadership.access import (
    get_life_meeting_for_user,
    get_rectification_for_user,
    get_session_for_user,
    get_spot_check_for_user,
    get_unit_for_user,
    get_unit_to_check,
    may_check_study,
    may_record,
    supervises,
    units_for,
)
from leadership.forms import (
    DoneForm,
    LifeMeetingEditForm,
    LifeMeetingPlanForm,
    LifeMeetingRecordForm,
    RectificationForm,
    SpotCheckForm,
    StudySessionForm,
    attendance_form,
)
from leadership.models import LIFE_MATTER, STUDY_MATTER, LifeMeeting, Rectification, SpotCheck, StudySession
from orgs.models import Unit
from orgs.queries import leadership_group_of


def _year(request) -> int:
    return year_param(request, default=clock.today().year)


def _require_overview(user, matter_code: str) -> None:
    """The overviews are the supervisors' (every department) and the registry's readers' (the
    departments in their scope)."""
    if not supervises(user, matter_code) and not has_capability(user, VIEW_REGISTRY):
        raise PermissionDenied


# -- the supervision views --------------------------------------------------------------------


@login_required
@require_GET
def study(request):
    """Central-group study per department for a year, against the local minimums."""
    _require_overview(request.user, STUDY_MATTER)
    year = _year(request)
    rows = queries.study_rows(year, units_for(request.user, STUDY_MATTER))
    return render(
        request,
        "leadership/study.html",
        {
            "year": year,
            "rows": rows,
            "behind": sum(1 for r in rows if r.behind),
            "minimum": queries.study_minimums(),
            "rule": rules.STUDY_MIN_SESSIONS,
            "running": year == clock.today().year,
        },
    )


@login_required
@require_GET
def life_meetings(request):
    """Every department's democratic life meeting of a year: stage, dates, overdue steps."""
    _require_overview(request.user, LIFE_MATTER)
    year = _year(request)
    today = clock.today()
    rows = queries.life_rows(year, units_for(request.user, LIFE_MATTER), today)
    return render(
        request,
        "leadership/life_meetings.html",
        {
            "year": year,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.overdue),
            "missing": sum(1 for r in rows if r.meeting is None),
            "plan_days": rules.LIFE_PLAN_DAYS_BEFORE.current(),
            "report_days": rules.LIFE_REPORT_DAYS_AFTER.current(),
        },
    )


@login_required
@require_GET
def study_xlsx(request):
    """The supervision table as a workbook (units only: no one's personal data)."""
    _require_overview(request.user, STUDY_MATTER)
    year = _year(request)
    rows = queries.study_rows(year, units_for(request.user, STUDY_MATTER))
    minimum = queries.study_minimums()
    book = Book()
    sheet = book.sheet(_("Central-group study"))
    sheet.append(
        [_("Central-group study of the departments, %(year)s") % {"year": year}], style=Style(bold=True, size=13)
    )
    sheet.append(
        [
            _("Local rule: at least %(s)s sessions and %(d)s days a year, attendance at least %(a)s%%.")
            % {"s": minimum["sessions"], "d": minimum["days"], "a": minimum["attendance"]}
        ]
    )
    sheet.append([_("unit"), _("sessions"), _("days"), _("attendance"), _("status")], style=BOLD)
    for r in rows:
        sheet.append(
            [r.unit, r.sessions, r.days, r.attendance_percent, _("Behind") if r.behind else _("Meets the rule")]
        )
    sheet.widths({1: 40, 2: 10, 3: 10, 4: 10, 5: 12})
    return xlsx_response(book.to_bytes(), download_name(ExportKind.STUDY, scope=str(year), ext="xlsx"))


# -- a unit's page ----------------------------------------------------------------------------


@login_required
@require_GET
def unit(request, pk):
    unit = get_unit_for_user(request.user, pk)
    year = _year(request)
    today = clock.today()
    # a supervisor of one matter reads that matter's records of every unit, not the other's
    in_scope = scope_queryset(request.user, Unit.objects.filter(pk=unit.pk)).exists()
    sees_study = in_scope or supervises(request.user, STUDY_MATTER)
    sees_life = in_scope or supervises(request.user, LIFE_MATTER)
    group = leadership_group_of(unit, today) or unit.leadership_groups.order_by("-valid_from").first()
    meetings = list(
        LifeMeeting.objects.filter(group__unit=unit)
        .select_related("group")
        .prefetch_related("rectifications")
        .order_by("-year")
    )
    summary = queries.study_rows(year, Unit.objects.filter(pk=unit.pk))
    return render(
        request,
        "leadership/unit.html",
        {
            "unit": unit,
            "group": group,
            "year": year,
            "summary": summary[0] if summary else None,
            "minimum": queries.study_minimums(),
            "sessions": queries.unit_sessions(unit, year),
            "checks": SpotCheck.objects.filter(unit=unit).order_by("-date", "-pk"),
            "meetings": [(m, queries.life_steps_overdue(m, today)) for m in meetings],
            "can_record": may_record(request.user, unit),
            "can_check": may_check_study(request.user),
            "today": today,
            "sees_study": sees_study,
            "sees_life": sees_life,
        },
    )


# -- central-group study ----------------------------------------------------------------------


def _check_roll(seats, posted) -> None:
    """The marks posted must be those of the seats valid on the date posted: a date whose roll
    differs from the one on the page shows that roll to be marked, rather than guessing."""
    if not {f"status_{s.pk}" for s in seats} <= set(posted):
        raise DomainError(_("The group's members on that date are listed below: please mark their attendance."))


def _session_page(request, unit, session: StudySession, *, title: str):
    # a new session is proposed for today; a correction shows the date recorded
    initial = {"date": clock.today()} if session.pk is None else None
    form = StudySessionForm(request.POST or None, instance=session, initial=initial)
    day = session.date if session.pk else clock.today()
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
    group = leadership_group_of(unit, day)
    seats = queries.seats_on(group, day) if group else []
    marks = {a.seat_id: (a.status, a.reason) for a in session.attendance.all()} if session.pk else None
    attendance = attendance_form(request.POST or None, seats=seats, initial_marks=marks)
    if request.method == "POST" and form.is_valid() and attendance.is_valid():
        try:
            _check_roll(seats, request.POST)
            services.do_record_study_session(
                unit, form.save(commit=False), attendance.marks(), acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Study session recorded."))
            return redirect("leadership:unit", pk=unit.pk)
    return render(
        request,
        "leadership/session_form.html",
        {"form": form, "attendance": attendance, "unit": unit, "group": group, "title": title, "day": day},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    unit = get_unit_for_user(request.user, pk, for_write=True)
    return _session_page(
        request, unit, StudySession(), title=_("Central-group study of %(unit)s: new session") % {"unit": unit.name}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_session_for_user(request.user, pk, for_write=True)
    unit = session.group.unit
    return _session_page(
        request, unit, session, title=_("Central-group study of %(unit)s: correct a session") % {"unit": unit.name}
    )


@login_required
@require_GET
def session(request, pk):
    session = get_session_for_user(request.user, pk)
    return render(
        request,
        "leadership/session.html",
        {
            "session": session,
            "unit": session.group.unit,
            "attendance": session.attendance.select_related("seat"),
            "can_record": may_record(request.user, session),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def spot_check_create(request, pk):
    unit = get_unit_to_check(request.user, pk)
    form = SpotCheckForm(request.POST or None, instance=SpotCheck(unit=unit), initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_spot_check(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Spot check recorded."))
            return redirect("leadership:unit", pk=unit.pk)
    return render_form(
        request,
        form,
        title=_("Spot check of the central-group study of %(unit)s") % {"unit": unit.name},
        cancel_url=reverse("leadership:unit", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def spot_check_rectified(request, pk):
    check = get_spot_check_for_user(request.user, pk, for_write=True)
    form = DoneForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_mark_spot_check_rectified(check, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Rectification recorded."))
            return redirect("leadership:unit", pk=check.unit_id)
    return render_form(
        request,
        form,
        title=_("Findings rectified: %(check)s") % {"check": check.subject},
        intro=check.findings,
        cancel_url=reverse("leadership:unit", args=[check.unit_id]),
    )


# -- democratic life meetings -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def life_meeting_create(request, pk):
    unit = get_unit_for_user(request.user, pk, for_write=True)
    year = clock.today().year
    form = LifeMeetingPlanForm(request.POST or None, instance=LifeMeeting(), initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.do_plan_life_meeting(unit, form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Democratic life meeting planned."))
            return redirect("leadership:life_meeting", pk=meeting.pk)
    return render_form(
        request,
        form,
        title=_("Democratic life meeting of %(unit)s: plan") % {"unit": unit.name},
        intro=_("Report the topic and plan to the supervising bodies at least %(days)s days before the meeting.")
        % {"days": rules.LIFE_PLAN_DAYS_BEFORE.current()},
        cancel_url=reverse("leadership:unit", args=[unit.pk]),
    )


@login_required
@require_GET
def life_meeting(request, pk):
    meeting = get_life_meeting_for_user(request.user, pk)
    today = clock.today()
    return render(
        request,
        "leadership/life_meeting.html",
        {
            "meeting": meeting,
            "unit": meeting.group.unit,
            "supervisors": meeting.supervisors.select_related("body"),
            "attendance": queries.life_attendance(meeting),
            "rectifications": meeting.rectifications.select_related("owner_seat"),
            "overdue": queries.life_steps_overdue(meeting, today),
            "plan_due": rules.plan_due(meeting.planned_date),
            "report_due": rules.report_due(meeting.held_on) if meeting.held_on else None,
            "warning": services.plan_report_warning(meeting),
            "can_record": may_record(request.user, meeting),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def life_meeting_edit(request, pk):
    meeting = get_life_meeting_for_user(request.user, pk, for_write=True)
    old_date = meeting.planned_date
    form = LifeMeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_life_meeting_plan(form.save(commit=False), old_date=old_date, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Democratic life meeting updated."))
            return redirect("leadership:life_meeting", pk=meeting.pk)
    return render_form(
        request,
        form,
        title=_("Democratic life meeting of %(unit)s, %(year)s")
        % {"unit": meeting.group.unit.name, "year": meeting.year},
        cancel_url=reverse("leadership:life_meeting", args=[meeting.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def life_meeting_record(request, pk):
    meeting = get_life_meeting_for_user(request.user, pk, for_write=True)
    unit = meeting.group.unit
    day = meeting.held_on or min(meeting.planned_date, clock.today())
    form = LifeMeetingRecordForm(
        request.POST or None,
        supervisors=list(meeting.supervisors.select_related("body")),
        initial={
            "held_on": day,
            "record": meeting.record,
            "supervisors": [str(s.body_id) for s in meeting.supervisors.all() if s.attended],
        },
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["held_on"]
    group = leadership_group_of(unit, day)
    seats = queries.seats_on(group, day) if group else []
    marks = {a.seat_id: (a.status, a.reason) for a in meeting.attendance.all()} or None
    attendance = attendance_form(request.POST or None, seats=seats, initial_marks=marks)
    if request.method == "POST" and form.is_valid() and attendance.is_valid():
        try:
            _check_roll(seats, request.POST)
            services.do_record_life_meeting(
                meeting,
                held_on=day,
                record_text=form.cleaned_data["record"],
                marks=attendance.marks(),
                attended_bodies=form.attended(),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Democratic life meeting recorded."))
            return redirect("leadership:life_meeting", pk=meeting.pk)
    return render(
        request,
        "leadership/life_record.html",
        {"form": form, "attendance": attendance, "meeting": meeting, "unit": unit, "day": day},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_create(request, pk):
    meeting = get_life_meeting_for_user(request.user, pk, for_write=True)
    seats = queries.seats_on(meeting.group, meeting.day)
    form = RectificationForm(request.POST or None, instance=Rectification(meeting=meeting), seats=seats)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_rectification(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Rectification item added."))
            return redirect("leadership:life_meeting", pk=meeting.pk)
    return render_form(
        request,
        form,
        title=_("Rectification item: %(meeting)s") % {"meeting": meeting.topic},
        cancel_url=reverse("leadership:life_meeting", args=[meeting.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_done(request, pk):
    rect = get_rectification_for_user(request.user, pk, for_write=True)
    form = DoneForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_complete_rectification(rect, day=form.cleaned_data["day"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Rectification item done."))
            return redirect("leadership:life_meeting", pk=rect.meeting_id)
    return render_form(
        request,
        form,
        title=_("Rectification item done: %(item)s") % {"item": rect.item},
        cancel_url=reverse("leadership:life_meeting", args=[rect.meeting_id]),
    )
