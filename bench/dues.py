"""Party dues timings (`make bench`, issue 20): computing and writing one month's dues for every
member on the roll (`dues.services.do_compute_month`: the roll on the month's last day, each
member's base decrypted, the reliefs, the due by the 2008 bands, ~1,000,000 rows written at
scale 127; target < 60 s), and a branch's month page (target < 150 ms).

    python -m bench.dues [--database sqlite|postgres] [--scale N] [--runs N] [--month YYYY-MM]
                         [--page-runs N]

The demo gives dues to the first copy of the district only; so that the month is computed for
every member, members on the roll without a base first get one (a wage base drawn as the demo
draws them), written once through the dues bulk primitive and kept. Each run computes today's month
(or --month) inside a transaction that is rolled back, the rows the demo wrote for it taken away
first (untimed), so every run writes the whole month; no warm-up run (each is a full write). On PostgreSQL the
deferred foreign-key checks of the rows written are made inside the timing (`SET CONSTRAINTS ALL
IMMEDIATE`), as the commit would make them.

The page: the branch whose month holds the number of rows nearest 30 (a month the demo computed);
a collector (党费收缴员) of that branch is made for the run and logs in through the login page
with a password (the test client, no forced login), then opens the branch's month `--page-runs`
times after 3 warm-up requests; the median, p95 and the queries of one request are printed. The
collector is made in a transaction rolled back afterwards.
"""

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import time
from decimal import Decimal

from bench.suite import p95, setup


def _bases(chunk: int = 20_000) -> int:
    """A base from the demo's first month for every member on the roll who has none."""
    from django.db import transaction

    from dues.models import DuesBase, PayerKind
    from dues.services import bulk_set_bases
    from members.models import Member, Status

    rng = random.Random(20)
    first = dt.date(2026, 1, 1)
    missing = list(
        Member.objects.filter(status=Status.ACTIVE, dues_bases__isnull=True)
        .order_by("pk")
        .values_list("pk", "is_leading_cadre")
    )
    for start in range(0, len(missing), chunk):
        rows = [
            DuesBase(
                member_id=pk,
                month=first,
                kind=PayerKind.WAGE,
                amount=str(Decimal(rng.randint(700_000 if cadre else 400_000, 1_200_000 if cadre else 700_000)) / 100),
            )
            for pk, cadre in missing[start : start + chunk]
        ]
        with transaction.atomic():
            bulk_set_bases(rows)
    return len(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="", help="the month to compute (YYYY-MM); default: one with no rows")
    parser.add_argument("--page-runs", type=int, default=30, help="requests of the branch's month page")
    args = parser.parse_args()
    setup(args.database, args.scale)

    from django.db import connection, transaction

    from core import clock
    from dues.models import MonthlyDues, month_of
    from dues.services import do_compute_month
    from members.models import Member, Status

    start = time.perf_counter()
    if written := _bases():
        print(f"wrote bases for {written:,} members in {time.perf_counter() - start:.0f} s")
    month = dt.date.fromisoformat(args.month + "-01") if args.month else month_of(clock.today())
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · {connection.vendor} · {clock.today()} · "
        f"{Member.objects.filter(status=Status.ACTIVE).count():,} members on the roll · month {month:%Y-%m} · "
        f"runs {args.runs}"
    )
    print("| operation | rows | median ms | p95 ms | |")
    print("|---|---:|---:|---:|---|")
    times, counts = [], {}
    for _ in range(args.runs):
        with transaction.atomic():
            # the month the demo computed is taken away first, untimed: every run writes the whole
            # month; the transaction is rolled back, so nothing of this is ever committed
            MonthlyDues.objects.filter(month=month).delete()
            began = time.perf_counter()
            counts = do_compute_month(month, acting_user=None)
            if connection.vendor == "postgresql":
                # the foreign keys are checked at commit (deferred): checked here, inside the
                # timing, as the commit this rolled-back run never makes would check them
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            times.append((time.perf_counter() - began) * 1000)
            transaction.set_rollback(True)
    times.sort()
    print(
        f"| do_compute_month {month:%Y-%m}, every member (written, rolled back) | {counts['created']:,} | "
        f"{statistics.median(times):.0f} | {p95(times):.0f} | |"
    )
    if counts.get("no_base"):
        print(f"({counts['no_base']:,} members without a base got no row)")
    _page(month, args.page_runs)


def _page(month: dt.date, runs: int) -> None:
    """A branch's month page through the real view, logged in through the login page."""
    from django.db import connection, transaction
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import RoleAssignment, User
    from accounts.roles import Role
    from dues.models import MonthlyDues

    sizes = (
        MonthlyDues.objects.filter(month=month)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("organization_id")
        .values_list("organization_id", "n")
    )
    if not sizes:
        print(f"(no branch has dues for {month:%Y-%m}: no page timed)")
        return
    org_id, size = min(sizes, key=lambda pair: (abs(pair[1] - 30), pair[0]))
    password = "Bench#dues-2026"  # noqa: S105 - a throwaway account inside a rolled-back transaction
    with transaction.atomic():
        user = User.objects.create_user(username="bench_collector", password=password, display_name="bench")
        RoleAssignment.objects.create(user=user, role=Role.TREASURER, organization_id=org_id)
        client = Client()
        answer = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
        if answer.status_code != 302:
            raise SystemExit(f"the login page refused the collector ({answer.status_code})")
        url = reverse("dues:month", args=[org_id, month.year, month.month])
        for _ in range(3):
            if client.get(url).status_code != 200:
                raise SystemExit(f"{url} did not answer 200")
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        transaction.set_rollback(True)
    times.sort()
    print(
        f"| branch's month page {url} ({size} members), {runs} requests | {size} | "
        f"{statistics.median(times):.0f} | {p95(times):.0f} | {len(queries.captured_queries)} queries |"
    )


if __name__ == "__main__":
    main()
