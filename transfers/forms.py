from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.forms import BootstrapMixin, DateInput
from core.rules import LETTER_VALIDITY_MONTHS
from members.models import Education
from orgs.models import MEMBER_HOLDING_KINDS
from orgs.queries import find_organization


class DestinationMixin:
    """`destination`: a branch named by its name, part of it, or its code."""

    def clean_destination(self):
        try:
            return find_organization(self.cleaned_data["destination"], field="destination", kinds=MEMBER_HOLDING_KINDS)
        except DomainError as e:
            raise forms.ValidationError(e.message) from None


class TransferForm(DestinationMixin, BootstrapMixin, forms.Form):
    destination = forms.CharField(
        label=_("receiving branch"), help_text=_("Name, part of the name, or code of the branch.")
    )
    day = forms.DateField(label=_("date issued"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)


class BatchTransferForm(TransferForm):
    members = forms.MultipleChoiceField(label=_("members"), widget=forms.CheckboxSelectMultiple, choices=[])

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.pk, m.name) for m in members]
        self.fields["members"].widget.attrs["class"] = "form-check-input"


class LetterForm(BootstrapMixin, forms.Form):
    outside_organization = forms.CharField(
        label=_("receiving organization"), max_length=200, help_text=_("As written at the head of the letter.")
    )
    day = forms.DateField(label=_("date issued"), widget=DateInput(), initial=timezone.localdate)
    validity_months = forms.IntegerField(
        label=_("valid for (months)"), min_value=1, max_value=6, initial=LETTER_VALIDITY_MONTHS.current
    )
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)


class DayForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput(), initial=timezone.localdate)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for returning"), max_length=200)


class IncomingForm(DestinationMixin, BootstrapMixin, forms.Form):
    letter_number = forms.CharField(label=_("letter number"), max_length=50)
    outside_organization = forms.CharField(label=_("issuing organization"), max_length=200)
    destination = forms.CharField(
        label=_("receiving branch"), help_text=_("Name, part of the name, or code of the branch.")
    )
    day = forms.DateField(label=_("date received"), widget=DateInput(), initial=timezone.localdate)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        help_text=_("A member who once transferred out is put back on the roll from their old record."),
    )
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    education = forms.ChoiceField(label=_("education"), choices=[("", "—"), *Education.choices], required=False)
    join_date = forms.DateField(label=_("date joined the party"), widget=DateInput(), required=False)
    full_member_date = forms.DateField(label=_("date of full membership"), widget=DateInput(), required=False)
