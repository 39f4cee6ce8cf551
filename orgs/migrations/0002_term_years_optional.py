from django.db import migrations, models

# Kinds that are not elected for a term (orgs.rules.NO_TERM_KINDS), as they were when this
# migration was written.
NO_TERM_KINDS = ["working_committee", "temporary_branch"]


def clear_terms_of_unelected(apps, schema_editor):
    """A working committee is appointed and a temporary branch is not elected: neither has a
    term, so the length and dates the old form required of them are dropped."""
    PartyOrganization = apps.get_model("orgs", "PartyOrganization")
    PartyOrganization.objects.filter(kind__in=NO_TERM_KINDS).update(term_years=None, term_start=None, term_end=None)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partyorganization",
            name="term_years",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="term length (years)"),
        ),
        migrations.RunPython(clear_terms_of_unelected, migrations.RunPython.noop),
    ]
