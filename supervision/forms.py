"""The oversight forms; the rules of what may be recorded are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core import clock
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerMultipleField
from orgs.models import PartyOrganization
from orgs.queries import organization_label
from supervision import rules
from supervision.models import NOTE_MAX, SECTION_MAX, SECTIONS


def _area(label, *, required: str = "", limit: int = NOTE_MAX, rows: int = 3) -> forms.CharField:
    """A bounded textarea; `required`: the message when it is left empty (the services' own)."""
    return forms.CharField(
        label=label,
        required=bool(required),
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else None,
    )


class OpenReportingForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    deadline = forms.DateField(
        label=_("deadline"),
        required=False,
        widget=DateInput(),
        help_text=_("Left empty: the local rule's day of the next year."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = clock.today().year
        self.fields["year"].choices = [(y, y) for y in range(this, this - 3, -1)]
        self.fields["deadline"].help_text = _("Left empty: %(rule)s (%(citation)s).") % {
            "rule": rules.REPORT_DUE.current(),
            "citation": rules.REPORT_DUE.citation,
        }


class ReportForm(BootstrapMixin, forms.Form):
    summary = _area(_("summary"), required=_("Please give a summary of the report."), limit=500, rows=2)
    file = forms.FileField(
        label=_("document"),
        required=False,
        help_text=_("Optional: the report as a Word (.docx) or PDF document, instead of or besides the sections."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SECTIONS:
            self.fields[name] = _area(label, limit=SECTION_MAX, rows=4)

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name, _label in SECTIONS}


class CommentForm(BootstrapMixin, forms.Form):
    comment = _area(_("comments"), required=_("Please say why the report is returned: the organization reads it."))


class InspectionForm(BootstrapMixin, forms.Form):
    topic = forms.CharField(label=_("topic"), max_length=200)
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    matter_code = forms.ChoiceField(label=_("matter of the authority list"))
    organizations = PickerMultipleField(
        PartyOrganization.objects.none(),
        label=_("organizations inspected"),
        source="orgs:pick",
        params={"pool": "view"},
        label_from_instance=organization_label,
        help_text=_("The organizations the committee leads and those under them; several may be chosen."),
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=_("inspectors"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    other_inspectors = forms.CharField(
        label=_("other inspectors"), max_length=200, required=False, help_text=_("Names, separated by commas.")
    )
    starts_on = forms.DateField(label=_("start date"), widget=DateInput())
    ends_on = forms.DateField(label=_("end date"), widget=DateInput())
    notes = _area(_("notes"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        this = clock.today().year
        self.fields["year"].choices = [(y, y) for y in (this, this - 1, this + 1)]
        self.fields["matter_code"].choices = [
            ("DIS-02", _("DIS-02 Supervision within the party in organs")),
            ("DIS-01", _("DIS-01 Democratic life meetings of leadership groups")),
            ("PRO-01", _("PRO-01 Central-group study")),
        ]
        self.fields["organizations"].queryset = organizations
        staff = User.objects.filter(
            is_active=True, role_assignments__role__in=[Role.COMMITTEE_STAFF, Role.COMMITTEE_LEADER]
        ).distinct()
        self.fields["inspectors"].queryset = staff
        self.fields["inspectors"].label_from_instance = lambda u: u.display_name or u.username


class FindingForm(BootstrapMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("organization"), queryset=None)
    text = _area(_("finding"), required=_("Please describe the finding."), limit=SECTION_MAX)
    file = forms.FileField(
        label=_("attachment"), required=False, help_text=_("Optional: PDF, JPG, PNG or Word (.docx).")
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: o.name


class ItemForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("rectification item"), max_length=500)
    responsible = forms.CharField(label=_("responsible person"), max_length=50, required=False)
    deadline = forms.DateField(label=_("deadline"), widget=DateInput())


class ReportItemForm(BootstrapMixin, forms.Form):
    note = _area(_("how it was rectified"), required=_("Please say how the item was rectified."))
    file = forms.FileField(
        label=_("attachment"), required=False, help_text=_("Optional: PDF, JPG, PNG or Word (.docx).")
    )


class ReopenForm(BootstrapMixin, forms.Form):
    reason = _area(_("reason"), required=_("Please say why the item is reopened."))
    deadline = forms.DateField(label=_("new deadline"), required=False, widget=DateInput())
