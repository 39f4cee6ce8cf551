import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import clock
from development import services
from orgs.models import PartyOrganization


class Command(BaseCommand):
    help = "People in member development per stage, and how many are overdue (发展党员)."

    def add_arguments(self, parser):
        parser.add_argument("--organization", type=int, help="id of an organization: its subtree only")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, organization=None, as_json=False, **options):
        org = None
        if organization is not None:
            org = PartyOrganization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"no organization with id {organization}")
        today = clock.today()
        candidates = services.in_subtree(org)
        result = {
            "as_of": today.isoformat(),
            "stages": services.stage_counts(candidates),
            "overdue": len(services.overdue(candidates, today)),
        }
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        s = result["stages"]
        self.stdout.write(
            _(
                "%(today)s: %(applicant)s applicants, %(activist)s activists, %(development_object)s development "
                "objects, %(probationary)s probationary members; %(overdue)s steps overdue"
            )
            % {"today": today, **s, "overdue": result["overdue"]}
        )
