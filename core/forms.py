from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a refused rule beside its field (or above the form when it names none)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class RulesDateForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("in force on"), widget=DateInput(), required=False)

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day and not 1921 <= day.year <= 2100:
            raise forms.ValidationError(_("Enter a date between 1921 and 2100."))
        return day
