import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from elections.models import Step
from elections.queries import oversight
from orgs.models import PartyOrganization


class Command(BaseCommand):
    help = (
        "Where every elected organization stands in its term (换届): in term, due within 6 or 3 months, "
        "overdue, and the elections in progress."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organization", type=int, help="id of an organization: its subtree only")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, organization=None, as_json=False, **options):
        within = None
        if organization is not None:
            org = PartyOrganization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"no organization with id {organization}")
            within = PartyOrganization.objects.filter(path__startswith=org.path)
        figures = oversight(clock.today(), within)
        if as_json:
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        for key, value in figures.items():
            if key not in ("as_of", "in_progress"):
                self.stdout.write(f"{key}: {value}")
        self.stdout.write(f"in progress: {len(figures['in_progress'])}")
        for row in figures["in_progress"]:  # the longest at its step first
            self.stdout.write(f"  {row['since']}  {Step(row['step']).label}  {row['organization']}")
