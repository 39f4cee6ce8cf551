from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from core import validators
from core.errors import DomainError


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a refused rule beside its field (or above the form when it names none)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def errors_text(form: forms.BaseForm) -> str:
    """Every error of a form posted from another page (which shows it as a message)."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    """The base of every form in the project (a test checks that each one has it): Bootstrap
    classes on every widget, so templates render fields with one include; and the input rules
    of `core.validators` on every field, so no form has to remember them:

    - every text field refuses control characters (a textarea may hold lines), and has a
      length limit: the model's, the field's, the form's `max_lengths`, or else
      `LINE_MAX_LENGTH` (one line) / `TEXT_MAX_LENGTH` (a textarea);
    - every date field refuses dates outside its window: `PARTY_ERA`, unless the form names
      another in `date_windows` (e.g. a unit's establishment, in `MODERN_ERA`).
    """

    date_windows: dict[str, validators.DateWindow] = {}
    max_lengths: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.CharField):
                _guard_text(field, self.max_lengths.get(name))
            elif isinstance(field, forms.DateField):
                _guard_date(field, self.date_windows.get(name, validators.PARTY_ERA))

    def add_error(self, field, error):
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


def _guard_text(field: forms.CharField, max_length: int | None) -> None:
    lines = isinstance(field.widget, forms.Textarea)
    if field.max_length is None:
        field.max_length = max_length or (validators.TEXT_MAX_LENGTH if lines else validators.LINE_MAX_LENGTH)
        field.widget.attrs.setdefault("maxlength", str(field.max_length))
    # A limit set after the field was made (the login form's user name) has no validator yet.
    if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
        field.validators.append(MaxLengthValidator(field.max_length))
    field.validators.append(validators.PlainTextValidator(lines=lines))


def _guard_date(field: forms.DateField, window: validators.DateWindow) -> None:
    field.validators.append(window)
    shown = "%Y-%m" if getattr(field.widget, "input_type", "") == "month" else "%Y-%m-%d"
    field.widget.attrs.setdefault("min", window.earliest.strftime(shown))
    field.widget.attrs.setdefault("max", window.latest.strftime(shown))


class RulesDateForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("in force on"), widget=DateInput(), required=False)
