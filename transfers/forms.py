from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.forms import BootstrapMixin, DateInput
from core.widgets import PickerField
from members.codes import ETHNICITIES, HAN
from members.models import Degree, Education, Occupation
from orgs.queries import organization_label, organization_pool, resolve_organization
from transfers.rules import LETTER_VALIDITY_MONTHS


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A year and month (2026-03, 2026年3月, 2026/03), as the first day of that month. Whether the
    month makes sense for the letter is the service's rule (transfers.services._check_dues)."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y年%m月", "%Y/%m", "%Y.%m"]
    default_error_messages = {"invalid": _("Enter a year and month, e.g. 2026-03.")}

    def to_python(self, value):
        day = super().to_python(value.strip() if isinstance(value, str) else value)
        return day.replace(day=1) if day else day


def _destination_field():
    """A branch anywhere in the district (names and codes are public inside it), chosen with the
    organization picker; typed text is resolved as before (name, unique part of it, or code)."""
    return PickerField(
        organization_pool(None, "district", "holding"),
        source="orgs:pick",
        params={"pool": "district", "kinds": "holding"},
        resolve=resolve_organization,
        label_from_instance=organization_label,
        label=_("receiving branch"),
        help_text=_("Type part of the name, its pinyin initials or the code, then choose the branch."),
    )


class TransferForm(BootstrapMixin, forms.Form):
    destination = _destination_field()
    day = forms.DateField(label=_("date issued"), widget=DateInput(), initial=clock.today)
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)


class BatchTransferForm(TransferForm):
    members = forms.MultipleChoiceField(label=_("members"), widget=forms.CheckboxSelectMultiple, choices=[])

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = [(m.pk, m.name) for m in members]
        self.fields["members"].widget.attrs["class"] = "form-check-input"


def _dues_field():
    return MonthField(
        label=_("dues paid up to"),
        required=False,
        help_text=_("Year and month up to which the member has paid party dues, as printed on the letter."),
    )


class DuesFromRecordsMixin:
    """With the member's dues recorded (`recorded`: the month they are paid up to), the letter's
    month comes from the records: shown, not typed. Without, it is typed (the service requires it)."""

    def __init__(self, *args, recorded=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["dues_paid_until"]
        if recorded is not None:
            field.disabled = True
            self.initial["dues_paid_until"] = recorded
            field.help_text = _(
                "From the party dues records: the month before the first month not yet paid. Record the payments "
                "first to move it."
            )
        else:
            field.help_text = _(
                "No party dues are recorded for this member: enter the year and month up to which they have paid, "
                "as printed on the letter."
            )


def _validity_field():
    return forms.IntegerField(
        label=_("valid for (months)"), min_value=1, max_value=6, initial=LETTER_VALIDITY_MONTHS.current
    )


class LetterRequestForm(DuesFromRecordsMixin, BootstrapMixin, forms.Form):
    """The branch's request for a letter out of the district (申请/报送)."""

    outside_organization = forms.CharField(
        label=_("receiving organization"), max_length=200, help_text=_("As written at the head of the letter.")
    )
    day = forms.DateField(label=_("date submitted"), widget=DateInput(), initial=clock.today)
    dues_paid_until = _dues_field()
    reason = forms.CharField(label=_("reason"), required=False, max_length=200)


class LetterForm(LetterRequestForm):
    """The issuing committee issues a letter directly."""

    day = forms.DateField(label=_("date the letter is issued"), widget=DateInput(), initial=clock.today)
    validity_months = _validity_field()

    field_order = ["outside_organization", "day", "validity_months", "dues_paid_until", "reason"]


class IssueLetterForm(DuesFromRecordsMixin, BootstrapMixin, forms.Form):
    """The issuing committee issues the letter a branch asked for."""

    day = forms.DateField(label=_("date the letter is issued"), widget=DateInput(), initial=clock.today)
    validity_months = _validity_field()
    dues_paid_until = _dues_field()


class DayForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("date"), widget=DateInput(), initial=clock.today)


class ReturnForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("reason for returning"), max_length=200)


class IncomingForm(BootstrapMixin, forms.Form):
    letter_number = forms.CharField(label=_("letter number"), max_length=50)
    outside_organization = forms.CharField(label=_("issuing organization"), max_length=200)
    destination = _destination_field()
    day = forms.DateField(label=_("date received"), widget=DateInput(), initial=clock.today)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=18,
        help_text=_(
            "A member who once transferred out returns to the roll with their old record, once the organization they"
            " left confirms."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    ethnicity = forms.ChoiceField(label=_("ethnicity"), choices=[("", "—"), *ETHNICITIES], required=False, initial=HAN)
    education = forms.ChoiceField(label=_("education"), choices=[("", "—"), *Education.choices], required=False)
    degree = forms.ChoiceField(label=_("degree"), choices=[("", "—"), *Degree.choices], required=False)
    occupation = forms.ChoiceField(label=_("occupation"), choices=[("", "—"), *Occupation.choices], required=False)
    join_date = forms.DateField(label=_("date joined the party"), widget=DateInput(), required=False)
    full_member_date = forms.DateField(label=_("date of full membership"), widget=DateInput(), required=False)
