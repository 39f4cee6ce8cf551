import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from discipline.report import year_summary
from orgs.models import PartyOrganization


class Command(BaseCommand):
    help = (
        "Discipline work of a year (纪检): talks by kind, clues received and how they were disposed of, cases "
        "opened, closed and overdue, sanctions by kind, and every 党籍 event by kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--organization", type=int, help="id of an organization: its subtree only")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, year=None, organization=None, as_json=False, **options):
        year = year or clock.today().year
        if not 1921 <= year <= 2100:
            raise CommandError(f"--year must be from 1921 to 2100, not {year}")
        org = None
        if organization is not None:
            org = PartyOrganization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"no organization with id {organization}")
        summary = year_summary(year, org)
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for part in ("talks", "clues", "cases", "sanctions", "events"):
            self.stdout.write(f"{part}: {json.dumps(summary[part], ensure_ascii=False)}")
