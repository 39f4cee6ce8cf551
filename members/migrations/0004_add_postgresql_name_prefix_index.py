"""A PostgreSQL-only index, as in 0003: the member search by name, name LIKE '张伟%'."""

from django.db import migrations

NAME = "member_name_prefix_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON members_member (name varchar_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_add_postgresql_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
