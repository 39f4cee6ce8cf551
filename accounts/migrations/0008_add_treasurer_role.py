from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_alter_roleassignment_role'),
    ]

    operations = [
        migrations.AlterField(
            model_name='roleassignment',
            name='role',
            field=models.CharField(choices=[('committee_leader', 'Committee leader'), ('committee_staff', 'Committee staff'), ('body_staff', 'District body staff'), ('org_admin', 'Organization officer'), ('discipline_staff', 'Discipline inspection officer'), ('treasurer', 'Dues collector'), ('member', 'Party member')], max_length=20, verbose_name='role'),
        ),
    ]
