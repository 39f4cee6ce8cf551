import json

from django.core.management.base import BaseCommand, CommandError

from assessment import queries
from assessment.models import ItemKind
from supervision.queries import rectification_totals, report_counts


def summary(year: int) -> dict:
    """The figures of `manage.py assessment --json`: the adopted table's items (how many, how
    many computed from the records, how many scored by the committee), each organization
    assessed with its score, tier and computed points — frozen once published, else live —, and
    the year's annual reports and rectification items as the committee's lists count them."""
    table = queries.adopted_table(year)
    oversight = {"reports": report_counts(year), "rectifications": rectification_totals(year)}
    if table is None:
        return {"year": year, "indicators": 0, "computed": 0, "manual": 0, "organizations": [], **oversight}
    items = queries.items_of(table)
    results = queries.results(table, list(queries.assessed(year)))
    return {
        "year": year,
        "indicators": len(items),
        "computed": sum(1 for i in items if i.kind == ItemKind.COMPUTED),
        "manual": sum(1 for i in items if i.kind != ItemKind.COMPUTED),
        "published": table.published_at.isoformat() if table.published_at else None,
        "organizations": [
            {
                "id": r.organization.pk,
                "name": r.organization.name,
                "score": float(r.score),
                "tier": r.tier,
                "computed_score": float(r.computed_score),
            }
            for r in results
        ],
        **oversight,
    }


class Command(BaseCommand):
    help = (
        "The annual assessment of a year: the indicator table's items and each assessed organization's score and tier."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, year, as_json=False, **options):
        if not 2000 <= year <= 2100:
            raise CommandError("--year must lie between 2000 and 2100")
        result = summary(year)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"{year}: {result['indicators']} indicators "
            f"({result['computed']} computed, {result['manual']} by the committee)"
        )
        for org in result["organizations"]:
            self.stdout.write(f"  {org['name']}: {org['score']} ({org['tier']}), computed {org['computed_score']}")
