from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from accounts.roles import VIEW_STATS
from accounts.scope import require_capability, scope_paths, scope_queryset
from core import clock
from core.export import ExportKind, download_name, xlsx_response
from core.forms import BootstrapMixin, DateInput
from core.xlsx import BOLD, Book
from orgs.models import OrgKind, PartyOrganization, StaffPost, UnitLevel, WorkingCommittee
from reports import annual, staffing, stats, superiors


class AsOfForm(BootstrapMixin, forms.Form):
    # Later than today is refused below, with its own message.
    as_of = forms.DateField(label=gettext_lazy("as of"), required=False, widget=DateInput())

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day and day > clock.today():
            raise forms.ValidationError(gettext_lazy("The date cannot be later than today."))
        return day


def _report_for(request) -> tuple[stats.Report, AsOfForm, bool]:
    """The committee-wide report for users whose scope holds the committee; otherwise the
    report of the user's own subtree."""
    paths = scope_paths(request.user, VIEW_STATS)
    if not paths:
        raise PermissionDenied
    form = AsOfForm(request.GET)
    day = (form.cleaned_data["as_of"] if form.is_valid() else None) or clock.today()
    committees = list(WorkingCommittee.objects.select_related("organization"))
    for committee in committees:
        if any(committee.organization.path.startswith(p) for p in paths):
            return stats.build(committee, day), form, True
    root = PartyOrganization.objects.get(path=paths[0])
    committee = next((c for c in committees if root.path.startswith(c.organization.path)), None)
    if committee is None:
        raise PermissionDenied
    return stats.build(committee, day, root=root), form, False


@login_required
@require_GET
def statistics(request):
    report, form, whole = _report_for(request)
    organizations = [(OrgKind(k).label, report.organizations[k]) for k in report.reported_kinds]
    composition = annual.composition(annual.Scope.of(report.committee, None if whole else report.root), report.as_of)
    chart = {
        "pyramid": {
            **composition.pyramid(),
            "names": [pgettext("age pyramid", "Men"), pgettext("age pyramid", "Women")],
        },
        "years": {"labels": [y for y, _n in composition.years], "values": [n for _y, n in composition.years]},
    }
    events_from, events = stats.events_of_year(report)
    return render(
        request,
        "reports/statistics.html",
        {
            "report": report,
            "events_from": events_from,
            "events": events,
            "form": form,
            "whole": whole,
            "paragraph": stats.paragraph(report) if whole else "",
            "units": [(UnitLevel(lv).label, report.units[lv]) for lv in ("central", "municipal", "district")],
            "organizations": organizations,
            "staff": [(StaffPost(p).label, n) for p, n in report.staff.items()],
            "chart": chart,
            "composition": composition,
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def statistics_xlsx(request):
    report, _form, whole = _report_for(request)
    book = Book()
    sheet = book.sheet(_("Statistics"))
    rows: list[tuple] = [
        (_("Party-building statistics as of %(day)s") % {"day": report.as_of.isoformat()},),
        (),
        (_("Item"), _("Count")),
        (_("Departments and units"), report.units["total"]),
        *[(f"  {UnitLevel(lv).label}", report.units[lv]) for lv in ("central", "municipal", "district")],
        *[(str(OrgKind(k).label), report.organizations[k]) for k in report.reported_kinds],
        (_("Members"), report.members["total"]),
        (f"  {_('Full members')}", report.members["full"]),
        (f"  {_('Probationary members')}", report.members["probationary"]),
    ]
    if report.organ_committees_apply:
        rows += [
            (_("Working bodies"), report.working_bodies),
            (_("Full-time secretaries"), report.fulltime_posts["secretary"]),
            (_("Full-time deputy secretaries"), report.fulltime_posts["deputy_secretary"]),
            (_("Full-time staff"), report.fulltime_posts["staff"]),
        ]
    if whole:
        rows += [
            (_("Committee staff"), report.staff_total),
            (_("Committee establishment"), report.establishment),
            (_("Over (+) or under (-) establishment"), report.over),
            (),
            (stats.paragraph(report),),
        ]
    sheet.widths({1: 40, 2: 12})
    for i, row in enumerate(rows, start=1):
        sheet.append(row, style=BOLD if i in (1, 3) else None)
    return xlsx_response(
        book.to_bytes(), download_name(ExportKind.STATISTICS, scope=report.root.name, day=report.as_of, ext="xlsx")
    )


@login_required
@require_GET
def staffing_report(request):
    require_capability(request.user, VIEW_STATS)
    form = AsOfForm(request.GET)
    day = (form.cleaned_data["as_of"] if form.is_valid() else None) or clock.today()
    organizations = scope_queryset(request.user, PartyOrganization.objects.all(), capability=VIEW_STATS)
    report = staffing.check(organizations, day)
    return render(
        request,
        "reports/staffing.html",
        {"report": report, "form": form, "source": staffing.SOURCE, "query": request.GET.urlencode()},
    )


def _superiors_for(request) -> tuple[superiors.SuperiorsReport, AsOfForm, list[str]]:
    """多头管理: the committee's view of who leads the departments' organ party organizations.
    Who leads whom, and the members counted, are not public (docs/architecture.md, "What is
    public inside the district"): a user whose scope holds no working committee sees only the
    organizations in their scope, with their superiors named. The page and its download are
    the same report."""
    require_capability(request.user, VIEW_STATS)
    form = AsOfForm(request.GET)
    day = (form.cleaned_data["as_of"] if form.is_valid() else None) or clock.today()
    paths = scope_paths(request.user, VIEW_STATS)
    committee_wide = any(
        any(path.startswith(p) for p in paths)
        for path in WorkingCommittee.objects.values_list("organization__path", flat=True)
    )
    return superiors.build(day, within=None if committee_wide else paths), form, paths


@login_required
@require_GET
def superiors_report(request):
    report, form, paths = _superiors_for(request)
    # Drill-down only into organizations the user may open.
    visible = {o.pk for row in report.rows for o in row.organizations if any(o.path.startswith(p) for p in paths)}
    chart = {"labels": [r.superior.name for r in report.rows], "values": [len(r.departments) for r in report.rows]}
    return render(
        request,
        "reports/superiors.html",
        {"report": report, "form": form, "visible": visible, "chart": chart, "query": request.GET.urlencode()},
    )


@login_required
@require_GET
def superiors_xlsx(request):
    """One row per department led: superior, department, its category, the organizations and
    members — what a clerk sorts and filters in Excel."""
    report, _form, _paths = _superiors_for(request)
    book = Book()
    sheet = book.sheet(pgettext("file name", "Multi-headed management"))
    sheet.widths({1: 30, 2: 30, 3: 16, 4: 40, 5: 10})
    sheet.append(
        (_("Who leads the departments' organ party organizations, as of %(day)s") % {"day": report.as_of.isoformat()},),
        style=BOLD,
    )
    sheet.append((_("Superior"), _("Department"), _("Category"), _("Party organizations"), _("Members")), style=BOLD)
    for row in report.rows:
        for unit in row.units:
            sheet.append(
                (
                    row.superior.name,
                    unit.name,
                    unit.category,
                    _("、").join(o.name for o in unit.organizations),
                    unit.members,
                )
            )
    return xlsx_response(book.to_bytes(), download_name(ExportKind.SUPERIORS, day=report.as_of, ext="xlsx"))
