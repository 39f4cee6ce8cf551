"""Indexes only PostgreSQL can have (pattern operator classes, non-key columns), each named
with the query it serves. SQLite, the embedded default, holds demo-sized registries and gets
none of them."""

from django.db import migrations

INDEXES = {
    # The member list: the roll in pinyin order, with the filter columns inside the index, so
    # page 1,000 of a filtered million-row list is found without reading the rows it skips.
    "member_roll_pinyin_idx": "members_member (status, name_pinyin, id) "
    "INCLUDE (organization_id, gender, education, category, is_leading_cadre, birth_date)",
    # Pinyin search: name_pinyin LIKE 'zhang%' / name_initials LIKE 'zs%' (under a non-C
    # collation a plain btree cannot serve LIKE prefixes).
    "member_pinyin_prefix_idx": "members_member (name_pinyin varchar_pattern_ops)",
    "member_initials_prefix_idx": "members_member (name_initials varchar_pattern_ops)",
    # Subtree filters: path LIKE '00010001%'.
    "org_path_prefix_idx": "orgs_partyorganization (path varchar_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_add_cross_app_links"),
        ("orgs", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
