"""Development reminders were keyed by the next step's Chinese label; they are keyed by its
code now, so that rewording a label never reminds again. Rewrite the open keys."""

from django.db import migrations

# The labels `development.services.due` returned before codes, and the code each became.
# (报上级党委备案 had no date, so it was never reminded.)
LABEL_TO_CODE = {
    "谈话": "talk",
    "半年考察": "assessment",
    "支部大会表决": "vote",
    "部门党组讨论或审核": "party_group_review",
    "上级党委派人谈话": "superior_talk",
    "上级党委审批": "approval",
    "预备期考察": "probation_assessment",
    "转正申请": "conversion_application",
    "转正公示和表决": "conversion_vote",
    "部门党组讨论或审核转正": "conversion_party_group_review",
    "上级党委审批转正": "conversion_approval",
    "上级党委审批延长预备期": "extension_approval",
    "上级党委审批取消预备党员资格": "cancellation_approval",
}


def forwards(apps, schema_editor):
    WorkItem = apps.get_model("work", "WorkItem")
    for item in WorkItem.objects.filter(source_key__startswith="development:").only("pk", "source_key"):
        prefix, candidate, label, when = item.source_key.split(":", 3)
        if label in LABEL_TO_CODE:
            item.source_key = f"{prefix}:{candidate}:{LABEL_TO_CODE[label]}:{when}"
            item.save(update_fields=["source_key"])


def backwards(apps, schema_editor):
    WorkItem = apps.get_model("work", "WorkItem")
    code_to_label = {code: label for label, code in LABEL_TO_CODE.items()}
    for item in WorkItem.objects.filter(source_key__startswith="development:").only("pk", "source_key"):
        prefix, candidate, code, when = item.source_key.split(":", 3)
        if code in code_to_label:
            item.source_key = f"{prefix}:{candidate}:{code_to_label[code]}:{when}"
            item.save(update_fields=["source_key"])


class Migration(migrations.Migration):
    dependencies = [("work", "0002_alter_workitem_kind")]

    operations = [migrations.RunPython(forwards, backwards)]
