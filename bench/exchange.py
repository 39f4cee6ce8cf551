"""Import and export timings (`make bench`): validating and importing N generated members
(default 10,000) into the demo's branches, and exporting the first M members (default: all, up
to 100,000) as .xlsx. The import is rolled back, so the database is left as it was."""

import argparse
import csv
import datetime as dt
import io
import os
import platform
import random
import time

from bench.suite import setup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--export", type=int, default=100_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for an empty database")
    args = parser.parse_args()
    setup(args.database, args.scale)  # the suite's database

    from django.db import connection, transaction

    from core import idcard
    from core.dates import add_years
    from exchange import export, members, reader
    from members.models import Member
    from orgs.models import OrgKind, PartyOrganization

    print(
        f"{connection.vendor}, {Member.objects.count():,} member records; {platform.machine()}, {os.cpu_count()} cores"
    )

    rng = random.Random(7)
    branches = list(PartyOrganization.objects.filter(kind=OrgKind.BRANCH).values_list("code", flat=True))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h for h, _r, _e in members.COLUMNS])
    used: set[str] = set()
    for i in range(args.rows):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randint(0, 9000))
        number = idcard.make("500102", birth, 100 + i % 800, "M" if i % 2 else "F")
        while number in used:
            number = idcard.make("500102", birth + dt.timedelta(days=1), rng.randint(0, 999), "M")
        used.add(number)
        join = add_years(birth, 25)
        writer.writerow(
            [
                "导入测试",
                number,
                "",
                "汉族",
                "大学本科",
                join.isoformat(),
                (join + dt.timedelta(days=400)).isoformat(),
                "",
                rng.choice(branches),
                "",
                "",
                "科员",
                "否",
                "",
            ]
        )
    data = out.getvalue().encode()
    with transaction.atomic():
        start = time.perf_counter()
        plan = members.validate(reader.read_table(data), scope_paths=None)
        validated = time.perf_counter() - start
        assert plan.ok, plan.errors[:5]
        members.apply(plan, file_hash="bench", acting_user=None)
        total = time.perf_counter() - start
        transaction.set_rollback(True)
    print(f"import {args.rows:,} members: validate {validated:.2f} s, validate + write {total:.2f} s")

    last = Member.objects.order_by("pk").values_list("pk", flat=True)[args.export - 1 : args.export].first()
    qs = Member.objects.all() if last is None else Member.objects.filter(pk__lte=last)
    start = time.perf_counter()
    handle, count = export.members_xlsx(qs, reveal=True)
    with handle:
        size = handle.seek(0, 2)
    print(f"export {count:,} members: {time.perf_counter() - start:.2f} s, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
