"""Existing letters out of the district get the issuer they would have had under the rule in
force now (transfers.rules.LETTER_ISSUER, default the working committee above the sending
branch; set to approving_committee, the nearest party committee, organ party committee or
working committee). Their dues month was never recorded: it stays empty and the printed letter
leaves it blank to be filled in by hand.

Historical models have no treebeard manager, so ancestors are found from the materialized path
(the ancestors of a node are the nodes whose path is a proper prefix of its own, in steps of the
path's step length). A letter whose branch has no committee above it keeps the branch itself,
which is who issued it under the old code."""

from django.conf import settings
from django.db import migrations

WORKING_COMMITTEE = "working_committee"
APPROVING_KINDS = {"party_committee", "organ_party_committee", "working_committee"}


def issuer_for(PartyOrganization, source, setting):
    steplen = len(source.path) // source.depth
    prefixes = [source.path[: steplen * i] for i in range(1, source.depth)]
    ancestors = list(PartyOrganization.objects.filter(path__in=prefixes).order_by("-depth"))
    if setting == WORKING_COMMITTEE:
        working = next((a for a in ancestors if a.kind == WORKING_COMMITTEE), None)
        if working is not None:
            return working
    return next((a for a in ancestors if a.kind in APPROVING_KINDS), source)


def fill_issuers(apps, schema_editor):
    Transfer = apps.get_model("transfers", "Transfer")
    PartyOrganization = apps.get_model("orgs", "PartyOrganization")
    setting = getattr(settings, "DANGJIAN_RULES", {}).get("letter_issuer", WORKING_COMMITTEE)
    found = {}
    letters = Transfer.objects.filter(kind="out", issuing_organization__isnull=True).select_related("source")
    for letter in letters.iterator():
        if letter.source_id not in found:
            found[letter.source_id] = issuer_for(PartyOrganization, letter.source, setting)
        letter.issuing_organization = found[letter.source_id]
        letter.save(update_fields=["issuing_organization"])


class Migration(migrations.Migration):
    dependencies = [("transfers", "0002_letter_request_issuer_and_dues_fields")]

    operations = [migrations.RunPython(fill_issuers, migrations.RunPython.noop)]
