"""The commendation forms: what is typed and chosen; the rules of what may be recorded are the
services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commendations import rules
from commendations.models import Category, NomineeKind, Standard
from core import clock
from core.forms import BootstrapMixin, DateInput, _guard_text
from orgs.forms import member_picker
from orgs.models import PartyOrganization

BASIS_MAX_LENGTH = 2000  # 主要事迹: a page, not a dossier


class RoundForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    level = forms.CharField(
        label=_("commending body"),
        max_length=50,
        required=False,
        help_text=_("Empty: the working committee. A round decided by the district committee records it here."),
    )
    opens_on = forms.DateField(label=_("nominations open on"), widget=DateInput())
    closes_on = forms.DateField(label=_("nominations close on"), widget=DateInput())
    standards = forms.MultipleChoiceField(
        label=_("standard categories"),
        choices=Standard.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    local_members = forms.CharField(
        label=_("local categories honouring members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name a line."),
    )
    local_organizations = forms.CharField(
        label=_("local categories honouring organizations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name a line."),
    )
    check_full_member = forms.BooleanField(label=rules.FULL_MEMBER.label, required=False, initial=True)
    check_discipline = forms.BooleanField(label=rules.NO_DISCIPLINE.label, required=False, initial=True)
    check_evaluation = forms.BooleanField(label=rules.NOT_UNQUALIFIED.label, required=False, initial=True)
    flag_term_overdue = forms.BooleanField(label=rules.TERM_ON_TIME.label, required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standards"].widget.attrs["class"] = "form-check-input"
        year = clock.today().year
        self.fields["year"].initial = year
        self.fields["standards"].initial = list(Standard.values)

    def local_categories(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            *((line, NomineeKind.MEMBER) for line in data["local_members"].splitlines()),
            *((line, NomineeKind.ORGANIZATION) for line in data["local_organizations"].splitlines()),
        ]


class CategoryForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    nominee_kind = forms.ChoiceField(label=_("nominees"), choices=NomineeKind.choices)


class NominationForm(BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("category"), queryset=Category.objects.none())
    member = forms.ModelChoiceField(label=_("member"), queryset=None, required=False)  # replaced by the picker
    nominee = forms.ModelChoiceField(
        label=_("organization nominated"),
        queryset=PartyOrganization.objects.none(),
        required=False,
        help_text=_("For a category honouring organizations."),
    )
    basis = forms.CharField(
        label=_("main deeds"),
        max_length=BASIS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("At most 2000 characters."),
    )
    file = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Optional: PDF, JPG, PNG or Word (.docx)."),
    )

    def __init__(self, *args, categories, members, organizations, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["category"].label_from_instance = lambda c: str(c.name)
        self.fields["member"] = member_picker(members, required=False, organization=organization.pk)
        self.fields["member"].help_text = _("For a category honouring members.")
        self.fields["nominee"].queryset = organizations
        self.fields["nominee"].label_from_instance = lambda o: o.name

    def clean(self):
        data = super().clean()
        category = data.get("category")
        if category is not None:
            if category.for_members and not data.get("member") and "member" not in self.errors:
                self.add_error("member", _("This category honours party members: choose a member."))
            if not category.for_members and not data.get("nominee") and "nominee" not in self.errors:
                self.add_error("nominee", _("This category honours party organizations: choose an organization."))
        return data


class SeatsField(forms.CharField):
    """A number of seats as typed (0 to 500; empty is 0), under the text inputs' guards."""

    def __init__(self, **kwargs):
        super().__init__(max_length=3, required=False, **kwargs)
        _guard_text(self, 3)
        self.widget.attrs.update({"class": "form-control form-control-sm text-end", "inputmode": "numeric"})

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(_("A quota is a whole number."))
        return int(text)


class QuotaForm(BootstrapMixin, forms.Form):
    """The quota table: seats per organization and category (`q-<org>-<category>`), and each
    category's total for the suggestion (`total-<category>`)."""

    def __init__(self, *args, organizations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = [(o.pk, c.pk) for o in organizations for c in categories]
        for o in organizations:
            for c in categories:
                self.fields[f"q-{o.pk}-{c.pk}"] = SeatsField(label=f"{o.name} {c.name}")
        for c in categories:
            self.fields[f"total-{c.pk}"] = SeatsField(label=str(c.name))

    def seats(self) -> dict[tuple[int, int], int]:
        return {(o, c): self.cleaned_data[f"q-{o}-{c}"] or 0 for o, c in self.keys}


class ReviewForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)


class NoticeForm(BootstrapMixin, forms.Form):
    starts = forms.DateField(label=_("public notice from"), widget=DateInput())


class ObjectionForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    text = forms.CharField(label=_("objection"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(BootstrapMixin, forms.Form):
    decided_on = forms.DateField(label=_("date of the decision"), widget=DateInput())
    document_number = forms.CharField(label=_("document number"), max_length=50)
