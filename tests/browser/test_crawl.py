"""Every page each demo persona can reach by following links, at desk and phone width.

From the home page the crawl follows same-origin links, one page per URL pattern (the same
template with other data rarely breaks differently, and a bounded crawl keeps the test under a
few minutes on two cores). On each page, at 1280 and at 390 px:

- no link on the page answers 400 or more (downloads included, fetched without rendering);
- the page is no wider than the viewport (`scrollWidth <= innerWidth`);
- no table column is squeezed so narrow that its words break a character or two per line;
- the browser logs no console error and no script error;
- the visible text holds no Latin-letter word but the few a Chinese clerk reads as such.

All failures are collected and reported in one assertion, so one run lists every loose end.
"""

import re
import time
from collections import defaultdict
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from demo.builder import DEMO_PASSWORD, DEMO_USERNAMES

# The crawl is the suite's longest test. With --dist loadgroup, xdist sends the scopes with the
# most tests first and the single tests in collection order, which left the crawl (collected near
# the end) running alone while the other worker idled. A group of this module's two tests is
# sent right after the seed_demo group, so the crawl starts first on the other worker.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("crawl")]

WIDTHS = (1280, 390)
HEIGHT = 844
MAX_PAGES = 170  # per persona; the committee personas reach ~130 distinct patterns (leave room to grow)

# Never followed: leaving the session, switching the language, or a file download (whose status
# is still checked, with a request that does not render it).
SKIP_PATH = re.compile(r"/logout/|^/i18n/|^/static/|^/media/")
DOWNLOAD_PATH = re.compile(r"\.(xlsx|docx|csv|pdf|zip)$|/(export|download)/?$")
DOWNLOAD_QUERY = re.compile(r"(^|&)(format|download|export)=")

# Words a clerk reads as they are: the programs files open in, the authenticator standard, and
# codes the registry prints (organization codes O0000087, body codes GW-ZZK, matter codes ORG-05,
# a file's hexadecimal hash).
# The language switcher names English in English, and the two-factor page names the apps.
ALLOWED_WORDS = {"Excel", "Word", "TOTP", "English", "Microsoft", "Tencent", "Authenticator"}
ALLOWED_TOKEN = re.compile(r"^[A-Z]{1,3}\d+$|^[A-Z]{2,4}(-[A-Z]{2,6})*(-\d+)?$|^[0-9a-f]{8,64}$")
# A Latin word: a letter not preceded by a letter or digit (so the X closing an ID number is no word).
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_@.])[A-Za-z][A-Za-z0-9_.'-]*")

# One pass over the page in the browser: its width, what overflows it, table cells squeezed to a
# character or two per line, the visible text (less codes shown as codes) and its links.
MEASURE = """(withText) => {
  const vw = window.innerWidth;
  const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, widest: null, squeezed: []};
  if (out.scrollWidth > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && (!out.widest || r.right > out.widest.right)) {
        out.widest = {right: Math.round(r.right), tag: el.tagName.toLowerCase(),
                      cls: typeof el.className === 'string' ? el.className : '',
                      text: (el.innerText || '').slice(0, 40)};
      }
    }
  }
  for (const cell of document.querySelectorAll('td, th')) {
    const text = (cell.innerText || '').trim();
    if (text.length < 2 || cell.offsetParent === null) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const size = parseFloat(style.fontSize);
    const line = parseFloat(style.lineHeight) || 1.5 * size;
    const tall = cell.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    if (inner < 2.5 * size && tall > 1.5 * line) out.squeezed.push(text.replace(/\\s+/g, ' ').slice(0, 20));
  }
  if (withText) {
    out.text = document.body.innerText;
    out.codes = Array.from(document.querySelectorAll('code, kbd, samp')).map(c => c.innerText);
    out.links = Array.from(document.querySelectorAll('a[href]'))
      .map(a => ({href: a.href, download: a.hasAttribute('download')}));
  }
  return out;
}"""


def pattern_of(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route or match.view_name


def page_key(url: str) -> str:
    """One page per URL pattern: a filter, a page number or another object of the same kind
    renders the same template, and the crawl has to stay short."""
    return pattern_of(urlsplit(url).path)


def latin_words(text: str, extra_allowed: set[str]) -> set[str]:
    words = set()
    for word in LATIN_WORD.findall(text):
        word = word.rstrip(".'-")
        if word in ALLOWED_WORDS or word in extra_allowed or ALLOWED_TOKEN.match(word):
            continue
        words.add(word)
    return words


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")


def crawl(browser, base_url: str, username: str, *, max_pages: int = MAX_PAGES):
    """Walk what `username` reaches from the home page; return the failures, the URLs visited
    and the five slowest (seconds, URL), to see where the time goes when the crawl grows slow."""
    origin = urlsplit(base_url).netloc
    failures: list[tuple[str, str, str, str]] = []  # (persona, pattern, kind, detail)
    # Usernames are the people's login names, shown on the account pages as they are typed
    # (the demo's personas and the accounts its parts add, e.g. the union's reader).
    allowed = set(DEMO_USERNAMES) | set(User.objects.values_list("username", flat=True))
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, base_url, username)

    queue = [(f"{base_url}/", "home")]
    seen_keys = {page_key(f"{base_url}/")}
    checked_status: dict[tuple, int] = {}
    visited = []
    timings: list[tuple[float, str]] = []
    while queue and len(visited) < max_pages:
        url, source = queue.pop(0)
        pattern = page_key(url)
        errors.clear()
        started = time.monotonic()
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as error:  # a download the patterns above did not recognise
            failures.append((username, pattern, "download", f"{url} is a download: {error.message.splitlines()[0]}"))
            continue
        visited.append(url)
        status = response.status if response else 0
        if status >= 400:
            failures.append((username, pattern, "status", f"{status} {url} (linked from {source})"))
            continue
        if urlsplit(page.url).path.startswith("/accounts/login"):
            failures.append((username, pattern, "status", f"sent to log in from {url}"))
            log_in(page, base_url, username)
            continue
        # The phone width is measured on the same document, resized: the layout is CSS (media
        # queries and flex), and a second load per page would double the crawl's time.
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": HEIGHT})
            m = page.evaluate(MEASURE, width == WIDTHS[0])
            if width != WIDTHS[0] and (m["scrollWidth"] > m["innerWidth"] or m["squeezed"]):
                # confirm on a fresh load: scripts (charts) may size themselves once, at load
                page.reload(wait_until="load")
                m = page.evaluate(MEASURE, False)
            if width == WIDTHS[0]:
                first = m
                text = m["text"]
                for code in m["codes"]:
                    text = text.replace(code, " ")
                words = latin_words(text, allowed)
                if words:
                    failures.append((username, pattern, "words", f"{sorted(words)} at {url}"))
            if m["scrollWidth"] > m["innerWidth"]:
                w = m["widest"] or {}
                failures.append(
                    (
                        username,
                        pattern,
                        f"wide@{width}",
                        f"{m['scrollWidth']} px > {m['innerWidth']} at {url}; "
                        f"widest <{w.get('tag')} class='{w.get('cls')}'> to {w.get('right')} px: {w.get('text')!r}",
                    )
                )
            if m["squeezed"]:
                failures.append((username, pattern, f"squeezed@{width}", f"{m['squeezed'][:4]} at {url}"))
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        timings.append((time.monotonic() - started, url))
        if errors:
            failures.append((username, pattern, "console", f"{errors[:3]} at {url}"))
        for link in first["links"]:
            href = urljoin(page.url, link["href"]).split("#")[0]
            parts = urlsplit(href)
            if parts.scheme not in ("http", "https") or parts.netloc != origin or SKIP_PATH.search(parts.path):
                continue
            link_key = page_key(href)
            if link["download"] or DOWNLOAD_PATH.search(parts.path) or DOWNLOAD_QUERY.search(parts.query):
                if link_key not in checked_status:
                    started = time.monotonic()
                    got = context.request.get(href, max_redirects=0)
                    checked_status[link_key] = got.status
                    timings.append((time.monotonic() - started, href))
                    if got.status >= 400:
                        failures.append((username, link_key, "status", f"{got.status} {href} (linked from {url})"))
                continue
            if link_key not in seen_keys:
                seen_keys.add(link_key)
                queue.append((href, url))
    if queue:
        failures.append((username, "*", "cap", f"{len(queue)} patterns left unvisited after {max_pages} pages"))
    context.close()
    return failures, visited, sorted(timings, reverse=True)[:5]


def report(failures) -> str:
    by_kind = defaultdict(list)
    for persona, pattern, kind, detail in failures:
        by_kind[kind.split("@")[0]].append(f"  {persona} {pattern}: {kind} {detail}")
    return "\n".join(f"{kind} ({len(lines)}):\n" + "\n".join(lines) for kind, lines in sorted(by_kind.items()))


@pytest.fixture
def demo(settings):
    from django.core.management import call_command

    # The demo as it runs in development: no second factor (the login and QR pages have their
    # own tests), the data as seed_demo loads it.
    settings.REQUIRE_2FA = False
    call_command("seed_demo", stdout=StringIO())
    # One import, as its audit event reads: the file's 64-character hash once widened the audit page.
    import hashlib

    from accounts.models import User
    from audit.services import record

    digest = hashlib.sha256(b"demo import").hexdigest()
    record(
        "exchange.members.imported",
        actor=User.objects.get(username="zuzhike"),
        target_label=("exchange.import", digest[:16], f"党员导入 {digest[:16]}"),
        new={"created": 3, "updated": 0, "file_sha256": digest, "members": [1, 2, 3]},
    )


def test_every_page_a_demo_persona_reaches_fits_the_screen_and_speaks_chinese(live_server, browser, demo):
    failures = []
    for username in DEMO_USERNAMES:
        found, _, _ = crawl(browser, live_server.url, username)
        failures.extend(found)
    assert not failures, f"{len(failures)} problems on the crawl:\n{report(failures)}"


def test_the_word_check_passes_codes_and_names_and_catches_english():
    text = "组织代码O0000087，事项ORG-05，主办单位GW-ZZK，文件d2bfc8025ea4935a，下载 Excel，身份证50010119850520123X"
    assert latin_words(text, {"zuzhike"}) == set()
    assert latin_words("用户zuzhike；Member：张三；accounts.login.succeeded", {"zuzhike"}) == {
        "Member",
        "accounts.login.succeeded",
    }
