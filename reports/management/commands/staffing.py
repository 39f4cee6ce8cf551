import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from orgs.models import PartyOrganization, WorkingCommittee
from reports import staffing


class Command(BaseCommand):
    help = "List the organ party committees whose staffing falls short of the seed's rule (section 四.1)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, as_json=False, **options):
        committee = WorkingCommittee.objects.select_related("organization").first()
        if committee is None:
            raise CommandError("No working committee in the database: run `manage.py seed_demo` first.")
        below = PartyOrganization.objects.filter(path__startswith=committee.organization.path)
        report = staffing.check(below, clock.today())
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{report.total} organ party committees, {report.compliant} compliant ({staffing.SOURCE}):")
        for s in report.shortfalls:
            self.stdout.write(f"  {s.organization.name}: {'；'.join(s.missing)}")
