"""The campaigns forms. What may be recorded is the services' rule; the forms bound the text
and offer only what the user may choose."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignKind, Comparison, PartnerKind
from core import clock
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerField
from orgs.models import OrgKind, PartyOrganization
from orgs.queries import organization_pool
from reports import indicators

APPLICANT_KINDS = [
    (k, label)
    for k, label in OrgKind.choices
    if k not in (OrgKind.WORKING_COMMITTEE, OrgKind.DISCIPLINE_COMMITTEE, OrgKind.TEMPORARY_BRANCH)
]


def _years() -> list[tuple[int, int]]:
    this = clock.today().year
    return [(y, y) for y in range(this - 10, this + 3)]


class CampaignForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    kind = forms.ChoiceField(label=_("campaign kind"), choices=CampaignKind.choices)
    matter_code = forms.CharField(
        label=_("matter in the authority list"),
        max_length=20,
        required=False,
        help_text=_("The code of the matter whose lead body runs the campaign, e.g. PRO-03."),
    )
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    first_year = forms.TypedChoiceField(label=_("first year"), coerce=int)
    last_year = forms.TypedChoiceField(label=_("last year"), coerce=int, required=False, empty_value=None)
    applicant_kinds = forms.MultipleChoiceField(
        label=_("who may apply"),
        choices=APPLICANT_KINDS,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
        help_text=_("None chosen: organizations of every kind."),
    )
    for_unit = forms.BooleanField(label=_("the naming is the unit's"), required=False)
    validity_years = forms.IntegerField(
        label=_("validity of a naming (years)"),
        min_value=1,
        max_value=10,
        required=False,
        help_text=_("Empty: a naming holds until revoked."),
    )
    annual_review = forms.BooleanField(label=_("annual review"), required=False)
    members_record = forms.BooleanField(label=_("members record their activities"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_year"].choices = _years()
        self.fields["last_year"].choices = [("", _("Ongoing")), *_years()]


class CriterionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("criterion"), max_length=200)
    indicator = forms.ChoiceField(
        label=_("computed from"),
        required=False,
        help_text=_("Empty: the committee assesses the criterion."),
    )
    comparison = forms.ChoiceField(
        label=_("comparison"), choices=[("", "---------"), *Comparison.choices], required=False
    )
    threshold = forms.DecimalField(
        label=_("threshold"), required=False, min_value=0, max_value=100000, max_digits=8, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", _("Assessed by the committee")), *indicators.choices()]


class ApplicationForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none())
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    statement = forms.CharField(label=_("statement"), widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Optional: PDF, JPG, PNG or Word (.docx). What the system records is not asked for again."),
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        this = clock.today().year
        self.fields["year"].choices = [(this, this), (this + 1, this + 1)]


class AssessForm(BootstrapMixin, forms.Form):
    """One pair of fields per assessed criterion: met (a checkbox) and a comment. Made for the
    application's criteria by `assess_form`, so the mixin guards every field."""

    criteria: list = []

    def findings(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {c.pk: (data.get(f"met_{c.pk}", False), data.get(f"comment_{c.pk}", "")) for c in self.criteria}


def assess_form(criteria) -> type[AssessForm]:
    fields: dict[str, object] = {"criteria": list(criteria)}
    for c in criteria:
        fields[f"met_{c.pk}"] = forms.BooleanField(label=_("met"), required=False)
        fields[f"comment_{c.pk}"] = forms.CharField(label=_("comment"), max_length=200, required=False)
    return type("AssessForm", (AssessForm,), fields)


class NameForm(BootstrapMixin, forms.Form):
    named_on = forms.DateField(label=_("named on"), widget=DateInput())
    document_number = forms.CharField(label=_("document number"), max_length=50)


class RefuseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)


class ReviewForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    reviewed_on = forms.DateField(label=_("reviewed on"), widget=DateInput())
    passed = forms.TypedChoiceField(
        label=_("result"),
        choices=[("1", _("Passed")), ("0", _("Failed: revoke the naming"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(label=_("comment"), max_length=200, required=False)


class RevokeForm(BootstrapMixin, forms.Form):
    revoked_on = forms.DateField(label=_("revoked on"), widget=DateInput())
    reason = forms.CharField(label=_("reason for revoking"), max_length=200)


class PairingForm(BootstrapMixin, forms.Form):
    partner_kind = forms.ChoiceField(label=_("partner"), choices=PartnerKind.choices)
    partner = PickerField(
        PartyOrganization.objects.none(),
        label=_("partner organization"),
        source="orgs:pick",
        params={"pool": "district"},
        required=False,
        label_from_instance=lambda o: f"{o.name}（{o.code}）",
    )
    partner_name = forms.CharField(
        label=_("community or village"), max_length=100, required=False, help_text=_("e.g. 龙驹镇梨树村")
    )
    started_on = forms.DateField(label=_("from"), widget=DateInput())
    ended_on = forms.DateField(label=_("until"), widget=DateInput(), required=False)
    purpose = forms.CharField(label=_("purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = organization_pool(user, "district")


class JointActivityForm(BootstrapMixin, forms.Form):
    side = forms.ModelChoiceField(label=_("recorded by"), queryset=PartyOrganization.objects.none(), empty_label=None)
    date = forms.DateField(label=_("date"), widget=DateInput())
    title = forms.CharField(label=_("title"), max_length=100)
    description = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.IntegerField(label=_("participants"), min_value=1, max_value=100000)

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = PartyOrganization.objects.filter(pk__in=[s.pk for s in sides])


class MemberActivityForm(BootstrapMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("campaign"), queryset=Campaign.objects.none(), empty_label=None)
    date = forms.DateField(label=_("date"), widget=DateInput())
    description = forms.CharField(label=_("what was done"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    for_whom = forms.CharField(label=_("for whom"), max_length=100, help_text=_("e.g. 梨树村困难群众李大爷"))
    file = forms.FileField(label=_("photo"), required=False, help_text=_("Optional: a JPG or PNG photo."))

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
