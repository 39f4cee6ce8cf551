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
        migrations.AlterField(
            model_name='member',
            name='education',
            field=models.CharField(choices=[('postgraduate', 'Postgraduate'), ('bachelor', 'Bachelor'), ('college', 'College'), ('secondary', 'Secondary vocational'), ('high_school', 'High school or technical school'), ('junior', 'Junior secondary or below')], max_length=20, verbose_name='education'),
        ),
        migrations.AlterField(
            model_name='member',
            name='ethnicity',
            field=models.CharField(blank=True, choices=[('01', '汉族'), ('02', '蒙古族'), ('03', '回族'), ('04', '藏族'), ('05', '维吾尔族'), ('06', '苗族'), ('07', '彝族'), ('08', '壮族'), ('09', '布依族'), ('10', '朝鲜族'), ('11', '满族'), ('12', '侗族'), ('13', '瑶族'), ('14', '白族'), ('15', '土家族'), ('16', '哈尼族'), ('17', '哈萨克族'), ('18', '傣族'), ('19', '黎族'), ('20', '傈僳族'), ('21', '佤族'), ('22', '畲族'), ('23', '高山族'), ('24', '拉祜族'), ('25', '水族'), ('26', '东乡族'), ('27', '纳西族'), ('28', '景颇族'), ('29', '柯尔克孜族'), ('30', '土族'), ('31', '达斡尔族'), ('32', '仫佬族'), ('33', '羌族'), ('34', '布朗族'), ('35', '撒拉族'), ('36', '毛南族'), ('37', '仡佬族'), ('38', '锡伯族'), ('39', '阿昌族'), ('40', '普米族'), ('41', '塔吉克族'), ('42', '怒族'), ('43', '乌孜别克族'), ('44', '俄罗斯族'), ('45', '鄂温克族'), ('46', '德昂族'), ('47', '保安族'), ('48', '裕固族'), ('49', '京族'), ('50', '塔塔尔族'), ('51', '独龙族'), ('52', '鄂伦春族'), ('53', '赫哲族'), ('54', '门巴族'), ('55', '珞巴族'), ('56', '基诺族'), ('97', '其他未识别民族'), ('98', '外国血统中国籍人士')], default='01', max_length=2, verbose_name='ethnicity'),
        ),
    ]
