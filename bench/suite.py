"""The benchmark suite of issue 8: each operation through its real view, timed warm, beside its
floor — the same answer from the smallest hand-written SQL, timed in the same run.

    python -m bench.suite [--database sqlite|postgres] [--scale N] [--runs N]

The database is made when empty (`seed_demo --scale N`): SQLite in .local/bench-N.sqlite3,
PostgreSQL in dangjian_bench_N on 127.0.0.1 (DATABASE_URL overrides both). Each operation runs
3 times to warm up, then --runs times; the floor the same. The table gives the median and p95
in ms, the rows of the answer, the SQL statements the view issued and the time it waited for
them, the floor's median, the ratios, and the peak of Python memory while serving the page.
Each floor's answer is checked against what the view computed, so a floor cannot be fast by
answering something else.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core import clock

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Operation:
    name: str
    url: str
    floor: Callable[[], object]  # the hand-written SQL; returns what it read
    check: Callable[[object, object], None]  # (view response context or page, floor answer)
    rows: int = 0
    user: str = "zuzhike"  # the committee clerk sees the whole tree


def database_url(kind: str, scale: int) -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if kind == "postgres":
        name = f"dangjian_bench_{scale}"
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"],
            capture_output=True,
            check=False,  # exists already: fine
        )
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    (ROOT / ".local").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / '.local' / f'bench-{scale}.sqlite3'}"


def setup(kind: str, scale: int):
    os.environ["DATABASE_URL"] = database_url(kind, scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    os.environ.setdefault("DANGJIAN_ENV", "test")
    import django

    django.setup()
    from django.core.management import call_command

    from orgs.models import PartyOrganization

    call_command("migrate", verbosity=0)
    if not PartyOrganization.objects.exists():
        print(f"loading the demo (scale {scale}) ...", file=sys.stderr)
        call_command("seed_demo", scale=scale, stdout=io.StringIO())


def client_for(username: str):
    """A logged-in test client, past the second factor (committee staff need one)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    for _ in range(3):
        result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times), result


def p95(times: list[float]) -> float:
    return times[min(len(times) - 1, int(len(times) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", default="", help="run the operations whose name contains this")
    args = parser.parse_args()
    setup(args.database, args.scale)

    from django.db import connection

    from bench import floors
    from members.models import Member

    clients = {}
    rows = []
    for op in floors.operations():
        if args.only not in op.name:
            continue
        client = clients.get(op.user) or clients.setdefault(op.user, client_for(op.user))
        view_times, response = timed(lambda op=op, client=client: client.get(op.url), args.runs)
        assert response.status_code == 200, (op.url, response.status_code)
        floor_times, answer = timed(op.floor, args.runs)
        op.check(response, answer)
        spent = [_sql_time(client, op.url) for _ in range(min(args.runs, 5))]
        median, floor = statistics.median(view_times), statistics.median(floor_times)
        in_sql = statistics.median(ms for ms, _n in spent)
        rows.append((op, median, p95(view_times), spent[0][1], in_sql, floor, _peak_mb(client, op.url)))

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{connection.vendor} · commit {commit} · {clock.today()} · "
        f"members on the roll {Member.objects.filter(status='active').count():,} · runs {args.runs}"
    )
    print(
        "| operation | rows | median ms | p95 ms | SQL queries | of which in SQL ms | floor ms "
        "| ratio to floor | SQL ratio | peak MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for op, median, p, queries, in_sql, floor, peak in rows:
        print(
            f"| {op.name} | {op.rows:,} | {median:.1f} | {p:.1f} | {queries} | {in_sql:.1f} | {floor:.1f} "
            f"| {median / floor:.1f}× | {in_sql / floor:.1f}× | {peak:.1f} |"
        )


def _peak_mb(client, url: str) -> float:
    """The most memory Python held at once while serving one request (tracemalloc)."""
    tracemalloc.start()
    try:
        client.get(url)
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _sql_time(client, url: str) -> tuple[float, int]:
    """Milliseconds one request of the view spent waiting for the database, and its statements."""
    from django.db import connection

    spent = [0.0, 0]

    def clock(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += (time.perf_counter() - start) * 1000
            spent[1] += 1

    with connection.execute_wrapper(clock):
        client.get(url)
    return spent[0], spent[1]


if __name__ == "__main__":
    main()
