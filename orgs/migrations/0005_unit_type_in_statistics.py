"""Each category of units maps to a unit type of 党内统计 (issue 22); old categories by their name."""

from django.db import migrations, models

# applied in order, each update over the last: the specific 民办非企业 after 企业
_WORDS = (
    ("事业", "institution"),
    ("企业", "enterprise"),
    ("公司", "enterprise"),
    ("社会组织", "social"),
    ("社会团体", "social"),
    ("基金会", "social"),
    ("民办非企业", "social"),
)


def map_categories(apps, schema_editor):
    UnitCategory = apps.get_model("orgs", "UnitCategory")
    for word, unit_type in _WORDS:
        UnitCategory.objects.filter(name__contains=word).update(unit_type=unit_type)


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0004_effective_dated_base'),
    ]

    operations = [
        migrations.AddField(
            model_name='unitcategory',
            name='unit_type',
            field=models.CharField(choices=[('organ', 'Organ'), ('institution', 'Public institution'), ('enterprise', 'Enterprise'), ('social', 'Social organization')], default='organ', max_length=20, verbose_name='unit type in statistics'),
        ),
        migrations.RunPython(map_categories, migrations.RunPython.noop, elidable=True),
    ]
