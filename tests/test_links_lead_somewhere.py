"""Links a user cannot follow are not shown (issue 16, "no loose ends"): for every persona of
the permission-matrix world, every page reachable from the home page is rendered and every
same-origin link on it is followed (GET), and none answers 403, 404 or worse.

The crawl is bounded: each URL pattern is rendered (and its links collected) once per persona;
every distinct link found is still requested once. Downloads are checked for their status only."""

import re
from collections import deque
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from conftest import verify_second_factor
from tests.test_permission_matrix import PERSONAS, World
from transfers.models import Transfer

HREF = re.compile(r'\shref="([^"]*)"')
# Not followed: signing out ends the crawl; the language switch is a POST form's target;
# static files are served by WhiteNoise, not by a view that could refuse.
SKIP_PREFIXES = ("/accounts/logout/", "/static/", "/i18n/")


def same_origin_links(html: str) -> set[str]:
    links = set()
    for raw in HREF.findall(html):
        href = unescape(raw).strip()
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href or href.startswith("#"):
            continue  # another site, or a place on this page
        if not href.startswith("/"):
            continue  # a relative "?page=2" repeats a pattern already rendered
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIP_PREFIXES):
            links.add(path)
    return links


def pattern_of(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def crawl(client, start: str) -> list[str]:
    """Follow every link from `start`; the links that answer >= 400, with the page that showed them."""
    status: dict[str, int] = {}
    rendered: set[str] = set()
    broken = []
    queue = deque([(start, "(start)")])
    while queue:
        url, found_on = queue.popleft()
        if url in status:
            continue
        response = client.get(url)
        status[url] = response.status_code
        if response.status_code >= 400:
            broken.append(f"{url} answers {response.status_code} (linked from {found_on})")
            continue
        if response.status_code in (301, 302):
            queue.append((response["Location"], url))
            continue
        name = pattern_of(url)
        if name in rendered or not response.get("Content-Type", "").startswith("text/html"):
            continue  # a download, or a second page of a pattern already walked
        rendered.add(name)
        for link in sorted(same_origin_links(response.content.decode())):
            if link not in status:
                queue.append((link, url))
    return broken


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_every_link_on_every_page_a_persona_reaches_leads_somewhere(registry, client, persona):
    world = World(registry)
    # The plain member's own record links to their transfers: give them one to follow.
    Transfer.objects.create(
        member=registry.li_si,
        kind="within",
        source=registry.branch_a,
        destination=registry.branch_b,
        issued_on=registry.district.founded,
    )
    user = world.users[persona]
    client.force_login(user)
    if persona in {"committee_clerk", "committee_leader"}:
        verify_second_factor(client, user)
    broken = crawl(client, reverse("workbench:home"))
    assert not broken, f"{persona}: links that lead nowhere:\n" + "\n".join(broken)
