import json
from io import StringIO

from django.core.management import call_command

from assessment.tests.test_assessment import score_all


def test_the_command_prints_the_years_indicators_and_organizations(registry, table):
    score_all(table, registry.opc)
    out = StringIO()
    call_command("assessment", "--year", "2026", "--json", stdout=out)
    found = json.loads(out.getvalue())
    assert (found["year"], found["indicators"], found["computed"], found["manual"]) == (2026, 6, 2, 4)
    opc = next(o for o in found["organizations"] if o["id"] == registry.opc.pk)
    assert opc["name"] == "财政局机关党委"
    assert opc["score"] >= opc["computed_score"] > 0
    assert opc["tier"] in {"good", "fair", "average", "poor"}
