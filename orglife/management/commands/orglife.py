import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core import clock
from leadership.queries import study_summary
from orglife import compliance
from orgs.models import PartyOrganization


def study_groups(year: int, organization: PartyOrganization | None) -> list[dict]:
    """Central-group study (中心组学习) per unit for the year: sessions, days, attendance; with
    `--organization`, the unit of that organization only."""
    if organization is None:
        return study_summary(year)
    return study_summary(year, [organization.unit_id]) if organization.unit_id else []


class Command(BaseCommand):
    help = (
        "Organizational life of a year: per organization holding members, the periods each kind was held and "
        "expected (组织生活), days since its last meeting, the silent organizations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--organization", type=int, help="id of an organization: its subtree only")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, year=None, organization=None, as_json=False, **options):
        year = year or clock.today().year
        if not 1921 <= year <= 2100:
            raise CommandError(f"--year must be from 1921 to 2100, not {year}")
        orgs = PartyOrganization.objects.all()
        org = None
        if organization is not None:
            org = PartyOrganization.objects.filter(pk=organization).first()
            if org is None:
                raise CommandError(f"no organization with id {organization}")
            orgs = orgs.filter(path__startswith=org.path)
        report = compliance.build(orgs, year)
        result = {**report.as_json(), "study_groups": study_groups(year, org)}
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        header = [_("Organization"), *[compliance.kind_label(k) for k in compliance.REPORTED_KINDS], _("Silent days")]
        self.stdout.write(" | ".join(header))
        for row in report.rows:
            cells = [f"{row.held[k]}/{row.expected[k]}" for k in compliance.REPORTED_KINDS]
            silent = "—" if row.silent_days is None else str(row.silent_days)
            self.stdout.write(" | ".join([row.name, *cells, silent + (" *" if row.silent else "")]))
        self.stdout.write(
            _("%(year)s up to %(cut)s: %(n)s organizations, %(behind)s behind, %(silent)s silent (held/expected)")
            % {
                "year": year,
                "cut": report.cut.isoformat(),
                "n": len(report.rows),
                "behind": len(report.behind),
                "silent": len(report.silent),
            }
        )
