from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("transfers", "0003_letter_issuer_and_dues")]

    operations = [
        migrations.AddConstraint(
            model_name="transfer",
            constraint=models.CheckConstraint(
                condition=models.Q(models.Q(("kind", "out"), _negated=True), ("issuing_organization__isnull", False), _connector="OR"),
                name="out_letter_names_its_issuer",
            ),
        ),
    ]
