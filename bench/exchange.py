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
    from core.periods import add_years
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
    with transaction.atomic():
        floor = _insert_floor(plan)
        transaction.set_rollback(True)
    print(
        f"import {args.rows:,} members: validate {validated:.2f} s, validate + write {total:.2f} s; "
        f"floor (the same rows inserted by executemany) {floor:.2f} s, ratio {total / floor:.1f}×"
    )

    last = Member.objects.order_by("pk").values_list("pk", flat=True)[args.export - 1 : args.export].first()
    qs = Member.objects.all() if last is None else Member.objects.filter(pk__lte=last)
    start = time.perf_counter()
    handle, count = export.members_xlsx(qs, reveal=True)
    with handle:
        size = handle.seek(0, 2)
    spent = time.perf_counter() - start
    floor = _select_floor(last)
    print(
        f"export {count:,} members: {spent:.2f} s, {size / 1e6:.1f} MB; "
        f"floor (the same columns selected) {floor:.2f} s, ratio {spent / floor:.1f}×"
    )


def _insert_floor(plan) -> float:
    """Seconds to insert the plan's new members and their membership facts as plain rows."""
    from django.db import connection

    from members.models import Member, Membership

    fields = [f for f in Member._meta.concrete_fields if not f.primary_key]
    rows = []
    for m, number, phone, _org, _since in plan.new:
        m.id_number_encrypted, m.id_number_hash, m.id_number_tail = "floor", number, number[-4:]
        m.phone_encrypted, m.phone_hash = "floor", phone or ""
        rows.append([f.get_db_prep_save(getattr(m, f.attname), connection) for f in fields])
    member, ms = Member._meta.db_table, Membership._meta.db_table
    columns = ", ".join(f.column for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {member} ({columns}) VALUES ({marks})", rows)
        cursor.execute(
            f"INSERT INTO {ms} (member_id, organization_id, valid_from, reason) "
            f"SELECT id, organization_id, join_date, 'floor' FROM {member} WHERE id_number_encrypted = %s",
            ["floor"],
        )
    return time.perf_counter() - start


def _select_floor(last) -> float:
    """Seconds to read the export's columns for the same members, with their branch's code and
    the start of their current membership."""
    from django.db import connection

    from members.models import Member, Membership
    from orgs.models import PartyOrganization

    member, ms, org = Member._meta.db_table, Membership._meta.db_table, PartyOrganization._meta.db_table
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT m.name, m.id_number_encrypted, m.gender, m.ethnicity, m.education, m.join_date,
                       m.full_member_date, m.category, o.code, ms.valid_from, m.phone_encrypted, m.work_post,
                       m.is_leading_cadre, m.cadre_rank
                FROM {member} m LEFT JOIN {org} o ON o.id = m.organization_id
                LEFT JOIN {ms} ms ON ms.member_id = m.id AND ms.valid_to IS NULL
                WHERE m.id <= %s ORDER BY m.id""",
            [last or 2**62],
        )
        cursor.fetchall()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
