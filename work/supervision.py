"""The committee's oversight as to-dos (`supervision` sits below `work` and reads neither it nor
the authority list):

- an annual work report still not submitted after its deadline → a to-do for the organization
  (its officers), made once per report, done when the report is submitted;
- a rectification item open (or reopened) past its deadline → a to-do for the organization that
  owns it, under the matter its inspection serves (DIS-02 机关党内监督 by default): the bodies
  holding a part in that matter in the list in force see it (`work.access.items_for` reads
  `matter_code`), while it stays addressed to the organization (no lead body: the kind is in
  `SEEN_BY_MATTER`, which the rerouting leaves alone). Made once per item, deadline and
  reopening; done when the item is reported done or its deadline moves.

Called by the daily run `work.services.do_create_reminders`."""

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audit.services import record
from core.i18n import format_lazy, stored
from supervision.models import AnnualReport, ItemState, ItemStep, RectificationItem, ReportStatus
from work.models import ItemKind, ItemStatus, WorkItem


def report_key(report_pk: int) -> str:
    return f"{ItemKind.REPORT_MISSING.value}:{report_pk}"


def item_key(item_pk: int, deadline: dt.date, reopened: int) -> str:
    return f"{ItemKind.RECTIFICATION_OVERDUE.value}:{item_pk}:{deadline.isoformat()}:{reopened}"


def _close(item: WorkItem, outcome) -> None:
    item.status, item.closed_at, item.outcome = ItemStatus.DONE, timezone.now(), stored(outcome)
    item.save(update_fields=["status", "outcome", "closed_at"])
    record("work.item.closed", actor=None, target=item, organization=item.organization, new={"outcome": item.outcome})


def _report_reminders(day: dt.date) -> tuple[int, int]:
    closed = 0
    still_open = list(WorkItem.objects.filter(kind=ItemKind.REPORT_MISSING, status=ItemStatus.OPEN))
    submitted = dict(
        AnnualReport.objects.filter(pk__in=[i.payload.get("report") for i in still_open])
        .exclude(status=ReportStatus.MISSING)
        .values_list("pk", "first_submitted_on")
    )
    for item in still_open:
        if item.payload.get("report") in submitted:
            on = submitted[item.payload["report"]]
            _close(
                item,
                format_lazy(gettext_lazy("The report was submitted on %(day)s."), day=f"{on:%Y-%m-%d}" if on else ""),
            )
            closed += 1
    missing = AnnualReport.objects.filter(status=ReportStatus.MISSING, round__deadline__lt=day).select_related(
        "round", "organization"
    )
    created = 0
    for report in missing:
        item, new = WorkItem.objects.get_or_create(
            source_key=report_key(report.pk),
            defaults={
                "kind": ItemKind.REPORT_MISSING,
                "title": stored(
                    format_lazy(
                        gettext_lazy("The annual work report of %(year)s to the working committee is overdue"),
                        year=report.round.year,
                    )
                ),
                "description": stored(
                    format_lazy(
                        gettext_lazy(
                            "%(name)s has not submitted its %(year)s annual work report, due on %(deadline)s. "
                            "Submit it on the report's page: this to-do is done when it is submitted."
                        ),
                        name=report.organization.name,
                        year=report.round.year,
                        deadline=f"{report.round.deadline:%Y-%m-%d}",
                    )
                ),
                "organization": report.organization,
                "due_date": report.round.deadline,
                "payload": {"report": report.pk, "year": report.round.year},
            },
        )
        if new:
            created += 1
            record(
                "work.reminder.report_missing",
                actor=None,
                target=item,
                organization=report.organization,
                new={"report": report.pk, "year": report.round.year},
            )
    return created, closed


def _rectification_reminders(day: dt.date) -> tuple[int, int]:
    closed = 0
    still_open = list(WorkItem.objects.filter(kind=ItemKind.RECTIFICATION_OVERDUE, status=ItemStatus.OPEN))
    now = RectificationItem.objects.in_bulk([i.payload.get("item") for i in still_open])
    for item in still_open:
        target = now.get(item.payload.get("item"))
        if target is None:
            continue
        if target.state != ItemState.OPEN:
            _close(item, gettext_lazy("The item was reported rectified."))
            closed += 1
        elif target.deadline.isoformat() != item.payload.get("deadline"):
            _close(item, format_lazy(gettext_lazy("The deadline moved to %(day)s."), day=f"{target.deadline:%Y-%m-%d}"))
            closed += 1
    overdue = (
        RectificationItem.objects.filter(state=ItemState.OPEN, deadline__lt=day)
        .select_related("finding__inspection", "organization")
        .annotate(reopened=Count("events", filter=Q(events__step=ItemStep.REOPENED)))
    )
    created = 0
    for target in overdue:
        inspection = target.finding.inspection
        item, new = WorkItem.objects.get_or_create(
            source_key=item_key(target.pk, target.deadline, target.reopened),
            defaults={
                "kind": ItemKind.RECTIFICATION_OVERDUE,
                "matter_code": inspection.matter_code,
                "title": stored(
                    format_lazy(
                        gettext_lazy("Rectification overdue since %(day)s: %(text)s"),
                        day=f"{target.deadline:%Y-%m-%d}",
                        text=target.text[:80],
                    )
                ),
                "description": stored(
                    format_lazy(
                        gettext_lazy(
                            "An item of the inspection “%(topic)s” for %(name)s was due on %(day)s. Report it done "
                            "on the organization's rectification page: this to-do is done then."
                        ),
                        topic=inspection.topic,
                        name=target.organization.name,
                        day=f"{target.deadline:%Y-%m-%d}",
                    )
                ),
                "organization": target.organization,
                "due_date": target.deadline,
                "payload": {"item": target.pk, "deadline": target.deadline.isoformat()},
            },
        )
        if new:
            created += 1
            record(
                f"work.reminder.{ItemKind.RECTIFICATION_OVERDUE.value}",
                actor=None,
                target=item,
                organization=target.organization,
                new={"item": target.pk, "deadline": target.deadline.isoformat(), "matter": inspection.matter_code},
            )
    return created, closed


def supervision_reminders(day: dt.date) -> dict[str, int]:
    reports, reports_closed = _report_reminders(day)
    items, items_closed = _rectification_reminders(day)
    return {
        ItemKind.REPORT_MISSING.value: reports,
        "reports_closed": reports_closed,
        ItemKind.RECTIFICATION_OVERDUE.value: items,
        "rectifications_closed": items_closed,
    }
