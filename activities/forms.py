from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerField
from orgs.models import PartyOrganization
from orgs.queries import organization_label


class ActivityForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["organizer", "kind", "title", "date", "place", "description"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


class ParticipationForm(BootstrapMixin, forms.Form):
    organization = PickerField(
        PartyOrganization.objects.none(),
        label=_("organization"),
        source="orgs:pick",
        params={"pool": "view"},
        label_from_instance=organization_label,
    )
    people = forms.IntegerField(
        label=_("people"), min_value=0, max_value=100_000, help_text=_("0 takes the organization off the list.")
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # the picker's pool "view" (orgs.queries.organization_pool) is these rows
        self.fields["organization"].queryset = organizations
