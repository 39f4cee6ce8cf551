"""The type-ahead picker: one widget for every form that chooses an organization or a member.

A `<select>` lists every choice in the page (7,911 members at committee level); the picker sends
what is typed to a search endpoint of the app that owns the rows, which answers an HTML fragment
of at most a screenful of options (static/js/picker.js). The chosen id travels in a hidden input;
the visible input keeps the typed text, so a form without JavaScript can still be sent with a
name or code, which the field resolves (`PickerField.resolve`)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import validators

# How many options a search answers with: a screenful, well below the 100 options a form may
# render (tests/test_pickers.py).
PICKER_LIMIT = 12


class Typed(str):
    """The visible text of a picker sent without a chosen id (no JavaScript, or Enter pressed
    before choosing): the field may resolve it to one row."""


class Chosen(str):
    """A chosen id, with the text that was in the search box (`typed`): the text is still
    held to the input rules, as every text a form receives."""

    typed = ""


class ChosenList(list):
    typed = ""


def check_typed(text: str) -> None:
    """The input rules of a one-line text field (core.forms.BootstrapMixin), for the search box."""
    if text:
        MaxLengthValidator(validators.LINE_MAX_LENGTH)(text)
        validators.PlainTextValidator()(text)


class PickerWidget(forms.Widget):
    """A hidden input holding the chosen id and a search input; `source` is the URL name of the
    search endpoint, `params` what it needs to know which rows it may offer (the same rows the
    field's queryset holds: the field validates against its queryset, never against the list)."""

    def __init__(self, source: str, params: dict | None = None, placeholder: str = "", attrs=None):
        super().__init__(attrs)
        self.source = source
        self.params = dict(params or {})
        self.placeholder = placeholder

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    def id_for_label(self, id_):
        return f"{id_}_search" if id_ else id_

    def value_from_datadict(self, data, files, name):
        chosen = (data.get(name) or "").strip()
        typed = (data.get(f"{name}_search") or "").strip()
        if chosen.isascii() and chosen.isdigit():
            value = Chosen(chosen)
            value.typed = typed
            return value
        if chosen:  # a name or code sent in the field itself (a form posted by a script)
            return Typed(chosen)
        return Typed(typed) if typed else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def chosen(self, value):
        """(id, label) of the value to show: a row of the field's queryset, or typed text."""
        if value in (None, ""):
            return "", ""
        if isinstance(value, Typed):
            return "", str(value)
        obj = value if hasattr(value, "pk") else None
        field = getattr(self.choices, "field", None)
        if obj is None and field is not None:
            try:
                obj = field.queryset.filter(pk=str(value)).first()
            except (ValueError, TypeError, ValidationError):
                obj = None
        if obj is None:
            return "", ""
        return str(obj.pk), field.label_from_instance(obj) if field is not None else str(obj)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        css = attrs.pop("class", "form-control").replace("form-select", "form-control")
        chosen_id, label = self.chosen(value)
        list_id = f"{base_id}_list"
        source = reverse(self.source)
        if self.params:
            source += "?" + urlencode(self.params)
        return format_html(
            '<div class="picker" data-picker data-source="{source}">'
            '<input type="hidden" name="{name}" id="{id}" value="{chosen}" data-picker-value>'
            '<input type="text" name="{name}_search" id="{id}_search" class="{css} picker-search" value="{label}"'
            ' placeholder="{placeholder}" autocomplete="off" spellcheck="false" enterkeyhint="search"'
            ' role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="{list_id}"'
            "{required}{disabled}>"
            '<div class="picker-list list-group shadow-sm" id="{list_id}" role="listbox" hidden></div>'
            "</div>",
            source=source,
            name=name,
            id=base_id,
            chosen=chosen_id,
            css=css,
            label=label,
            placeholder=self.placeholder or _("Type a name, pinyin initials or a code"),
            list_id=list_id,
            required=mark_safe(' aria-required="true"') if self.is_required else "",
            disabled=mark_safe(" disabled") if attrs.get("disabled") else "",
        )


class PickerField(forms.ModelChoiceField):
    """A ModelChoiceField shown as a picker. Validation is the field's queryset (what the user
    may choose, the same rows the endpoint offers); typed text without a chosen id goes to
    `resolve(queryset, text)`, which returns the one row it names or raises ValidationError."""

    default_error_messages = {
        "invalid_choice": _("Choose one of the suggestions shown as you type."),
    }

    def __init__(
        self,
        queryset,
        *,
        source: str,
        params: dict | None = None,
        resolve: Callable | None = None,
        label_from_instance: Callable | None = None,
        placeholder: str = "",
        **kwargs,
    ):
        kwargs.setdefault("widget", PickerWidget(source, params, placeholder=placeholder))
        super().__init__(queryset, **kwargs)
        self.resolve = resolve
        if label_from_instance is not None:
            self.label_from_instance = label_from_instance  # type: ignore[method-assign]

    def to_python(self, value):
        check_typed(value if isinstance(value, Typed) else getattr(value, "typed", ""))
        if isinstance(value, Typed):
            if self.resolve is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return self.resolve(self.queryset, str(value))
        return super().to_python(value)

    def set_params(self, **params) -> None:
        """What the endpoint must know to offer this form's rows (e.g. the organization whose
        members may hold a post)."""
        self.widget.params.update(params)


class PickerMultipleWidget(PickerWidget):
    """Several rows: each chosen one is a chip holding a hidden input under the field's name;
    the search input adds to them (a sponsor's two names, say)."""

    def value_from_datadict(self, data, files, name):
        value = ChosenList(data.getlist(name) if hasattr(data, "getlist") else data.get(name) or [])
        value.typed = (data.get(f"{name}_search") or "").strip()
        return value

    def value_omitted_from_data(self, data, files, name):
        return False  # no chip sent means none chosen

    def chosen_rows(self, value) -> list[tuple[str, str]]:
        field = getattr(self.choices, "field", None)
        ids = [str(v.pk if hasattr(v, "pk") else v) for v in (value or [])]
        ids = [i for i in ids if i.isascii() and i.isdigit()]
        if field is None or not ids:
            return []
        return [(str(obj.pk), field.label_from_instance(obj)) for obj in field.queryset.filter(pk__in=ids)]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        css = attrs.pop("class", "form-control").replace("form-check-input", "form-control")
        source = reverse(self.source)
        if self.params:
            source += "?" + urlencode(self.params)
        chips = format_html_join(
            "",
            '<span class="picker-chip badge text-bg-light border">{}'
            '<input type="hidden" name="{}" value="{}">'
            '<button type="button" class="btn-close picker-remove" aria-label="{}"></button></span>',
            ((label, name, pk, _("Remove %(name)s") % {"name": label}) for pk, label in self.chosen_rows(value)),
        )
        return format_html(
            '<div class="picker picker-multiple" data-picker data-multiple data-name="{name}" data-source="{source}"'
            ' data-remove-label="{remove}">'
            '<div class="picker-chosen">{chips}</div>'
            '<input type="text" name="{name}_search" id="{id}_search" class="{css} picker-search"'
            ' placeholder="{placeholder}" autocomplete="off" spellcheck="false" enterkeyhint="search"'
            ' role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="{id}_list">'
            '<div class="picker-list list-group shadow-sm" id="{id}_list" role="listbox" hidden></div>'
            "</div>",
            name=name,
            source=source,
            remove=_("Remove"),
            chips=chips,
            id=base_id,
            css=css,
            placeholder=self.placeholder or _("Type a name, pinyin initials or a code"),
        )


class PickerMultipleField(forms.ModelMultipleChoiceField):
    """Several rows of the queryset, chosen with the picker; validated against the queryset."""

    def __init__(self, queryset, *, source: str, params: dict | None = None, label_from_instance=None, **kwargs):
        kwargs.setdefault("widget", PickerMultipleWidget(source, params, placeholder=kwargs.pop("placeholder", "")))
        super().__init__(queryset, **kwargs)
        if label_from_instance is not None:
            self.label_from_instance = label_from_instance  # type: ignore[method-assign]

    def clean(self, value):
        check_typed(getattr(value, "typed", ""))
        return super().clean(value)
