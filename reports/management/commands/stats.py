import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from orgs.models import WorkingCommittee
from reports import stats


class Command(BaseCommand):
    help = "Print the committee's statistics report (the seed's first paragraph) as of a date."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the figures as JSON")

    def handle(self, *args, as_of=None, as_json=False, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError:
            raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}") from None
        committee = WorkingCommittee.objects.select_related("organization").first()
        if committee is None:
            raise CommandError("No working committee in the database: run `manage.py seed_demo` first.")
        report = stats.build(committee, day)
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(stats.paragraph(report))
