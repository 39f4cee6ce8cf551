import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from orgs.models import PartyOrganization, WorkingCommittee
from reports import annual


class Command(BaseCommand):
    help = (
        "Print the annual statistics report (党内统计年报) of the committee, or of one organization with "
        "those under it, as of December 31 of a year, with last year's figures and the flags."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="the year (its December 31)")
        parser.add_argument("--organization", type=int, help="an organization's id (default: the whole committee)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")

    def handle(self, *args, year, organization=None, as_json=False, **options):
        if not 1921 <= year <= clock.today().year:
            raise CommandError(f"--year must be between 1921 and {clock.today().year}, not {year}")
        committees = list(WorkingCommittee.objects.select_related("organization"))
        if not committees:
            raise CommandError("No working committee in the database: run `manage.py seed_demo` first.")
        root = None
        if organization is not None:
            root = PartyOrganization.objects.filter(pk=organization).first()
            if root is None:
                raise CommandError(f"No organization with id {organization}.")
        committee = next((c for c in committees if root is None or root.path.startswith(c.organization.path)), None)
        if committee is None:
            raise CommandError(f"Organization {organization} is under no working committee.")
        report = annual.build(year, annual.Scope.of(committee, root))
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
            return
        figures = report.figures
        self.stdout.write(f"{report.scope.name} {year}: {figures['members.total']} members")
        self.stdout.write(
            f"  start {figures['changes.start']} + increases {figures['changes.increase.total']}"
            f" - decreases {figures['changes.decrease.total']} = end {figures['changes.end']}"
            f" ({'reconciles' if report.reconciles else 'DOES NOT RECONCILE'})"
        )
        for flag in report.flags:
            self.stdout.write(f"  flag {flag.key}: {flag.last} -> {flag.value}")
