import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from exchange import reader, templates
from exchange.kinds import KINDS


class Command(BaseCommand):
    help = "Import a spreadsheet (all rows or none), check it with --dry-run, or write the template."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", nargs="?", help=".xlsx or .csv (UTF-8 or GB18030)")
        parser.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")
        parser.add_argument("--template", metavar="OUT", help="write the import template to OUT.xlsx")

    def handle(self, *args, kind, file=None, dry_run=False, template=None, **options):
        if template:
            Path(template).write_bytes(templates.template(kind))
            self.stdout.write(f"template written to {template}")
            return
        if not file:
            raise CommandError("give the file to import, or --template OUT.xlsx")
        data = Path(file).read_bytes()
        spec = KINDS[kind]
        try:
            plan = spec.validate(reader.read_table(data), scope_paths=None)
        except DomainError as e:
            raise CommandError(e.message) from None
        if plan.errors:
            for e in plan.errors:
                self.stderr.write(
                    _("Row %(row)s, %(column)s: %(reason)s (%(value)s)")
                    % {"row": e.row, "column": e.column, "reason": e.reason, "value": e.value}
                )
            raise CommandError(f"{len(plan.errors)} errors; nothing was imported")
        if plan.rows == 0:
            raise CommandError("no rows to import")
        summary = f"{len(plan.new)} new, {len(plan.updates)} updated, {plan.unchanged} unchanged"
        if dry_run:
            self.stdout.write(f"dry run: {summary}; nothing written")
            return
        counts = spec.apply(plan, file_hash=hashlib.sha256(data).hexdigest(), acting_user=None)
        self.stdout.write(
            f"imported: {counts['created']} new, {counts['updated']} updated, {counts['unchanged']} unchanged"
        )
