# -- bulk (demo, benchmarks) --


ANALYZE_FROM = 1000


def bulk_record_meetings(rows, *, batch_size: int = 2000) -> int:
    """Write held meetings with their attendance in a few statements (the demo's year, the
        benchmarks): `rows` are (meeting, marks) pairs, the meeting unsaved, its marks (member id,
        status, reason) tuples. Inside the caller's transaction; checks are the caller's (the demo
        draws attendance from the roll on the date). No audit: a bulk load is not a person's act.
        Returns the number of meetings written.

        Attendance goes in as plain rows (executemany): a year of a district's meetings is a few
        hundred thousand marks, and building a model instance for each cost most of the time. On
        PostgreSQL the two tables are analyzed afterwards: right after a bulk load the planner's
        statistics say they are empty, and the compliance aggregates would be planned for that (from
    `ANALYZE_FROM` meetings: a handful changes no statistics)."""
    from django.db import connection, transaction

    from orglife.models import Attendance, Meeting

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_record_meetings runs inside the caller's transaction")
    rows = list(rows)
    meetings = Meeting.objects.bulk_create([m for m, _a in rows], batch_size=batch_size)
    marks = [
        (meeting.pk, member_id, status, reason)
        for meeting, (_m, attendance) in zip(meetings, rows, strict=True)
        for member_id, status, reason in attendance
    ]
    opts = Attendance._meta
    column = {f.name: str(f.column) for f in opts.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column[f]) for f in ("meeting", "member", "status", "reason"))
    sql = f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for i in range(0, len(marks), 10_000):
            cursor.executemany(sql, marks[i : i + 10_000])
        if connection.vendor == "postgresql" and len(meetings) >= ANALYZE_FROM:
            cursor.execute(f"ANALYZE {opts.db_table}, {Meeting._meta.db_table}")
    return len(meetings)


def bulk_save_party_groups(rows, *, batch_size: int = 2000) -> int:
    """Write party groups with their seats in a few statements (the demo): `rows` are (group,
    seats) pairs, the group unsaved, its seats unsaved rows without their group. Inside the
    caller's transaction; checks are the caller's. Returns the number of groups written."""
    from django.db import transaction

    from orglife.models import PartyGroup, PartyGroupMember

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_save_party_groups runs inside the caller's transaction")
    rows = list(rows)
    groups = PartyGroup.objects.bulk_create([g for g, _s in rows], batch_size=batch_size)
    seats: list[PartyGroupMember] = []
    for group, members in zip(groups, (s for _g, s in rows), strict=True):
        for seat in members:
            seat.group = group
            seats.append(seat)
    PartyGroupMember.objects.bulk_create(seats, batch_size=5000)
    return len(groups)
