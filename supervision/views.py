"""The oversight pages: the committee's list of a year's annual reports, an organization's report
(the form, the history, accept or return), the inspections, an inspection with its findings and
items, an organization's reports and rectification items, and an item (report done on a phone,
accept or reopen). Views stay thin: access → form → one service → render; a refusal keeps what
was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock, docx
from core.errors import DomainError
from core.export import docx_response, download, download_name
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import year_param
from core.shortcuts import render_form
from supervision import access, queries, rules, services
from supervision.forms import (
    CommentForm,
    FindingForm,
    InspectionForm,
    ItemForm,
    OpenReportingForm,
    ReopenForm,
    ReportForm,
    ReportItemForm,
)
from supervision.models import AnnualReport, Inspection, ItemState, RectificationItem, ReportRound, ReportStatus


def _file(obj):
    if not obj.file:
        raise Http404
    try:
        content = obj.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, obj.file_name, obj.content_type)


# -- annual work reports ---------------------------------------------------------------------


@login_required
@require_GET
def reports(request):
    """The committee's list of a year's reports: counts at the top, the state per organization."""
    access.require_oversight(request.user)
    year = year_param(request, default=clock.today().year - 1)
    reporting = ReportRound.objects.filter(year=year).first()
    rows = access.overseen(
        request.user,
        AnnualReport.objects.filter(round=reporting).select_related("organization", "organization__unit")
        if reporting
        else AnnualReport.objects.none(),
    )
    counts = queries.counts_of(rows)
    status = request.GET.get("status", "")
    if status in ReportStatus.values:
        rows = rows.filter(status=status)
    page, query = paginate(request, rows)
    return render(
        request,
        "supervision/reports.html",
        {
            "year": year,
            "reporting": reporting,
            "rows": page.object_list,
            "page": page,
            "query": query,
            "counts": counts,
            "today": clock.today(),
            "statuses": ReportStatus.choices,
            "status": status,
            "years": list(ReportRound.objects.values_list("year", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reporting_open(request):
    access.require_oversight(request.user)
    form = OpenReportingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reporting = services.do_open_reporting(
                form.cleaned_data["year"], deadline=form.cleaned_data["deadline"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(
                request,
                _("The reporting of %(year)s is open: %(n)s organizations are to report by %(deadline)s.")
                % {
                    "year": reporting.year,
                    "n": reporting.reports.count(),
                    "deadline": f"{reporting.deadline:%Y-%m-%d}",
                },
            )
            return redirect(f"{reverse('supervision:reports')}?year={reporting.year}")
    return render_form(
        request,
        form,
        title=_("Open a year's annual work reports"),
        cancel_url=reverse("supervision:reports"),
        intro=_(
            "Each organization the working committee leads directly today is asked for its annual work report "
            "(机关党组织年度向机关工委报告工作)."
        ),
    )


def _report_page(request, report, *, form=None, comment_form=None, status=200):
    may_submit = report.status in (ReportStatus.MISSING, ReportStatus.RETURNED) and access.acts_for(
        request.user, report.organization
    )
    if may_submit and form is None:
        form = ReportForm(initial={"summary": report.summary, **{n: getattr(report, n) for n, _l in _sections()}})
    may_review = report.status == ReportStatus.SUBMITTED and access.oversees(request.user, report.organization)
    return render(
        request,
        "supervision/report.html",
        {
            "report": report,
            "org": report.organization,
            "form": form if may_submit else None,
            "comment_form": (comment_form or CommentForm()) if may_review else None,
            "events": report.events.select_related("by"),
            "overdue": report.status == ReportStatus.MISSING and report.round.deadline < clock.today(),
            "oversees": access.oversees(request.user, report.organization),
            "limit": rules.ATTACHMENT_MAX_MB.current(),
        },
        status=status,
    )


def _sections():
    from supervision.models import SECTIONS

    return SECTIONS


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    """An organization's report for a year: its state, its content, the form while it is due, the
    committee's accept or return, and the history."""
    if request.method == "GET":
        return _report_page(request, access.get_report_for_user(request.user, pk))
    report = access.get_report_for_user(request.user, pk, submit=True)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_submit_report(
                report,
                summary=form.cleaned_data["summary"],
                sections=form.sections(),
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Report submitted to the working committee."))
            return redirect("supervision:report", pk=report.pk)
    report.refresh_from_db()
    return _report_page(request, report, form=form)


@login_required
@require_POST
def report_accept(request, pk):
    report = access.get_report_for_user(request.user, pk, review=True)
    try:
        services.do_accept_report(report, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Report accepted."))
    return redirect("supervision:report", pk=report.pk)


@login_required
@require_POST
def report_return(request, pk):
    report = access.get_report_for_user(request.user, pk, review=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.do_return_report(report, comment=form.cleaned_data["comment"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Report returned with comments."))
            return redirect("supervision:report", pk=report.pk)
    return _report_page(request, report, comment_form=form)


@login_required
@require_GET
def report_file(request, pk):
    return _file(access.get_report_for_user(request.user, pk))


@login_required
@require_GET
def report_docx(request, pk):
    """The report as submitted, with its dates, as a Word document for the archive."""
    report = access.get_report_for_user(request.user, pk)
    if report.first_submitted_on is None:
        raise Http404
    doc = docx.new(a4=True)
    title = _("Annual work report of %(name)s, %(year)s") % {
        "name": report.organization.name,
        "year": report.round.year,
    }
    docx.paragraph(doc, title, size=16, bold=True, center=True)
    if report.summary:
        docx.paragraph(doc, report.summary, bold=True)
    for label, text in report.sections:
        if text:
            docx.paragraph(doc, str(label), bold=True)
            docx.paragraph(doc, text)
    if report.file_name:
        docx.paragraph(doc, _("Document attached: %(name)s") % {"name": report.file_name})
    docx.paragraph(doc, "")
    docx.paragraph(
        doc, f"{report.get_status_display()} · {_('submitted on')} {report.submitted_on:%Y-%m-%d}", right=True
    )
    if report.accepted_on:
        docx.paragraph(doc, f"{_('accepted on')} {report.accepted_on:%Y-%m-%d}", right=True)
    name = download_name(_("Annual work report"), scope=f"{report.organization.name}-{report.round.year}", ext="docx")
    return docx_response(docx.to_bytes(doc), name)


# -- inspections ---------------------------------------------------------------------------------


@login_required
@require_GET
def inspections(request):
    access.require_oversight(request.user)
    year = year_param(request, default=clock.today().year)
    found = access.overseen(request.user, Inspection.objects.filter(year=year).prefetch_related("organizations"))
    items = access.overseen(request.user, RectificationItem.objects.filter(finding__inspection__year=year))
    return render(
        request,
        "supervision/inspections.html",
        {
            "year": year,
            "inspections": found,
            "totals": queries.totals_of(items),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    access.require_oversight(request.user)
    form = InspectionForm(request.POST or None, organizations=services.inspectable(clock.today()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.do_create_inspection(
                topic=data["topic"],
                year=data["year"],
                matter_code=data["matter_code"],
                organizations=list(data["organizations"]),
                inspectors=list(data["inspectors"]),
                other_inspectors=data["other_inspectors"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Inspection recorded."))
            return redirect("supervision:inspection", pk=inspection.pk)
    return render_form(request, form, title=_("New inspection"), cancel_url=reverse("supervision:inspections"))


@login_required
@require_GET
def inspection(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    findings = inspection.findings.select_related("organization").prefetch_related("items")
    return render(
        request,
        "supervision/inspection.html",
        {
            "inspection": inspection,
            "organizations": inspection.organizations.order_by("path"),
            "inspectors": inspection.inspectors.all(),
            "findings": findings,
            "today": clock.today(),
        },
    )


def _upload_page(request, form, *, title: str, cancel_url: str):
    return render(
        request,
        "supervision/upload_form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "limit": rules.ATTACHMENT_MAX_MB.current()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_add(request, pk):
    inspection = access.get_inspection_for_user(request.user, pk)
    form = FindingForm(
        request.POST or None, request.FILES or None, organizations=inspection.organizations.order_by("path")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_finding(
                inspection,
                organization=form.cleaned_data["organization"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Finding recorded."))
            return redirect("supervision:inspection", pk=inspection.pk)
    return _upload_page(
        request,
        form,
        title=_("A finding of “%(topic)s”") % {"topic": inspection.topic},
        cancel_url=reverse("supervision:inspection", args=[inspection.pk]),
    )


@login_required
@require_GET
def finding_file(request, pk):
    finding = access.get_finding_for_user(request.user, pk, for_file=True)
    return _file(finding)


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request, pk):
    finding = access.get_finding_for_user(request.user, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_item(finding, **form.cleaned_data, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Rectification item recorded."))
            return redirect("supervision:inspection", pk=finding.inspection_id)
    return render_form(
        request,
        form,
        title=_("A rectification item for %(org)s") % {"org": finding.organization.name},
        cancel_url=reverse("supervision:inspection", args=[finding.inspection_id]),
        intro=finding.text,
    )


# -- an organization's side -------------------------------------------------------------------------


@login_required
@require_GET
def organization(request, pk):
    """An organization's annual reports and its rectification items (and those of the
    organizations under it): what it has to do first."""
    org = access.get_organization_for_user(request.user, pk)
    items = list(queries.items_of(org))
    today = clock.today()
    return render(
        request,
        "supervision/organization.html",
        {
            "org": org,
            "reports": AnnualReport.objects.filter(organization=org).select_related("round").order_by("-round__year"),
            "open_items": [i for i in items if i.state != ItemState.CLOSED],
            "closed_items": [i for i in items if i.state == ItemState.CLOSED],
            "today": today,
        },
    )


def _item_page(request, item, *, report_form=None, reopen_form=None, status=200):
    may_report = item.state == ItemState.OPEN and access.acts_for(request.user, item.organization)
    may_review = item.state == ItemState.REPORTED and access.oversees(request.user, item.organization)
    return render(
        request,
        "supervision/item.html",
        {
            "item": item,
            "org": item.organization,
            "inspection": item.finding.inspection,
            "events": item.events.select_related("by"),
            "report_form": (report_form or ReportItemForm()) if may_report else None,
            "reopen_form": (reopen_form or ReopenForm()) if may_review else None,
            "oversees": access.oversees(request.user, item.organization),
            "overdue": item.overdue_on(clock.today()),
            "limit": rules.ATTACHMENT_MAX_MB.current(),
        },
        status=status,
    )


@login_required
@require_GET
def item(request, pk):
    return _item_page(request, access.get_item_for_user(request.user, pk))


@login_required
@require_POST
def item_report(request, pk):
    item = access.get_item_for_user(request.user, pk, submit=True)
    form = ReportItemForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.do_report_item(
                item, note=form.cleaned_data["note"], upload=form.cleaned_data["file"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Reported rectified: the inspector will check it."))
            return redirect("supervision:item", pk=item.pk)
    return _item_page(request, item, report_form=form)


@login_required
@require_POST
def item_accept(request, pk):
    item = access.get_item_for_user(request.user, pk, review=True)
    try:
        services.do_accept_item(item, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Rectification accepted: the item is closed."))
    return redirect("supervision:item", pk=item.pk)


@login_required
@require_POST
def item_reopen(request, pk):
    item = access.get_item_for_user(request.user, pk, review=True)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.do_reopen_item(
                item,
                reason=form.cleaned_data["reason"],
                deadline=form.cleaned_data["deadline"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Item reopened: the organization is asked to rectify it."))
            return redirect("supervision:item", pk=item.pk)
    return _item_page(request, item, reopen_form=form)


@login_required
@require_GET
def event_file(request, pk):
    return _file(access.get_event_for_user(request.user, pk))
