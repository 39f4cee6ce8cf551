"""Recording the leadership groups' central-group study, the spot checks of it, and their
democratic life meetings. Each service runs in one transaction and writes its audit event;
refusals say what to do and cite the rule they apply."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record
from core import clock
from core.errors import DomainError
from leadership import rules
from leadership.access import matter_bodies
from leadership.models import (
    LIFE_MATTER,
    LifeMeeting,
    LifeMeetingAttendance,
    LifeMeetingSupervisor,
    Rectification,
    SeatAttendance,
    SpotCheck,
    StudyAttendance,
    StudySession,
)
from leadership.queries import organization_of, seats_on
from orgs.models import GroupMember, LeadershipGroup, Unit
from orgs.queries import leadership_group_of

Marks = dict[int, tuple[str, str]]  # seat pk: (SeatAttendance, reason)


def _not_future(day: dt.date, field: str) -> None:
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field=field)


def _group_on(unit: Unit, day: dt.date) -> LeadershipGroup:
    group = leadership_group_of(unit, day)
    if group is None:
        raise DomainError(
            _("%(unit)s had no leadership group on %(date)s: record the group on the unit's page first.")
            % {"unit": unit.name, "date": f"{day:%Y-%m-%d}"},
            field="date",
        )
    return group


def _marks_for(seats: list[GroupMember], marks: Marks | None) -> list[tuple[GroupMember, str, str]]:
    """Each seat valid that day with its mark: all present when no marks are given; a seat
    without a mark is absent. A mark for a seat not valid that day is refused."""
    valid = {s.pk for s in seats}
    stray = set(marks or {}) - valid
    if stray:
        raise DomainError(_("Attendance can only be marked for the group's members on the day."))
    result = []
    for seat in seats:
        status, reason = (
            (SeatAttendance.PRESENT, "") if marks is None else marks.get(seat.pk, (SeatAttendance.ABSENT, ""))
        )
        if status not in SeatAttendance.values:
            raise DomainError(_("Unknown attendance mark."))
        reason = reason.strip()
        if status == SeatAttendance.EXCUSED and not reason:
            raise DomainError(
                _("%(name)s is marked as excused: please give the reason.") % {"name": seat.name}, field="attendance"
            )
        result.append((seat, status, reason if status == SeatAttendance.EXCUSED else ""))
    return result


# -- central-group study ----------------------------------------------------------------------


def do_record_study_session(
    unit: Unit, session: StudySession, marks: Marks | None = None, *, acting_user: User | None
) -> StudySession:
    """Record (or correct) `session` of the unit's leadership group on its date, with the
    attendance of the group's seats valid that day (`marks`; None: everyone present)."""
    _not_future(session.date, "date")
    if session.half_days < 1:
        raise DomainError(_("A session lasts at least one half-day."), field="half_days")
    if not session.topic.strip():
        raise DomainError(_("Please enter the topic."), field="topic")
    group = _group_on(unit, session.date)
    seats = seats_on(group, session.date)
    marked = _marks_for(seats, marks)
    with transaction.atomic():
        new = session.pk is None
        before: dict[str, object] = {}
        if not new:
            recorded = StudySession.objects.values("date", "half_days", "topic").get(pk=session.pk)
            before = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in recorded.items()}
        session.group = group
        session.topic = session.topic.strip()
        if new:
            session.recorded_by = acting_user if acting_user and acting_user.pk else None
        session.save()
        session.attendance.all().delete()
        StudyAttendance.objects.bulk_create(
            StudyAttendance(session=session, seat=seat, status=status, reason=reason) for seat, status, reason in marked
        )
        record(
            "leadership.study_session.recorded" if new else "leadership.study_session.corrected",
            actor=acting_user,
            target=session,
            organization=organization_of(unit),
            old=before or None,
            new={
                "group": group.pk,
                "date": session.date.isoformat(),
                "half_days": session.half_days,
                "present": sum(1 for _s, status, _r in marked if status == SeatAttendance.PRESENT),
                "expected": len(marked),
            },
        )
    return session


def do_record_spot_check(check: SpotCheck, *, acting_user: User | None) -> SpotCheck:
    """Record a spot check of a unit's study (the checking section's)."""
    _not_future(check.date, "date")
    if check.rectification_needed and check.rectify_by is None:
        raise DomainError(_("Please give the date by which the findings are to be rectified."), field="rectify_by")
    if check.rectify_by and check.rectify_by < check.date:
        raise DomainError(_("The rectification date cannot be earlier than the check."), field="rectify_by")
    if not check.rectification_needed:
        check.rectify_by = None
    with transaction.atomic():
        check.recorded_by = acting_user if acting_user and acting_user.pk else None
        check.save()
        record(
            "leadership.spot_check.recorded",
            actor=acting_user,
            target=check,
            organization=organization_of(check.unit),
            new={
                "unit": check.unit_id,
                "date": check.date.isoformat(),
                "rectify_by": check.rectify_by.isoformat() if check.rectify_by else None,
            },
        )
    return check


def do_mark_spot_check_rectified(check: SpotCheck, *, day: dt.date, acting_user: User | None) -> SpotCheck:
    if not check.rectification_needed:
        raise DomainError(_("This check asked for no rectification."))
    if check.rectified_on is not None:
        raise DomainError(_("The rectification is recorded already."))
    _not_future(day, "rectified_on")
    if day < check.date:
        raise DomainError(_("The rectification date cannot be earlier than the check."), field="rectified_on")
    with transaction.atomic():
        check.rectified_on = day
        check.save(update_fields=["rectified_on"])
        record(
            "leadership.spot_check.rectified",
            actor=acting_user,
            target=check,
            organization=organization_of(check.unit),
            new={"rectified_on": day.isoformat()},
        )
    return check


# -- democratic life meetings -----------------------------------------------------------------


def supervisors_on(day: dt.date):
    """The bodies supervising a democratic life meeting on `day`: those holding a role on
    matter DIS-01 in the authority list in force that day, lead first."""
    return matter_bodies(LIFE_MATTER, day)


def _sync_supervisors(meeting: LifeMeeting) -> None:
    """The supervisors are those of the list in force on the meeting's date: a moved date or a
    new list changes them; whether a body that stays attended is kept."""
    bodies = supervisors_on(meeting.day)
    meeting.supervisors.exclude(body__in=bodies).delete()
    have = set(meeting.supervisors.values_list("body_id", flat=True))
    LifeMeetingSupervisor.objects.bulk_create(
        LifeMeetingSupervisor(meeting=meeting, body=b) for b in bodies if b.pk not in have
    )


def _check_plan_report(meeting: LifeMeeting) -> None:
    if meeting.plan_reported_on:
        _not_future(meeting.plan_reported_on, "plan_reported_on")


def _in_its_time(meeting: LifeMeeting, day: dt.date) -> bool:
    """A year's democratic life meeting reviews that year, and is often held in the first
    months of the next: its dates fall in its year or the one after."""
    return meeting.year <= day.year <= meeting.year + 1


def do_plan_life_meeting(unit: Unit, meeting: LifeMeeting, *, acting_user: User | None) -> LifeMeeting:
    """Plan the unit's group's democratic life meeting of `meeting.year` (one a year)."""
    if not _in_its_time(meeting, meeting.planned_date):
        raise DomainError(
            _("The planned date must fall in the meeting's year or the year after."), field="planned_date"
        )
    if not meeting.topic.strip():
        raise DomainError(_("Please enter the topic."), field="topic")
    _check_plan_report(meeting)
    group = _group_on(unit, meeting.planned_date)
    with transaction.atomic():
        LeadershipGroup.objects.select_for_update().get(pk=group.pk)
        if LifeMeeting.objects.filter(group__unit=unit, year=meeting.year).exists():
            raise DomainError(
                _("%(unit)s has a democratic life meeting for %(year)s already: open it to change it.")
                % {"unit": unit.name, "year": meeting.year},
                field="year",
            )
        meeting.group = group
        meeting.topic = meeting.topic.strip()
        meeting.recorded_by = acting_user if acting_user and acting_user.pk else None
        meeting.save()
        _sync_supervisors(meeting)
        record(
            "leadership.life_meeting.planned",
            actor=acting_user,
            target=meeting,
            organization=organization_of(unit),
            new={
                "year": meeting.year,
                "planned_date": meeting.planned_date.isoformat(),
                "plan_reported_on": meeting.plan_reported_on.isoformat() if meeting.plan_reported_on else None,
            },
        )
    return meeting


def do_update_life_meeting_plan(meeting: LifeMeeting, *, old_date: dt.date, acting_user: User | None) -> LifeMeeting:
    """Save the plan's changes (topic, planned date, report of the plan, report after the
    meeting). A later planned date is a postponement and needs its reason; the meeting stays in
    its year."""
    if not _in_its_time(meeting, meeting.planned_date):
        raise DomainError(
            _("The planned date must fall in the meeting's year or the year after."), field="planned_date"
        )
    postponed = meeting.planned_date > old_date
    if postponed and not meeting.postponement_reason.strip():
        raise DomainError(
            _("A postponement needs its reason (and the superior's approval): please give it."),
            field="postponement_reason",
        )
    _check_plan_report(meeting)
    if meeting.report_submitted_on:
        if meeting.held_on is None:
            raise DomainError(_("The report comes after the meeting is held."), field="report_submitted_on")
        _not_future(meeting.report_submitted_on, "report_submitted_on")
        if meeting.report_submitted_on < meeting.held_on:
            raise DomainError(_("The report comes after the meeting is held."), field="report_submitted_on")
    unit = meeting.group.unit
    with transaction.atomic():
        meeting.save()
        _sync_supervisors(meeting)
        record(
            "leadership.life_meeting.postponed" if postponed else "leadership.life_meeting.updated",
            actor=acting_user,
            target=meeting,
            organization=organization_of(unit),
            old={"planned_date": old_date.isoformat()},
            new={
                "planned_date": meeting.planned_date.isoformat(),
                "plan_reported_on": meeting.plan_reported_on.isoformat() if meeting.plan_reported_on else None,
                "report_submitted_on": meeting.report_submitted_on.isoformat() if meeting.report_submitted_on else None,
            },
            reason=meeting.postponement_reason if postponed else "",
        )
    return meeting


def do_record_life_meeting(
    meeting: LifeMeeting,
    *,
    held_on: dt.date,
    record_text: str,
    marks: Marks | None = None,
    attended_bodies: set[int] | frozenset[int] = frozenset(),
    acting_user: User | None,
) -> LifeMeeting:
    """Record the meeting as held: its date (in its year, by its group), the record, the
    attendance of the group's seats that day and which supervising bodies attended."""
    _not_future(held_on, "held_on")
    if not _in_its_time(meeting, held_on):
        raise DomainError(_("The meeting is held in its year or the year after."), field="held_on")
    group = _group_on(meeting.group.unit, held_on)
    if group.pk != meeting.group_id:
        raise DomainError(_("The leadership group changed before that date: the meeting is the earlier group's."))
    marked = _marks_for(seats_on(group, held_on), marks)
    with transaction.atomic():
        meeting.held_on = held_on
        meeting.record = record_text.strip()
        meeting.save(update_fields=["held_on", "record"])
        _sync_supervisors(meeting)
        for supervisor in meeting.supervisors.all():
            attended = supervisor.body_id in attended_bodies
            if supervisor.attended != attended:
                supervisor.attended = attended
                supervisor.save(update_fields=["attended"])
        meeting.attendance.all().delete()
        LifeMeetingAttendance.objects.bulk_create(
            LifeMeetingAttendance(meeting=meeting, seat=seat, status=status, reason=reason)
            for seat, status, reason in marked
        )
        record(
            "leadership.life_meeting.held",
            actor=acting_user,
            target=meeting,
            organization=organization_of(meeting.group.unit),
            new={
                "held_on": held_on.isoformat(),
                "present": sum(1 for _s, status, _r in marked if status == SeatAttendance.PRESENT),
                "expected": len(marked),
                "supervisors_attended": sorted(attended_bodies),
            },
        )
    return meeting


def do_add_rectification(rect: Rectification, *, acting_user: User | None) -> Rectification:
    """Add a rectification item to a meeting that was held: owner (a seat of the group or a
    name) and deadline."""
    meeting = rect.meeting
    if meeting.held_on is None:
        raise DomainError(_("Rectification items follow the meeting: record the meeting first."))
    if rect.deadline < meeting.held_on:
        raise DomainError(_("The deadline cannot be earlier than the meeting."), field="deadline")
    if rect.owner_seat is not None and rect.owner_seat.group_id != meeting.group_id:
        raise DomainError(_("The owner's seat must be in the meeting's leadership group."), field="owner_seat")
    rect.owner_name = rect.owner_name.strip()
    if rect.owner_seat is None and not rect.owner_name:
        raise DomainError(_("Please choose the owner among the group or type a name."), field="owner_name")
    with transaction.atomic():
        rect.save()
        record(
            "leadership.rectification.added",
            actor=acting_user,
            target=rect,
            organization=organization_of(meeting.group.unit),
            new={"meeting": meeting.pk, "owner": rect.owner, "deadline": rect.deadline.isoformat()},
        )
    return rect


def do_complete_rectification(rect: Rectification, *, day: dt.date, acting_user: User | None) -> Rectification:
    if rect.done_on is not None:
        raise DomainError(_("This item is done already."))
    _not_future(day, "done_on")
    with transaction.atomic():
        rect.done_on = day
        rect.save(update_fields=["done_on"])
        record(
            "leadership.rectification.done",
            actor=acting_user,
            target=rect,
            organization=organization_of(rect.meeting.group.unit),
            new={"done_on": day.isoformat()},
        )
    return rect


def plan_report_warning(meeting: LifeMeeting) -> str:
    """A warning (not a refusal: the system records, people decide) when the plan was reported
    later than the local rule asks."""
    if meeting.plan_reported_on and meeting.plan_reported_on > rules.plan_due(meeting.planned_date):
        return _("The topic and plan were reported later than %(days)s days before the meeting (%(rule)s).") % {
            "days": rules.LIFE_PLAN_DAYS_BEFORE.current(),
            "rule": rules.LIFE_PLAN_DAYS_BEFORE.citation,
        }
    return ""
