import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from core import clock
from dues.queries import figures
from dues.services import do_compute_month
from orgs.models import PartyOrganization


class Command(BaseCommand):
    help = (
        "Party dues (党费) of a year or a month: members, due, paid and those behind; --compute first writes "
        "the month's dues for everyone on the roll (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--month", type=int, choices=range(1, 13), metavar="M")
        parser.add_argument("--organization", type=int, help="id of an organization: its subtree only")
        parser.add_argument("--compute", action="store_true", help="write the month's dues first (needs --month)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, year, month=None, organization=None, compute=False, as_json=False, **options):
        if not 2008 <= year <= clock.today().year:
            raise CommandError(f"--year must lie between 2008 and {clock.today().year}")
        within = None
        if organization is not None:
            org = PartyOrganization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"no organization with id {organization}")
            within = PartyOrganization.objects.filter(path__startswith=org.path)
        if compute:
            if month is None:
                raise CommandError("--compute needs --month")
            counts = do_compute_month(dt.date(year, month, 1), organizations=within)
            if not as_json:
                self.stdout.write(f"computed: {counts}")
        result = figures(year, month, within)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")
