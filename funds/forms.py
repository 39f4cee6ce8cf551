"""The funds forms. Amounts are typed in yuan and parsed strictly to the fen by
`dues.money.parse_yuan` (never a float); the rules of what may be recorded are the services'."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core import clock
from core.errors import DomainError
from core.forms import BootstrapMixin, DateInput
from dues.money import parse_yuan
from funds.models import CATEGORIES, SOURCES, FundKind, Source
from funds.services import YEARS_AHEAD, YEARS_BACK

# What a person types for an amount: digits, at most two decimals, thousands separators and a
# trailing 元 allowed (parse_yuan alone also takes "1.5e3", "1_000" and full-width digits).
_TYPED_YUAN = re.compile(r"[0-9][0-9,，]*(\.[0-9]*)?\s*元?")


def _yuan(value: str, field: str):
    if not _TYPED_YUAN.fullmatch(value.strip()):
        raise forms.ValidationError(_("Please enter an amount in yuan, e.g. 3000 or 3000.50."))
    try:
        return parse_yuan(value, field=field)
    except DomainError as e:
        raise forms.ValidationError(e.message) from None


class AmountField(forms.CharField):
    """An amount in yuan: shown as typed, cleaned to a Decimal to the fen."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        text = super().clean(value)
        return _yuan(text, "amount") if text else None


class BudgetForm(BootstrapMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    kind = forms.ChoiceField(label=_("fund kind"), choices=FundKind.choices)
    source = forms.ChoiceField(
        label=_("funding source"),
        choices=Source.choices,
        help_text=_("Per member: party-building funds only; union funds come from the union above or the unit."),
    )
    amount = AmountField(
        label=_("budget (yuan)"), required=False, help_text=_("Left empty for a per-member allocation: it is reckoned.")
    )
    counted_on = forms.DateField(
        label=_("roll counted on"),
        required=False,
        widget=DateInput(),
        help_text=_("For a per-member allocation: the members on the roll that day are counted."),
    )
    notes = forms.CharField(label=_("notes"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this = clock.today().year
        self.fields["year"].choices = [(y, y) for y in range(this - YEARS_BACK, this + YEARS_AHEAD + 1)]

    def clean(self):
        data = super().clean()
        kind, source = data.get("kind"), data.get("source")
        if kind and source and source not in SOURCES[kind]:
            self.add_error("source", _("This source does not fund this kind of funds."))
        if source == Source.PER_MEMBER and not data.get("counted_on"):
            self.add_error("counted_on", _("Please give the day the roll is counted on."))
        if source and source != Source.PER_MEMBER and data.get("amount") is None and "amount" not in self.errors:
            self.add_error("amount", _("Please enter the budget in yuan."))
        return data


class SpendingForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    category = forms.ChoiceField(label=_("spending category"))
    amount = AmountField(label=_("amount (yuan)"))
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    file = forms.FileField(
        label=_("attachment"),
        required=False,
        help_text=_("Optional: an invoice or a list, as PDF, JPG, PNG or Word (.docx)."),
    )
    remove_file = forms.BooleanField(label=_("Remove the attachment"), required=False)

    def __init__(self, *args, kind: str, has_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------"), *CATEGORIES[kind].choices]
        if not has_file:
            del self.fields["remove_file"]
