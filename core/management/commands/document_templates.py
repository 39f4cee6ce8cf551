from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from core import docx


def builders() -> dict[str, Callable[[], Any]]:
    """Every app's `document_templates.TEMPLATES` (name → a function building the document), by
    the template's path "<app>/<name>.docx" (found by app, so core imports no app by name)."""
    found = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "document_templates"):
            module = import_module(f"{config.name}.document_templates")
            for name, build in module.TEMPLATES.items():
                found[f"{config.label}/{name}.docx"] = build
    return found


class Command(BaseCommand):
    help = (
        "Build our Word templates (templates/documents/<app>/<name>.docx) from each app's "
        "document_templates.py; --check only reports those that differ from what is built (exit 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="write nothing; fail when a file is not as built")

    def handle(self, *args, check=False, **options):
        stale = []
        for name, build in builders().items():
            path, content = docx.TEMPLATES / name, docx.template_bytes(build())
            if check:
                if not path.is_file() or path.read_bytes() != content:
                    stale.append(name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            self.stdout.write(f"templates/documents/{name}")
        if stale:
            raise CommandError(f"not as built (run make document-templates): {', '.join(stale)}")
