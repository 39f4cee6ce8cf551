"""Organizational life timings (`make bench`, issue 17): the committee's compliance table for a
year over every organization, through its view (the committee clerk, page 1, and the same
table ordered by silence), and the compliance computation alone; and writing one meeting with
50 attendees.

    python -m bench.orglife [--database sqlite|postgres] [--scale N] [--runs N]

The demo gives meetings to the first copy of the district only; so that the table is measured
as it will be when every branch records its year, a database whose branches hold fewer
meetings than `--per-branch` each first gets a synthetic year (2026 up to today, no
attendance: the table does not read it) for every branch, written once through the bulk
primitive and kept. Recording a meeting goes through `orglife.services.do_record_meeting` (the form's service,
with its checks and audit event) for the branch with the longest roll, rolled back.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import time

from bench.suite import client_for, p95, setup, timed


def _synthetic_year(per_branch: int) -> int:
    """A year of meetings (no attendance) for every branch holding fewer than `per_branch`."""
    from django.db import transaction
    from django.db.models import Count

    from core import clock
    from orglife.models import Meeting, MeetingKind
    from orglife.services import bulk_record_meetings
    from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization

    today = clock.today()
    rng = random.Random(17)
    written = 0
    branches = (
        PartyOrganization.objects.filter(kind__in=MEMBER_HOLDING_KINDS, founded__lt=dt.date(today.year, 1, 1))
        .annotate(n=Count("meetings"))
        .filter(n__lt=per_branch, n=0)
        .values_list("pk", flat=True)
    )
    pks = list(branches)
    for start in range(0, len(pks), 2000):
        rows = []
        for pk in pks[start : start + 2000]:
            silent_from = today - dt.timedelta(days=rng.randint(35, 120)) if rng.random() < 0.05 else today
            for month in range(1, today.month + 1):
                for kind in (MeetingKind.THEME_DAY, MeetingKind.COMMITTEE, MeetingKind.GROUP):
                    day = dt.date(today.year, month, rng.randint(1, 28))
                    if day < silent_from and rng.random() > 0.1:
                        rows.append((Meeting(organization_id=pk, kind=kind, date=day, topic="基准测试"), []))
                if month % 3 == 0:
                    day = dt.date(today.year, month, rng.randint(1, 28))
                    if day < silent_from:
                        rows.append(
                            (
                                Meeting(
                                    organization_id=pk, kind=MeetingKind.BRANCH_ASSEMBLY, date=day, topic="基准测试"
                                ),
                                [],
                            )
                        )
        with transaction.atomic():
            written += bulk_record_meetings(rows)
    return written


def _row(name: str, rows: int, times: list[float]) -> None:
    print(f"| {name} | {rows:,} | {statistics.median(times):.0f} | {p95(times):.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--per-branch", type=int, default=20, help="meetings a branch should hold (else synthetic)")
    args = parser.parse_args()
    setup(args.database, args.scale)

    from django.db import connection, transaction
    from django.db.models import Count, Q
    from django.urls import reverse

    from core import clock
    from members.models import Member, Status
    from orglife import compliance, queries
    from orglife.models import AttendanceStatus, Meeting, MeetingKind
    from orglife.services import do_record_meeting
    from orgs.models import OrgKind, PartyOrganization

    start = time.perf_counter()
    if written := _synthetic_year(args.per_branch):
        print(f"wrote a synthetic year: {written:,} meetings in {time.perf_counter() - start:.0f} s")
    year = clock.today().year
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · {connection.vendor} · {clock.today()} · "
        f"{PartyOrganization.objects.count():,} organizations · {Meeting.objects.count():,} meetings · "
        f"{Member.objects.filter(status=Status.ACTIVE).count():,} members on the roll · runs {args.runs}"
    )
    print("| operation | rows | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    every = PartyOrganization.objects.all()
    times, report = timed(lambda: compliance.build(every, year), args.runs)
    _row(f"compliance.build, {year}, every organization", len(report.rows), times)
    client = client_for("zuzhike")
    for label, query in (("page 1", ""), ("ordered by silence, behind only", "?sort=silent&behind=on")):
        url = reverse("orglife:compliance") + query
        times, response = timed(lambda url=url: client.get(url), args.runs)
        assert response.status_code == 200, response.status_code
        _row(f"compliance table (view, committee clerk), {label}", len(report.rows), times)

    # the branch with the longest roll, through the recording service a secretary's form calls
    branch = (
        PartyOrganization.objects.filter(kind=OrgKind.BRANCH, dissolved__isnull=True)
        .annotate(n=Count("members", filter=Q(members__status=Status.ACTIVE)))
        .order_by("-n", "path")
        .first()
    )
    assert branch is not None
    day = clock.today()
    roll = queries.expected_attendees(branch, MeetingKind.THEME_DAY, day)
    absent = {m.pk: (AttendanceStatus.ABSENT, "") for m in roll[::7]}

    def record_one() -> int:
        with transaction.atomic():
            do_record_meeting(
                branch, kind=MeetingKind.THEME_DAY, date=day, topic="基准测试", attendance=absent, acting_user=None
            )
            transaction.set_rollback(True)
        return len(roll)

    times, _n = timed(record_one, args.runs)
    _row(f"record a meeting with {len(roll)} attendees (do_record_meeting, audited, rolled back)", 1, times)


if __name__ == "__main__":
    main()
