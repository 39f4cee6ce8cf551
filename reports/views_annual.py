"""The annual statistics report's pages: the report of the user's scope (the committee's for
those who hold it, else their own organization's) or of any organization in it, its workbook,
the drill-down from a figure to the organizations and the members it counts, the
explanations of flagged figures and the filing (报送) of a year's report."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import EDIT_REGISTRY, VIEW_STATS
from accounts.scope import may, scope_paths, scope_queryset
from core import clock
from core.errors import DomainError
from core.export import ExportKind, download_name, xlsx_response
from core.forms import BootstrapMixin
from core.pagination import paginate
from members.models import Member
from orgs.access import get_organization_for_user
from orgs.models import PartyOrganization, SuperiorFact, WorkingCommittee
from reports import annual, annual_export, rules
from reports.services import do_file_report, do_withdraw_filing, do_write_explanation

FIRST_YEAR = 1990


def _years() -> list[int]:
    return list(range(clock.today().year, FIRST_YEAR - 1, -1))


class YearForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int, required=False, choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in _years()]

    def chosen_year(self) -> int:
        """The year asked, else the last whole year (the report a clerk files in January)."""
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return clock.today().year - 1


class ExplanationForm(BootstrapMixin, forms.Form):
    figure = forms.CharField(max_length=80)
    year = forms.IntegerField(min_value=FIRST_YEAR)
    text = forms.CharField(
        label=gettext_lazy("Explanation"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > clock.today().year:
            raise forms.ValidationError(gettext_lazy("The year cannot be later than this year."))
        return year


def _committee_of(organization: PartyOrganization, committees: list[WorkingCommittee]) -> WorkingCommittee:
    committee = next((c for c in committees if organization.path.startswith(c.organization.path)), None)
    if committee is None:
        raise Http404
    return committee


def scope_for(request, pk: int | None) -> annual.Scope:
    """The report's scope: the organization `pk` (404 unless the user sees it, 403 unless they
    see its statistics), or
    the committee for a user whose statistics scope holds it, else the user's own subtree."""
    committees = list(WorkingCommittee.objects.select_related("organization"))
    if pk is not None:
        organization = get_organization_for_user(request.user, pk)  # 404 outside what the user sees
        if not may(request.user, VIEW_STATS, organization):
            raise PermissionDenied
        return annual.Scope.of(_committee_of(organization, committees), organization)
    paths = scope_paths(request.user, VIEW_STATS)
    if not paths:
        raise PermissionDenied
    for committee in committees:
        if any(committee.organization.path.startswith(p) for p in paths):
            return annual.Scope.of(committee)
    root = PartyOrganization.objects.get(path=paths[0])
    return annual.Scope.of(_committee_of(root, committees), root)


def _scope_url(name: str, scope: annual.Scope, **query) -> str:
    url = reverse(f"reports:{name}") if scope.whole else reverse(f"reports:{name}_of", args=[scope.root.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _may_write(user, scope: annual.Scope) -> bool:
    """Whether the user is a clerk of the scope: explains its figures and files its report."""
    return scope_queryset(user, PartyOrganization.objects.filter(pk=scope.root.pk), capability=EDIT_REGISTRY).exists()


@login_required
@require_GET
def annual_report(request, pk: int | None = None):
    scope = scope_for(request, pk)
    form = YearForm(request.GET)
    year = form.chosen_year()
    report = annual.build(year, scope)
    year_open = year >= clock.today().year
    clerk = _may_write(request.user, scope)
    flagged = {flag.key for flag in report.flags}
    labels = {row.key: row.label for table in annual.tables() for row in table.rows}
    tables = [
        (
            table,
            [
                {
                    "row": row,
                    "value": report.figures.get(row.key),
                    "last": report.last.get(row.key),
                    "share": report.share(row.key, row.share_of) if row.share_of else None,
                    "change": _change(report.figures.get(row.key), report.last.get(row.key)),
                    "flagged": row.key in flagged,
                    "explanation": report.explanations.get(row.key, ""),
                    "drill": _scope_url("annual_figure", scope, year=year, figure=row.key)
                    if annual.drillable(row.key) and report.figures.get(row.key)
                    else "",
                }
                for row in table.rows
            ],
        )
        for table in annual.tables()
    ]
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "scope": scope,
            "form": form,
            "tables": tables,
            "flags": [(flag, _flag_label(flag, labels)) for flag in report.flags],
            "thresholds": (rules.FLAG_PERCENT.current(), rules.FLAG_MINIMUM.current()),
            "identity": {
                "start": report.figures["changes.start"],
                "increase": report.figures["changes.increase.total"],
                "decrease": report.figures["changes.decrease.total"],
                "end": report.figures["changes.end"],
            },
            "overlapping": [] if report.reconciles else annual.overlapping_members(scope, year),
            "year_open": year_open,
            "may_explain": clerk and report.filing is None,
            "may_file": clerk and not year_open,
            "unexplained": sum(1 for flag in report.flags if not flag.explanation),
            "explain_url": _scope_url("annual_explain", scope),
            "file_url": _scope_url("annual_file", scope),
            "xlsx_url": _scope_url("annual_xlsx", scope, year=year),
            "children": _children(request.user, scope, report.as_of),
            "parent": _parent(request.user, scope),
        },
    )


def _flag_label(flag: annual.Flag, labels: dict) -> str:
    if flag.key == annual.START:  # not a change beyond the thresholds: a start that is not last year's end
        return _("Members at the start of the year, against last year's filed end")
    return labels.get(flag.key, flag.key)


def _change(value: int | None, last: int | None) -> int | None:
    return None if value is None or last is None else value - last


def _children(user, scope: annual.Scope, day: dt.date) -> list[PartyOrganization]:
    """The organizations directly under the scope's root on the day that the user sees: where
    the report can be narrowed to."""
    led = SuperiorFact.objects.as_of(day).filter(superior=scope.root).values("organization_id")
    below = annual.organizations_on(scope, day).filter(pk__in=led)
    return list(scope_queryset(user, below, capability=VIEW_STATS).order_by("path"))


def _parent(user, scope: annual.Scope) -> tuple[str, str] | None:
    """Where "up" leads: the superior's report if the user sees it, the committee's if the
    superior is the committee."""
    if scope.whole:
        return None
    parent = PartyOrganization.objects.get_parent(scope.root)
    if parent is None:
        return None
    if parent == scope.committee.organization:
        whole = annual.Scope.of(scope.committee)
        visible = any(scope.committee.organization.path.startswith(p) for p in scope_paths(user, VIEW_STATS))
        return (scope.committee.name, _scope_url("annual", whole)) if visible else None
    if not scope_queryset(user, PartyOrganization.objects.filter(pk=parent.pk), capability=VIEW_STATS).exists():
        return None
    return parent.name, reverse("reports:annual_of", args=[parent.pk])


@login_required
@require_GET
def annual_xlsx(request, pk: int | None = None):
    scope = scope_for(request, pk)
    report = annual.build(YearForm(request.GET).chosen_year(), scope)
    return xlsx_response(
        annual_export.workbook(report),
        download_name(ExportKind.ANNUAL_STATISTICS, scope=scope.name, day=report.as_of, ext="xlsx"),
    )


@login_required
@require_GET
def annual_figure(request, pk: int | None = None):
    """A figure's organizations (how many each contributes) or, with `at`, its members there."""
    scope = scope_for(request, pk)
    year = YearForm(request.GET).chosen_year()
    key = request.GET.get("figure", "")
    candidates = annual.drill_candidates(scope, year, key)
    rows = candidates if candidates is not None else annual.drill(scope, year, key) if annual.drillable(key) else None
    if rows is None:
        raise Http404
    label = next((row.label for table in annual.tables() for row in table.rows if row.key == key), key)
    back = _scope_url("annual", scope, year=year)
    at = request.GET.get("at")
    if at:
        organization = scope_queryset(request.user, PartyOrganization.objects.all(), capability=VIEW_STATS)
        organization = organization.filter(pk=at if at.isdigit() else None).first()
        if organization is None:
            raise Http404
        context = {
            "scope": scope,
            "year": year,
            "as_of": annual.year_days(year)[1],
            "label": label,
            "organization": organization,
            "back": _scope_url("annual_figure", scope, year=year, figure=key),
            "report_url": back,
        }
        if candidates is not None:
            records = candidates.filter(organization=organization).order_by("applied_on", "pk")
            return render(request, "reports/annual_candidates.html", {**context, "candidates": records})
        members = Member.objects.filter(pk__in=rows.filter(organization=organization).values("member_id"))
        return render(
            request,
            "reports/annual_members.html",
            {
                **context,
                "members": members.select_related("organization").order_by("name_pinyin", "pk"),
                "visible": set(scope_queryset(request.user, members).values_list("pk", flat=True)),
            },
        )
    counts = dict(
        rows.order_by().values_list("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    )
    # a page at a time: a committee's figure can come from tens of thousands of organizations
    organizations = PartyOrganization.objects.filter(annual.within("pk", sorted(counts))).order_by("path")
    page, query = paginate(request, organizations)
    return render(
        request,
        "reports/annual_figure.html",
        {
            "scope": scope,
            "year": year,
            "key": key,
            "label": label,
            "total": sum(counts.values()),
            "rows": [(o, counts[o.pk]) for o in page],
            "page": page,
            "query": query,
            "back": back,
            "member_url": _scope_url("annual_figure", scope, year=year, figure=key),
        },
    )


@login_required
@require_POST
def annual_explain(request, pk: int | None = None):
    """Write (or clear, with no text) the explanation of a figure of the scope's year."""
    scope = scope_for(request, pk)
    if not _may_write(request.user, scope):
        raise PermissionDenied
    form = ExplanationForm(request.POST)
    keys = {row.key for table in annual.tables() for row in table.rows if row.key}
    if not form.is_valid() or form.cleaned_data["figure"] not in keys:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        if form.is_valid():
            messages.error(request, _("There is no such figure in the report."))
        year = form.cleaned_data.get("year") if form.is_valid() else None
        return redirect(_scope_url("annual", scope, **({"year": year} if year else {})))
    data = form.cleaned_data
    try:
        do_write_explanation(scope.root, data["year"], data["figure"], data["text"], acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The explanation is saved."))
    return redirect(_scope_url("annual", scope, year=data["year"]) + f"#row-{data['figure']}")


class FilingForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=9999)


@login_required
@require_POST
def annual_file(request, pk: int | None = None):
    """File the scope's report of a closed year (报送) or, with `withdraw`, withdraw its filing."""
    scope = scope_for(request, pk)
    if not _may_write(request.user, scope):
        raise PermissionDenied
    form = FilingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the year of the report."))
        return redirect(_scope_url("annual", scope))
    year = form.cleaned_data["year"]
    try:
        if "withdraw" in request.POST:
            do_withdraw_filing(scope, year, acting_user=request.user)
            messages.success(request, _("The filing is withdrawn: the figures are computed from the records again."))
        else:
            do_file_report(scope, year, acting_user=request.user)
            messages.success(request, _("The report is filed: its figures are kept as they are now."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect(_scope_url("annual", scope, year=year))
