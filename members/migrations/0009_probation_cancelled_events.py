"""Old "left" events that development's cancellation of a probationary membership wrote (the
record is CANCELLED and its cancellation step is on the event's day) become what they were:
取消预备党员资格. Every other "left" row stays "left" (出党, unclassified)."""

from django.db import migrations


def classify(apps, schema_editor):
    Candidate = apps.get_model("development", "Candidate")
    Step = apps.get_model("development", "Step")
    MemberEvent = apps.get_model("members", "MemberEvent")
    cancelled = Candidate.objects.filter(stage="cancelled", member__isnull=False).values_list("pk", "member_id")
    for candidate_id, member_id in cancelled:
        days = Step.objects.filter(candidate_id=candidate_id, kind="cancellation").values_list("date", flat=True)
        MemberEvent.objects.filter(member_id=member_id, kind="left", date__in=list(days)).update(
            kind="probation_cancelled"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_alter_memberevent_kind_memberflag"),
        ("development", "0004_encrypted_field_types"),
    ]

    operations = [migrations.RunPython(classify, migrations.RunPython.noop)]
