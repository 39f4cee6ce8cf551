"""The compliance pages: what the rules expected of each organization in a year against what it
held (the committee's table; an organ party committee's officer sees their subtree, a branch
secretary their branch), its .xlsx, and a branch's members without organizational life.

Every figure comes from `orglife.compliance`; the page shows one page of rows, the silent
organizations first in a list of their own (a line in the superior's list, issue 17 item 3)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.roles import EDIT_REGISTRY, VIEW_STATS
from accounts.scope import may, require_capability, scope_paths
from core import clock
from core.export import ExportKind, download_name, xlsx_response
from core.forms import BootstrapMixin
from core.pagination import paginate
from core.params import YEAR_MAX, YEAR_MIN
from core.rules import BRANCH_COMMITTEE_MIN_MEMBERS
from core.widgets import PickerField
from core.xlsx import BOLD, Book
from members.rules import INACTIVE_MONTHS
from orglife import compliance
from orgs.access import get_organization_for_user
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization, Unit, _path_q
from orgs.queries import LEADING_KINDS, unit_label, unit_pool

SORTS = [("", gettext_lazy("In tree order")), ("silent", gettext_lazy("Longest silence first"))]


class ComplianceFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("year"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"aria-label": gettext_lazy("year")}),
    )
    superior = PickerField(
        PartyOrganization.objects.none(),
        label=gettext_lazy("under"),
        source="orgs:pick",
        params={"pool": "view", "kinds": "leading"},
        label_from_instance=lambda o: f"{o.name}（{o.code}）",
        placeholder=gettext_lazy("All organizations in my scope"),
        required=False,
    )
    unit = PickerField(
        Unit.objects.none(),
        label=gettext_lazy("unit"),
        source="orgs:unit_pick",
        params={"pool": "scope"},
        label_from_instance=unit_label,
        placeholder=gettext_lazy("Any unit"),
        required=False,
    )
    behind = forms.BooleanField(label=gettext_lazy("Behind only"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("order"), choices=SORTS, required=False)

    def __init__(self, *args, organizations, user, **kwargs):
        super().__init__(*args, **kwargs)
        # the picker's pool "view"/"leading" (orgs.queries.organization_pool), within the stats scope
        self.fields["superior"].queryset = organizations.filter(kind__in=LEADING_KINDS, dissolved__isnull=True)
        # the picker's pool "scope" (orgs.queries.unit_pool): units of the user's registry scope
        self.fields["unit"].queryset = unit_pool(user, "scope")


def _report_for(request) -> tuple[compliance.Report, ComplianceFilterForm, list[compliance.Row]]:
    """The year's report over the user's statistics scope (or the chosen superior's subtree),
    and its rows as filtered and ordered: the page and its download show the same rows."""
    require_capability(request.user, VIEW_STATS)
    paths = scope_paths(request.user, VIEW_STATS)
    if not paths:
        raise PermissionDenied
    organizations = PartyOrganization.objects.filter(_path_q("path", paths))
    params = request.GET.copy()
    if not params.get("year"):
        params["year"] = str(clock.today().year)  # shown in the form, as the page counts it
    form = ComplianceFilterForm(params, organizations=organizations, user=request.user)
    form.is_valid()
    data = form.cleaned_data  # the fields that are valid: a bad year keeps the chosen superior
    year = data.get("year") or clock.today().year
    if superior := data.get("superior"):
        organizations = organizations.filter(path__startswith=superior.path)
    if unit := data.get("unit"):
        organizations = organizations.filter(unit=unit)
    report = compliance.build(organizations, year)
    rows = report.rows
    if data.get("behind"):
        rows = [r for r in rows if r.behind]
    if data.get("sort") == "silent":
        rows = sorted(rows, key=lambda r: -1 if r.silent_days is None else r.silent_days, reverse=True)
    return report, form, rows


@login_required
@require_GET
def compliance_table(request):
    report, form, rows = _report_for(request)
    page, query = paginate(request, rows)
    return render(
        request,
        "orglife/compliance.html",
        {
            "report": report,
            "form": form,
            "page": page,
            "query": query,
            "export_query": request.GET.urlencode(),
            "kinds": [(k, compliance.kind_label(k)) for k in compliance.KINDS],
            "silent": sorted(report.silent, key=lambda r: r.silent_days or 0, reverse=True),
            "behind": sum(1 for r in report.rows if r.behind),
            "shown": len(rows),
            "committee_min": BRANCH_COMMITTEE_MIN_MEMBERS.current(),
        },
    )


@login_required
@require_GET
def compliance_xlsx(request):
    """The table as filtered, every row (it names organizations, not people)."""
    report, _form, rows = _report_for(request)
    book = Book()
    sheet = book.sheet(_("Organizational life"))
    labels = [compliance.kind_label(k) for k in compliance.KINDS]
    sheet.widths({1: 36, **{i: 12 for i in range(2, len(labels) * 2 + 5)}})
    sheet.append(
        (
            _("Organizational life in %(year)s up to %(day)s: periods held / expected")
            % {"year": report.year, "day": report.cut.isoformat()},
        ),
        style=BOLD,
    )
    header: list[str] = [_("Organization")]
    for label in labels:
        header += [_("%(kind)s held") % {"kind": label}, _("%(kind)s expected") % {"kind": label}]
    sheet.append((*header, _("Rate"), _("Last meeting"), _("Silent days")), style=BOLD)
    for row in rows:
        cells: list = [row.name]
        for kind in compliance.KINDS:
            cells += [row.held[kind], row.expected[kind]]
        cells += [row.rate_text, row.last_meeting, row.silent_days]
        sheet.append(tuple(cells))
    sheet.freeze("B3")
    return xlsx_response(book.to_bytes(), download_name(ExportKind.ORGLIFE_COMPLIANCE, day=report.cut, ext="xlsx"))


@login_required
@require_GET
def attention(request, pk: int):
    """需要关注的党员: members of a branch with no organizational life for the months of 党章
    第九条, for the branch's attention. The system lists; people decide."""
    org = get_organization_for_user(request.user, pk)
    day = clock.today()
    holds_members = org.kind in MEMBER_HOLDING_KINDS
    return render(
        request,
        "orglife/compliance_attention.html",
        {
            "organization": org,
            "day": day,
            "window": compliance.inactive_window(day),
            "months": INACTIVE_MONTHS.current(),
            "rule": INACTIVE_MONTHS,
            "holds_members": holds_members,
            "listed": compliance.inactive_members(org, day) if holds_members else [],
            # who may edit the branch's member records may record a 自行脱党 from the list
            "can_record": holds_members and may(request.user, EDIT_REGISTRY, org),
            "records_from": compliance.records_start(),
        },
    )
