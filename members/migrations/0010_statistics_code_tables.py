"""The code tables of 党内统计 (issue 22): ethnicity by GB/T 3304 code, the six-level education
scale, degree, occupation category and the retirement date. Old values are mapped where they say
something: a nationality's name (汉族, 汉, 土家) becomes its code, a post holding 退休/离休 a
retirement date (the 60th birthday, or today if earlier: the real day is not known), a post naming
a kind of work its category. A nationality's text that names none of the table's is kept as an
`UnmappedValue` (the field left "", listed for the clerk); the post stays as it was."""

from django.db import migrations, models

from core import clock
from core.periods import add_years
from members.codes import RETIRED_WORDS, ethnicity_code, remap_old_values


def map_old_values(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    UnmappedValue = apps.get_model("members", "UnmappedValue")
    for value in Member.objects.values_list("ethnicity", flat=True).distinct():
        if value.strip() and not ethnicity_code(value):
            ids = Member.objects.filter(ethnicity=value).values_list("pk", flat=True)
            UnmappedValue.objects.bulk_create(
                (UnmappedValue(member_id=pk, field="ethnicity", value=value) for pk in ids.iterator(5000)),
                batch_size=5000,
            )
    remap_old_values(Member)
    today = clock.today()
    for word in RETIRED_WORDS:
        retired = list(Member.objects.filter(work_post__contains=word, retired_on__isnull=True).only("birth_date"))
        for member in retired:
            member.retired_on = min(add_years(member.birth_date, 60), today)
        Member.objects.bulk_update(retired, ["retired_on"], batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0009_probation_cancelled_events'),
    ]

    operations = [
        migrations.CreateModel(
            name="UnmappedValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("field", models.CharField(max_length=30)),
                ("value", models.CharField(max_length=200)),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE, related_name="unmapped_values", to="members.member"
                    ),
                ),
            ],
            options={"ordering": ["member", "field"]},
        ),
        migrations.AddField(
            model_name='member',
            name='degree',
            field=models.CharField(blank=True, choices=[('doctor', 'Doctorate'), ('master', "Master's degree"), ('bachelor', "Bachelor's degree")], max_length=10, verbose_name='degree'),
        ),
        migrations.AddField(
            model_name='member',
            name='occupation',
            field=models.CharField(blank=True, choices=[('worker', 'Workers and skilled service staff'), ('farmer', 'Farmers, herdsmen and fishermen'), ('professional', 'Professional and technical staff of enterprises, institutions and social organizations'), ('manager', 'Managers of enterprises, institutions and social organizations'), ('official', 'Staff of party and government organs'), ('student', 'Students'), ('other', 'Other occupations')], max_length=20, verbose_name='occupation'),
        ),
        migrations.AddField(
            model_name='member',
            name='retired_on',
            field=models.DateField(blank=True, null=True, verbose_name='retired on'),
        ),
        migrations.RunPython(map_old_values, migrations.RunPython.noop, elidable=True),
    ]
