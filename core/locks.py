from django.db import connection

# Arbitrary constant key of the advisory lock that serializes writes to the organization tree.
TREE_LOCK_KEY = 0x64616E67


def tree_lock() -> None:
    """Take the tree lock for the rest of the current transaction. PostgreSQL: a transaction
    advisory lock. SQLite: transactions begin IMMEDIATE, so there is one writer already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [TREE_LOCK_KEY])
