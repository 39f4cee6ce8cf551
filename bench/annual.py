"""Annual statistics report timings (`make bench`, issue 22): `reports.annual.build` of a year
for the whole committee (target < 5 s) and for one organ party committee with those under it
(target < 300 ms), in the two cases a clerk meets:

- **last year filed** (the report opened in January: last year's figures are read from its
  filing, this year's computed from the records) — the benchmark files last year first, through
  the services, writing a placeholder explanation for each flagged figure, when it is not filed;
- **nothing filed** (the first year in use, or every year withdrawn): both years computed.

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


def _file_last_year(year: int, scope) -> None:
    """File the scope's report of the year before `year` unless it is: each flagged figure given
    a placeholder explanation first, as filing asks."""
    from reports import annual
    from reports.models import Filing
    from reports.services import do_file_report, do_write_explanation

    if Filing.objects.filter(organization=scope.root, year=year - 1).exists():
        return
    for flag in annual.build(year - 1, scope).flags:
        if not flag.explanation:
            do_write_explanation(scope.root, year - 1, flag.key, "基准测试的说明", acting_user=None)
    do_file_report(scope, year - 1, acting_user=None)


def _unfiled(year: int, scope):
    """Both years computed, as `build` does when neither is filed."""
    from reports.annual import AnnualReport, figures_of

    return AnnualReport(year, scope, figures_of(scope, year), figures_of(scope, year - 1))


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
    own = RoleAssignment.objects.get(user__username="jiguandangwei").organization
    organs = [own]
    largest = _largest_organ_party_committee()
    if largest is not None and largest.pk != own.pk:
        organs.append(largest)
    scopes = [(f"{committee.name} (the whole committee)", None)]
    scopes += [(f"{organ.name} (organ party committee)", organ) for organ in organs]
    print("| annual.build | members | median ms | min ms | queries | reconciles |")
    print("|---|---:|---:|---:|---:|---|")
    for label, root in scopes:
        _time(f"{label}, nothing filed", lambda root=root: _unfiled(year, Scope.of(committee, root)), args.runs)
    for _label, root in scopes:
        _file_last_year(year, Scope.of(committee, root))
    for label, root in scopes:
        _time(f"{label}, {year - 1} filed", lambda root=root: build(year, Scope.of(committee, root)), args.runs)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
