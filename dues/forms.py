"""The dues forms. Amounts are typed as text and read by `dues.money.parse_yuan` (exact
Decimal to the fen, a Chinese message for anything else): never a float."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.errors import DomainError
from core.forms import BootstrapMixin, DateInput
from dues.models import PayerKind, PaymentWay, ReliefKind
from dues.money import parse_yuan


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A year and month (2026-03, 2026年3月, 2026/03) as the first day of that month."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y年%m月", "%Y/%m", "%Y.%m"]
    default_error_messages = {"invalid": _("Enter a year and month, e.g. 2026-03.")}

    def to_python(self, value):
        day = super().to_python(value.strip() if isinstance(value, str) else value)
        return day.replace(day=1) if day else day


class AmountField(forms.CharField):
    """An amount in yuan, typed as text: `parse_yuan`'s Decimal, or its message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        text = super().clean(value)  # the text's own rules first: required, length, no controls
        if text in self.empty_values:
            return None
        try:
            return parse_yuan(text)
        except DomainError as e:
            raise forms.ValidationError(e.message) from None


class PaymentBatchForm(BootstrapMixin, forms.Form):
    """What is typed once for the batch: the day and the way of payment."""

    day = forms.DateField(label=_("paid on"), widget=DateInput())
    way = forms.ChoiceField(label=_("paid by"), choices=PaymentWay.choices)


class BaseForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("reckoned by"), choices=PayerKind.choices)
    amount = AmountField(
        label=_("monthly base (yuan)"),
        required=False,
        help_text=_(
            "After tax, regular monthly pay less the member's own social insurance and housing fund; "
            "for a farmer, the monthly dues chosen. Not needed for students, the unemployed and those on relief."
        ),
    )
    month = MonthField(label=_("from month"), help_text=_("A new wage counts from the month it is paid."))

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("kind") != PayerKind.FLAT and data.get("amount") is None:
            if "amount" not in self.errors:
                self.add_error("amount", _("Please enter the monthly base."))
        elif data.get("kind") == PayerKind.FLAT and data.get("amount") is None:
            data["amount"] = Decimal("0.00")
        return data


class ReliefForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("dues relief", "kind"), choices=ReliefKind.choices)
    amount = AmountField(
        label=_("monthly dues (yuan)"),
        required=False,
        help_text=_("For a reduction only: what the member pays a month."),
    )
    first = MonthField(label=_("from month"))
    last = MonthField(label=_("to month"))
    basis = forms.CharField(
        label=_("basis"), max_length=200, help_text=_("The branch's decision and the hardship it found.")
    )
    approved_on = forms.DateField(label=_("approved on"), widget=DateInput())
