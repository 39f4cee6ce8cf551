import django.db.models.deletion
from django.db import migrations, models


def place_existing_accounts(apps, schema_editor):
    """Who manages each existing account: the organization of its member; else the scope of
    the leader who created it (from the audit event of its creation, when that leader manages
    exactly one subtree); else only the committee (the working committee's organization, or the
    root of the tree), never everyone."""
    User = apps.get_model("accounts", "User")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    PartyOrganization = apps.get_model("orgs", "PartyOrganization")
    WorkingCommittee = apps.get_model("orgs", "WorkingCommittee")

    committee = WorkingCommittee.objects.order_by("pk").values_list("organization_id", flat=True).first()
    if committee is None:
        committee = PartyOrganization.objects.order_by("path").values_list("pk", flat=True).first()
    creators = dict(
        AuditEvent.objects.filter(action="accounts.user.created", target_type="accounts.user", actor__isnull=False)
        .order_by("pk")
        .values_list("target_id", "actor_id")
    )
    for user in User.objects.filter(managing_organization__isnull=True).select_related("member").iterator():
        place = user.member.organization_id if user.member_id else None
        if place is None and (creator := creators.get(str(user.pk))):
            scopes = set(
                RoleAssignment.objects.filter(user_id=creator, role="committee_leader").values_list(
                    "organization_id", flat=True
                )
            )
            place = scopes.pop() if len(scopes) == 1 else None
        user.managing_organization_id = place or committee
        user.save(update_fields=["managing_organization"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_add_authority_body"),
        ("audit", "0001_initial"),
        ("members", "0007_effective_dated_base"),
        ("orgs", "0004_effective_dated_base"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="managing_organization",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="orgs.partyorganization",
                verbose_name="managed from",
            ),
        ),
        migrations.RunPython(place_existing_accounts, migrations.RunPython.noop),
    ]
