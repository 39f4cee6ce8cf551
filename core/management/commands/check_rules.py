from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Walk every record that a dated rule governs (each app's rules.breaches(): pairs of record and "
        "refusal) and print each one the rule in force on its date would refuse. Exits 1 when any is found."
    )

    def handle(self, *args, **options):
        found = 0
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "rules"):
                continue
            breaches = getattr(import_module(f"{config.name}.rules"), "breaches", None)
            if breaches is None:
                continue
            count = 0
            for label, message in breaches():
                count += 1
                self.stdout.write(f"{config.label}: {label}: {message}")
            self.stdout.write(f"{config.label}: {count} breach(es)")
            found += count
        if found:
            raise CommandError(f"{found} record(s) break the rules in force on their dates")
        self.stdout.write("no breaches")
