"""The committee's oversight: opening a year's annual reporting, submitting, returning and
accepting reports; recording inspections, their findings and rectification items, reporting an
item done, accepting it or reopening it. Each step is one transaction with its audit event and
its history row (`ReportEvent`, `ItemEvent`): nothing earlier is overwritten but the present
state. A refusal is a DomainError in Chinese and nothing is written."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.uploads import check_attachment
from orgs.models import PartyOrganization
from orgs.queries import led_by_committee
from supervision import rules
from supervision.models import (
    NOTE_MAX,
    SECTION_MAX,
    SECTION_NAMES,
    AnnualReport,
    Finding,
    Inspection,
    ItemEvent,
    ItemState,
    ItemStep,
    RectificationItem,
    ReportEvent,
    ReportRound,
    ReportStatus,
    ReportStep,
)

# A year's reporting is opened for a year already begun (this year or the last two).
YEARS_BACK = 2


def _check_file(upload) -> tuple[str, str]:
    rule = rules.ATTACHMENT_MAX_MB
    return check_attachment(upload, max_mb=int(rule.current()), citation=rule.citation)


def _keep_file(obj, upload, checked: tuple[str, str]) -> None:
    name, content_type = checked
    obj.file.save(name, upload, save=False)
    obj.file_name, obj.content_type = name, content_type


def _text(value: str, *, field: str, limit: int, required_message: str | None = None) -> str:
    value = (value or "").strip()
    if required_message and not value:
        raise DomainError(required_message, field=field)
    if len(value) > limit:
        raise DomainError(_("At most %(n)s characters, please.") % {"n": limit}, field=field)
    return value


# -- annual work reports (年度报告工作) --------------------------------------------------------


def do_open_reporting(
    year: int, *, deadline: dt.date | None = None, day: dt.date | None = None, acting_user: User | None
) -> ReportRound:
    """Open `year`'s reporting: one expected report from each organization the committee leads
    directly on `day` (today). `deadline` defaults to the local rule (31 January of the next
    year); it lies after the year began."""
    day = day or clock.today()
    if not day.year - YEARS_BACK <= year <= day.year:
        raise DomainError(
            _("Reporting is opened for a year already begun: %(first)s to %(last)s.")
            % {"first": day.year - YEARS_BACK, "last": day.year},
            field="year",
        )
    deadline = deadline or rules.default_deadline(year)
    if not dt.date(year, 1, 1) < deadline <= dt.date(year + 1, 12, 31):
        raise DomainError(
            _("The deadline lies in %(year)s or the year after.") % {"year": year, "next": year + 1},
            field="deadline",
        )
    # the organizations led at the year's end (one founded after it reports from the next year)
    organizations = list(led_by_committee(min(day, dt.date(year, 12, 31))))
    with transaction.atomic():
        if ReportRound.objects.select_for_update().filter(year=year).exists():
            raise DomainError(_("The reporting of %(year)s is already open.") % {"year": year}, field="year")
        reporting = ReportRound.objects.create(
            year=year, deadline=deadline, opened_on=day, opened_by=known_user(acting_user)
        )
        AnnualReport.objects.bulk_create([AnnualReport(round=reporting, organization=o) for o in organizations])
        record(
            "supervision.reporting.opened",
            actor=acting_user,
            target=reporting,
            new={"year": year, "deadline": deadline.isoformat(), "organizations": len(organizations)},
        )
    return reporting


def do_submit_report(
    report: AnnualReport,
    *,
    summary: str,
    sections: dict[str, str],
    upload=None,
    day: dt.date | None = None,
    acting_user: User | None,
) -> AnnualReport:
    """Submit (or, once returned, submit again) a report: a summary, and the standard sections or
    a document (.docx or .pdf) or both. After the deadline it is accepted and marked late."""
    day = day or clock.today()
    summary = _text(summary, field="summary", limit=500, required_message=_("Please give a summary of the report."))
    texts = {name: _text(sections.get(name, ""), field=name, limit=SECTION_MAX) for name in SECTION_NAMES}
    checked = _check_file(upload) if upload is not None else None
    if checked is not None and not checked[0].lower().endswith((".docx", ".pdf")):
        raise DomainError(_("A report is a Word (.docx) or PDF document."), field="file")
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("round").get(pk=report.pk)
        if report.status not in (ReportStatus.MISSING, ReportStatus.RETURNED):
            raise DomainError(
                _("This report is %(status)s: it is submitted again only once returned.")
                % {"status": report.get_status_display()}
            )
        if not any(texts.values()) and checked is None and not report.file:
            raise DomainError(_("Please fill in the sections of the report or attach the report as a document."))
        late = day > report.round.deadline
        for name, text in texts.items():
            setattr(report, name, text)
        report.summary = summary
        if checked is not None:
            _keep_file(report, upload, checked)
        if report.first_submitted_on is None:
            report.first_submitted_on, report.late = day, late
        report.status, report.submitted_on = ReportStatus.SUBMITTED, day
        report.save()
        content = {"summary": summary, **texts, "file_name": report.file_name}
        ReportEvent.objects.create(
            report=report, step=ReportStep.SUBMITTED, day=day, content=content, late=late, by=known_user(acting_user)
        )
        record(
            "supervision.report.submitted",
            actor=acting_user,
            target=report,
            organization=report.organization,
            new={"year": report.round.year, "day": day.isoformat(), "late": late, "file_name": report.file_name},
        )
    return report


def _review(report: AnnualReport) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().select_related("round", "organization").get(pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError(
            _("Only a submitted report is accepted or returned; this one is %(status)s.")
            % {"status": report.get_status_display()}
        )
    return report


def do_accept_report(report: AnnualReport, *, day: dt.date | None = None, acting_user: User | None) -> AnnualReport:
    day = day or clock.today()
    with transaction.atomic():
        report = _review(report)
        report.status, report.accepted_on = ReportStatus.ACCEPTED, day
        report.save(update_fields=["status", "accepted_on"])
        ReportEvent.objects.create(report=report, step=ReportStep.ACCEPTED, day=day, by=known_user(acting_user))
        record(
            "supervision.report.accepted",
            actor=acting_user,
            target=report,
            organization=report.organization,
            new={"year": report.round.year, "day": day.isoformat()},
        )
    return report


def do_return_report(
    report: AnnualReport, *, comment: str, day: dt.date | None = None, acting_user: User | None
) -> AnnualReport:
    """Return a submitted report with comments (required): the organization submits it again."""
    day = day or clock.today()
    comment = _text(
        comment,
        field="comment",
        limit=NOTE_MAX,
        required_message=_("Please say why the report is returned: the organization reads it."),
    )
    with transaction.atomic():
        report = _review(report)
        report.status = ReportStatus.RETURNED
        report.save(update_fields=["status"])
        ReportEvent.objects.create(
            report=report, step=ReportStep.RETURNED, day=day, comment=comment, by=known_user(acting_user)
        )
        record(
            "supervision.report.returned",
            actor=acting_user,
            target=report,
            organization=report.organization,
            new={"year": report.round.year, "day": day.isoformat(), "comment": comment},
        )
    return report


# -- inspections (专题督查) and rectification (整改) ------------------------------------------


def inspectable(day: dt.date):
    """The organizations an inspection may cover: those the committee leads directly on `day`
    and the organizations under them."""
    from orgs.models import _path_q

    paths = list(led_by_committee(day).values_list("path", flat=True))
    return PartyOrganization.objects.filter(_path_q("path", paths)).order_by("path")


def do_create_inspection(
    *,
    topic: str,
    year: int,
    organizations: list[PartyOrganization],
    starts_on: dt.date,
    ends_on: dt.date,
    matter_code: str = "DIS-02",
    inspectors: list[User] = (),  # type: ignore[assignment]
    other_inspectors: str = "",
    notes: str = "",
    acting_user: User | None,
) -> Inspection:
    topic = _text(topic, field="topic", limit=200, required_message=_("Please give the inspection's topic."))
    other_inspectors = _text(other_inspectors, field="other_inspectors", limit=200)
    notes = _text(notes, field="notes", limit=NOTE_MAX)
    if matter_code not in rules.MATTERS:
        raise DomainError(_("Please choose the matter the inspection serves."), field="matter_code")
    if ends_on < starts_on:
        raise DomainError(_("The inspection ends on or after the day it starts."), field="ends_on")
    if starts_on.year != year and ends_on.year != year:
        raise DomainError(_("The inspection's dates lie in its year."), field="starts_on")
    if not organizations:
        raise DomainError(_("Please choose the organizations inspected."), field="organizations")
    allowed = set(inspectable(starts_on).filter(pk__in=[o.pk for o in organizations]).values_list("pk", flat=True))
    if any(o.pk not in allowed for o in organizations):
        raise DomainError(
            _("An inspection covers the organizations the committee leads and those under them."),
            field="organizations",
        )
    with transaction.atomic():
        inspection = Inspection.objects.create(
            topic=topic,
            year=year,
            matter_code=matter_code,
            other_inspectors=other_inspectors,
            starts_on=starts_on,
            ends_on=ends_on,
            notes=notes,
            created_by=known_user(acting_user),
        )
        inspection.organizations.set(organizations)
        inspection.inspectors.set(list(inspectors))
        record(
            "supervision.inspection.created",
            actor=acting_user,
            target=inspection,
            new={
                "topic": topic,
                "year": year,
                "matter": matter_code,
                "organizations": [o.pk for o in organizations],
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return inspection


def do_add_finding(
    inspection: Inspection,
    *,
    organization: PartyOrganization,
    text: str,
    upload=None,
    acting_user: User | None,
) -> Finding:
    text = _text(text, field="text", limit=SECTION_MAX, required_message=_("Please describe the finding."))
    if not inspection.organizations.filter(pk=organization.pk).exists():
        raise DomainError(_("A finding is about one of the organizations inspected."), field="organization")
    checked = _check_file(upload) if upload is not None else None
    with transaction.atomic():
        finding = Finding(
            inspection=inspection, organization=organization, text=text, recorded_by=known_user(acting_user)
        )
        if checked is not None:
            _keep_file(finding, upload, checked)
        finding.save()
        record(
            "supervision.finding.recorded",
            actor=acting_user,
            target=finding,
            organization=organization,
            new={"inspection": inspection.pk, "text": text, "file_name": finding.file_name},
        )
    return finding


def do_add_item(
    finding: Finding, *, text: str, deadline: dt.date, responsible: str = "", acting_user: User | None
) -> RectificationItem:
    """A rectification item of `finding`, owned by its organization, due by `deadline` (not before
    the inspection began)."""
    text = _text(text, field="text", limit=500, required_message=_("Please say what is to be rectified."))
    responsible = _text(responsible, field="responsible", limit=50)
    if deadline < finding.inspection.starts_on:
        raise DomainError(_("The deadline is not before the inspection began."), field="deadline")
    with transaction.atomic():
        item = RectificationItem.objects.create(
            finding=finding, organization=finding.organization, text=text, responsible=responsible, deadline=deadline
        )
        record(
            "supervision.item.created",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"finding": finding.pk, "text": text, "responsible": responsible, "deadline": deadline.isoformat()},
        )
    return item


def _locked_item(item: RectificationItem, state: str, message: str) -> RectificationItem:
    item = RectificationItem.objects.select_for_update().select_related("organization").get(pk=item.pk)
    if item.state != state:
        raise DomainError(message % {"state": item.get_state_display()})
    return item


def do_report_item(
    item: RectificationItem, *, note: str, upload=None, day: dt.date | None = None, acting_user: User | None
) -> RectificationItem:
    """The organization reports an open item rectified, with a note (and an optional file)."""
    day = day or clock.today()
    note = _text(note, field="note", limit=NOTE_MAX, required_message=_("Please say how the item was rectified."))
    checked = _check_file(upload) if upload is not None else None
    with transaction.atomic():
        item = _locked_item(item, ItemState.OPEN, _("This item is %(state)s: only an open item is reported done."))
        item.state, item.reported_on = ItemState.REPORTED, day
        item.save(update_fields=["state", "reported_on"])
        event = ItemEvent(item=item, step=ItemStep.REPORTED, day=day, note=note, by=known_user(acting_user))
        if checked is not None:
            _keep_file(event, upload, checked)
        event.save()
        record(
            "supervision.item.reported",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"day": day.isoformat(), "note": note, "file_name": event.file_name},
        )
    return item


def do_accept_item(
    item: RectificationItem, *, day: dt.date | None = None, acting_user: User | None
) -> RectificationItem:
    """The inspector accepts a reported item: it is closed (已整改)."""
    day = day or clock.today()
    with transaction.atomic():
        item = _locked_item(
            item, ItemState.REPORTED, _("This item is %(state)s: only an item reported done is accepted.")
        )
        reported = item.events.filter(step=ItemStep.REPORTED).order_by("-pk").values_list("by_id", flat=True).first()
        if acting_user is not None and reported == acting_user.pk:
            # the inspector's acceptance is a second person's check
            raise DomainError(_("You reported this item done: another inspector accepts it."))
        item.state, item.closed_on = ItemState.CLOSED, day
        item.save(update_fields=["state", "closed_on"])
        ItemEvent.objects.create(item=item, step=ItemStep.ACCEPTED, day=day, by=known_user(acting_user))
        record(
            "supervision.item.accepted",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"day": day.isoformat()},
        )
    return item


def do_reopen_item(
    item: RectificationItem,
    *,
    reason: str,
    deadline: dt.date | None = None,
    day: dt.date | None = None,
    acting_user: User | None,
) -> RectificationItem:
    """The inspector reopens a reported item with a reason (and, if given, a new deadline)."""
    day = day or clock.today()
    reason = _text(reason, field="reason", limit=NOTE_MAX, required_message=_("Please say why the item is reopened."))
    with transaction.atomic():
        item = _locked_item(
            item, ItemState.REPORTED, _("This item is %(state)s: only an item reported done is reopened.")
        )
        old = item.deadline
        if deadline is not None and deadline < day:
            raise DomainError(_("A new deadline is not in the past."), field="deadline")
        item.state, item.reported_on = ItemState.OPEN, None
        item.deadline = deadline or item.deadline
        item.save(update_fields=["state", "reported_on", "deadline"])
        ItemEvent.objects.create(item=item, step=ItemStep.REOPENED, day=day, note=reason, by=known_user(acting_user))
        record(
            "supervision.item.reopened",
            actor=acting_user,
            target=item,
            organization=item.organization,
            old={"deadline": old.isoformat()},
            new={"day": day.isoformat(), "reason": reason, "deadline": item.deadline.isoformat()},
        )
    return item
