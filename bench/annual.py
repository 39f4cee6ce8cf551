"""Annual statistics report timings (`make bench`, issue 22): `reports.annual.build` of a year —
every figure of the year and of the year before, as the page, the workbook and `manage.py
annual_report` compute it — for the whole committee (target < 5 s) and for one organ party
committee with those under it (target < 300 ms).

    python -m bench.annual [--database sqlite|postgres] [--scale N] [--runs N] [--year Y]

The database is seeded when empty (as the other benchmarks do) and analysed (`ANALYZE` on
PostgreSQL) before timing. The organ party committee is the demo's own (the `jiguandangwei`
account's: the one with a year of records in every module) and, when it differs, the organ
party committee with the most members on the roll. Each report is built once untimed (warm-up),
then `--runs` times; the median and the minimum are printed with the number of queries of one
build and the members it counted (which also shows that the figures reconcile).
"""

import argparse
import os
import platform
import statistics
import time

from bench.suite import setup


def _largest_organ_party_committee():
    """The organ party committee with the most members on the roll in its subtree (the members
    counted by organization, added up the paths in Python: one query)."""
    from collections import Counter

    from django.db.models import Count

    from members.models import Member, Status
    from orgs.models import OrgKind, PartyOrganization

    step = PartyOrganization.steplen
    by_path: Counter[str] = Counter()
    rows = Member.objects.filter(status=Status.ACTIVE).values_list("organization__path").annotate(n=Count("pk"))
    for path, n in rows.order_by():
        for end in range(step, len(path) + 1, step):
            by_path[path[:end]] += n
    organs = PartyOrganization.objects.filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE, dissolved__isnull=True)
    return max(organs, key=lambda o: (by_path[o.path], o.path), default=None)


def _time(label: str, build, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        report = build()  # the warm-up, counted
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        build()
        times.append((time.perf_counter() - began) * 1000)
    f = report.figures
    print(
        f"| {label} | {f['members.total']:,} | {statistics.median(times):.0f} | {min(times):.0f} | "
        f"{len(queries.captured_queries)} | {'yes' if report.reconciles else 'NO'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=0, help="the report's year (default: last year)")
    args = parser.parse_args()
    setup(args.database, args.scale)

    from django.db import connection

    from accounts.models import RoleAssignment
    from core import clock
    from members.models import Member, Status
    from orgs.models import PartyOrganization, WorkingCommittee
    from reports.annual import Scope, build

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    year = args.year or clock.today().year - 1
    committee = WorkingCommittee.objects.select_related("organization").get()
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · load {os.getloadavg()[0]:.2f} · "
        f"{connection.vendor} · {clock.today()} · {PartyOrganization.objects.count():,} organizations · "
        f"{Member.objects.filter(status=Status.ACTIVE).count():,} members on the roll · year {year} · "
        f"runs {args.runs}"
    )
    print("| annual.build (the year and the year before) | members | median ms | min ms | queries | reconciles |")
    print("|---|---:|---:|---:|---:|---|")
    _time(f"{committee.name} (the whole committee)", lambda: build(year, Scope.of(committee)), args.runs)
    own = RoleAssignment.objects.get(user__username="jiguandangwei").organization
    organs = [own]
    largest = _largest_organ_party_committee()
    if largest is not None and largest.pk != own.pk:
        organs.append(largest)
    for organ in organs:
        _time(
            f"{organ.name} (organ party committee)",
            lambda organ=organ: build(year, Scope.of(committee, organ)),
            args.runs,
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
