"""Server-side render time of the main pages on the demo data (`make bench`).

Uses its own database (default: .local/bench.sqlite3; set DATABASE_URL for PostgreSQL), loads
the demo into it when empty, then renders each page through the Django test client as the
committee clerk: 3 warm-up runs, then --runs timed runs. Prints median, p95 and SQL queries.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for an empty database")
    args = parser.parse_args()

    (ROOT / ".local").mkdir(exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / '.local' / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from members.models import Member
    from orgs.models import OrgKind, PartyOrganization, WorkingCommittee

    call_command("migrate", verbosity=0)
    if not PartyOrganization.objects.exists():
        print(f"loading the demo (scale {args.scale}) ...", file=sys.stderr)
        call_command("seed_demo", scale=args.scale, stdout=io.StringIO())

    client = Client()
    clerk = User.objects.get(username="zuzhike")
    client.force_login(clerk)
    _past_second_factor(client, clerk)
    committee = WorkingCommittee.objects.get()
    opc = PartyOrganization.objects.filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE).order_by("path").first()
    branch = PartyOrganization.objects.filter(kind=OrgKind.BRANCH).order_by("path").first()
    member = Member.objects.order_by("pk").first()
    pages = [
        ("tree (committee)", "/orgs/"),
        ("tree: expand the committee", f"/orgs/{committee.organization_id}/children/"),
        ("tree: expand an organ party committee", f"/orgs/{opc.pk}/children/"),
        ("organization detail (branch)", f"/orgs/{branch.pk}/"),
        ("member list, page 1", "/members/"),
        ("member list, 2 filters, page 20", "/members/?gender=F&education=bachelor&page=20"),
        ("member search by initials", "/members/?q=zs"),
        ("member detail", f"/members/{member.pk}/"),
        ("statistics today", "/stats/"),
        ("statistics as of 2010-01-01", "/stats/?as_of=2010-01-01"),
        ("units list", "/orgs/units/"),
    ]
    rows = []
    for name, url in pages:
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append((name, statistics.median(times), p95, len(ctx)))

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{connection.vendor} · commit {commit} · {time.strftime('%Y-%m-%d')} · members {Member.objects.count():,}"
    )
    print("| page | median ms | p95 ms | SQL queries |\n|---|---:|---:|---:|")
    for name, median, p95, queries in rows:
        print(f"| {name} | {median:.1f} | {p95:.1f} | {queries} |")


def _past_second_factor(client, user) -> None:
    """What a login with a TOTP code leaves in the session (committee staff need one)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


if __name__ == "__main__":
    main()
