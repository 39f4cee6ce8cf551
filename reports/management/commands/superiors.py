import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from reports import superiors


class Command(BaseCommand):
    help = "Who leads the organ party organizations of the district's departments on a date (多头管理)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, as_of=None, as_json=False, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError:
            raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}") from None
        report = superiors.build(day)
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{day}: {len(report.rows)} superiors lead the organ party organizations of "
            f"{report.departments} departments"
        )
        for row in report.rows:
            self.stdout.write(
                f"  {row.superior.name}: {len(row.organizations)} organizations, "
                f"{len(row.departments)} departments, {row.members} members"
            )
