"""`make load`: the demo (7,907 members) on PostgreSQL, served by gunicorn with production
settings on 127.0.0.1 only, and locust headless against it (bench/locustfile.py), bounded in
time. Prints the figures of the issue-8 targets and a table per request.

    python -m bench.load [--users 100] [--minutes 5] [--port 8765] [--database dangjian_load]

The database is made and seeded when missing; the run's writes (transfers issued and withdrawn)
stay in it. Needs PostgreSQL on 127.0.0.1:5432 (trust), as CI has.
"""

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
USERS = ("zuzhibu", "jiguandangwei", "zhibushuji")  # bench/locustfile.py
PASSWORD = "Dangjian#2026"  # noqa: S105 - the demo accounts' published password (README)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="dangjian_load")
    args = parser.parse_args()

    url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {args.database}"],
        capture_output=True,
        check=False,
    )  # exists already: fine
    dev = {**os.environ, "DATABASE_URL": url, "DANGJIAN_ENV": "development"}
    manage = [str(BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=dev, cwd=ROOT, check=True)
    subprocess.run([*manage, "seed_demo", "--if-empty"], env=dev, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    ids = _ids(url)

    production = {
        **os.environ,
        "DATABASE_URL": url,
        "DANGJIAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        # the key the demo was encrypted with (generated into .local outside production)
        "DANGJIAN_FIELD_KEY": (ROOT / ".local" / "dangjian_field_key").read_text().strip(),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=production, cwd=ROOT, check=True)
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dangjian.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--keep-alive",
            "10",  # longer than a user's pause, so a kept-alive connection is not closed under it
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=production,
        cwd=ROOT,
    )
    try:
        _wait_for(f"http://127.0.0.1:{args.port}/accounts/login/")
        csv_prefix = ROOT / ".local" / "load"
        locust = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "1",  # a user logs in each second: PBKDF2 is slow on purpose, a storm of it is not the mix
                "-t",
                f"{int(args.minutes * 60)}s",
                "--stop-timeout",
                "10",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--csv",
                str(csv_prefix),
                "--only-summary",
            ],
            env={**os.environ, **ids, "LOAD_PASSWORD": PASSWORD, "LOAD_TODAY": time.strftime("%Y-%m-%d")},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    _report(csv_prefix.parent / "load_stats.csv", args)
    if locust.returncode not in (0, 1):  # 1: some requests failed, which the report shows
        print(locust.stderr[-3000:], file=sys.stderr)
        sys.exit(locust.returncode)


def _ids(url: str) -> dict[str, str]:
    """For each virtual user, members and organizations inside their scope (so that every
    request is one they may make), and a branch to transfer to."""
    os.environ.update(
        {"DATABASE_URL": url, "DANGJIAN_ENV": "development", "DJANGO_SETTINGS_MODULE": "dangjian.settings"}
    )
    import django

    django.setup()
    from accounts.models import User
    from accounts.scope import scope_queryset
    from members.models import Member
    from orgs.models import OrgKind, PartyOrganization

    ids = {}
    for username in USERS:
        user = User.objects.get(username=username)
        members = scope_queryset(user, Member.objects.filter(status="active")).order_by("?")[:300]
        organizations = scope_queryset(user, PartyOrganization.objects.filter(numchild__gt=0)).order_by("?")[:300]
        ids[f"LOAD_{username.upper()}_MEMBERS"] = ",".join(str(m.pk) for m in members)
        ids[f"LOAD_{username.upper()}_ORGANIZATIONS"] = ",".join(str(o.pk) for o in organizations)
    branch = User.objects.get(username="zhibushuji").role_assignments.get().organization
    destination = (
        PartyOrganization.objects.filter(kind=OrgKind.BRANCH, dissolved__isnull=True)
        .exclude(pk=branch.pk)
        .order_by("path")
        .first()
    )
    ids["LOAD_DESTINATION"] = destination.code
    return ids


def _wait_for(url: str) -> None:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310 - http://127.0.0.1 only
    for _ in range(60):
        try:
            with urllib.request.urlopen(request, timeout=5):  # noqa: S310 - loopback, our own server
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(1)
    raise SystemExit(f"gunicorn did not answer on {url}")


def _report(path: Path, args) -> None:
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    print(
        f"load: {args.users} users, {args.minutes:g} min, gunicorn 3×4 gthread, PostgreSQL, commit "
        f"{commit.stdout.strip()}, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores"
    )
    print(
        f"requests {int(total['Request Count']):,} · failed {int(total['Failure Count'])} · "
        f"{float(total['Requests/s']):.1f}/s · median {total['50%']} ms · p95 {total['95%']} ms · "
        f"p99 {total['99%']} ms · max {float(total['Max Response Time']):.0f} ms"
    )
    print("| request | count | failed | median ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: -int(r["Request Count"])):
        if r["Name"] != "Aggregated":
            print(
                f"| {r['Type']} {r['Name']} | {int(r['Request Count']):,} | {r['Failure Count']} | {r['50%']} "
                f"| {r['95%']} | {r['99%']} |"
            )


if __name__ == "__main__":
    main()
