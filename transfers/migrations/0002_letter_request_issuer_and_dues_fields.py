# Letters out of the district: the branch's request (status "requested", requested_on), the
# issuing committee, the dues month. Existing letters get their issuer in 0003; the constraint
# that every letter names one comes in 0004, after the fill.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0001_initial'),
        ('transfers', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='transfer',
            name='one_pending_transfer_per_member',
        ),
        migrations.RemoveConstraint(
            model_name='transfer',
            name='out_letter_number_unique',
        ),
        migrations.AddField(
            model_name='transfer',
            name='dues_paid_until',
            field=models.DateField(blank=True, null=True, verbose_name='dues paid up to'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='issuing_organization',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='letters_issued', to='orgs.partyorganization', verbose_name='issuing organization'),
        ),
        migrations.AddField(
            model_name='transfer',
            name='requested_on',
            field=models.DateField(blank=True, null=True, verbose_name='requested on'),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='issued on'),
        ),
        migrations.AlterField(
            model_name='transfer',
            name='status',
            field=models.CharField(choices=[('requested', 'Awaiting the letter'), ('pending', 'Pending'), ('completed', 'Completed'), ('returned', 'Returned'), ('cancelled', 'Withdrawn')], default='pending', max_length=20, verbose_name='status'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['requested', 'pending'])), fields=('member',), name='one_transfer_in_progress_per_member'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'out'), models.Q(('letter_number', ''), _negated=True)), fields=('issuing_organization', 'letter_number'), name='out_letter_number_unique_per_issuer'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(('issued_on__isnull', False), models.Q(('kind', 'out'), ('letter_number', '')), _connector='OR'), name='transfer_dated_unless_no_letter'),
        ),
        migrations.AddConstraint(
            model_name='transfer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'out'), ('status', 'pending'), _negated=True), models.Q(('letter_number', ''), _negated=True), _connector='OR'), name='pending_letter_has_number'),
        ),
    ]
