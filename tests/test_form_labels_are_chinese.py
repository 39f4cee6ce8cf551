"""Every label a form shows reads in Chinese: a field without a translated label (a foreign key
named `member`, shown as "Member") is English left in the Chinese UI."""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.utils import pretty_name
from django.utils import translation

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Names a clerk reads as they are.
ALLOWED = {"Excel", "Word", "TOTP", "ID", "SHA", "IP", "URL", "xlsx", "csv", "docx"}
# Our apps sit at the top of the project folder (a virtualenv inside it holds third-party apps).
PROJECT_APPS = [c for c in apps.get_app_configs() if Path(c.path).parent == Path(settings.BASE_DIR)]


def _project_forms():
    found = {}
    for config in PROJECT_APPS:
        for module_name in ("forms", "views"):
            try:
                module = importlib.import_module(f"{config.name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__.split(".")[0] == config.name:
                    found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return sorted(found.items())


def _english(text: str) -> list[str]:
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED]


@pytest.mark.parametrize(("name", "form_class"), _project_forms(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_form_label_reads_in_chinese(name, form_class):
    try:
        # Some forms set labels as they are made (the login form's user name): those need no
        # arguments; the others are read from their declared fields.
        fields = form_class().fields
    except TypeError:
        fields = form_class.base_fields
    with translation.override("zh-hans"):
        english = {
            field_name: str(field.label if field.label is not None else pretty_name(field_name))
            for field_name, field in fields.items()
            if not field.widget.is_hidden
            and _english(str(field.label if field.label is not None else pretty_name(field_name)))
        }
    assert not english, f"{name} shows English labels: {english}"
