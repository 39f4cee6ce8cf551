"""The choices of the code tables (issue 22), after 0010 mapped the old values: a migration of its
own, so that PostgreSQL has checked 0010's new rows (deferred constraint triggers) before the
member table is altered."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_statistics_code_tables"),
    ]

    operations = [
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
