# -- bulk (demo, benchmarks) --


def bulk_record_meetings(rows, *, batch_size: int = 2000) -> int:
    """Write held meetings with their attendance in a few statements (the demo's year, the
    benchmarks): `rows` are (meeting, attendance) pairs, the meeting unsaved, its attendance
    unsaved rows without their meeting. Inside the caller's transaction; checks are the
    caller's (the demo draws attendance from the roll on the date). No audit: a bulk load is
    not a person's act. Returns the number of meetings written.

    On PostgreSQL the two tables are analyzed afterwards: right after a bulk load the planner's
    statistics say they are empty, and the compliance aggregates would be planned for that."""
    from django.db import connection, transaction

    from orglife.models import Attendance, Meeting

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_record_meetings runs inside the caller's transaction")
    rows = list(rows)
    meetings = Meeting.objects.bulk_create([m for m, _a in rows], batch_size=batch_size)
    attendance: list[Attendance] = []
    for meeting, marks in zip(meetings, (a for _m, a in rows), strict=True):
        for mark in marks:
            mark.meeting = meeting
            attendance.append(mark)
    Attendance.objects.bulk_create(attendance, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orglife_meeting, orglife_attendance")
    return len(meetings)
