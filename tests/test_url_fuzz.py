"""Every URL pattern, read with nasty query parameters, answers without a server error.

The committee's leader (who sees the most pages) GETs each pattern of the permission matrix's
walk with parameters drawn from the names the views read and from random names, with values a
person or a script may type: huge and negative numbers, "²", control characters, NUL (in values
and in keys), impossible and extreme dates, very long text. Whatever they are, the answer is a
page, a redirect, a 400 or a 404: never a 5xx. Run it on PostgreSQL too: NUL bytes and date
overflow fail there differently than on SQLite."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as settings_module
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import verify_second_factor
from tests.test_permission_matrix import POLICY, World, _kwargs, url_for

PERSONA = "committee_leader"

MEMBER_FILTERS = ["q", "organization", "category", "status", "gender", "age", "education", "leading_cadre"]
AUDIT_FILTERS = ["person", "action", "organization", "start", "end"]
# What each view reads from its query string (request.GET, the core.params helpers, the filter
# forms); test_the_list_of_parameters_covers_every_name_the_views_read keeps it honest.
VIEW_PARAMETERS = {
    "accounts:login": ["next"],
    "accounts:two_factor": ["next"],
    "accounts:users": ["q", "page"],
    "adjustments:compare": ["plan"],
    "adjustments:ledger": ["start", "end"],
    "adjustments:ledger_xlsx": ["start", "end"],
    "adjustments:operation_create": ["kind"],
    "audit:events": [*AUDIT_FILTERS, "page"],
    "audit:export": AUDIT_FILTERS,
    "authority:compare": ["old", "new"],
    "authority:list": ["body", "domain"],
    "authority:list_xlsx": ["body", "domain"],
    "authority:list_create": ["based_on"],
    "core:rules": ["on"],
    "discipline:case_create": ["clue"],
    "development:plan": ["year"],
    "elections:oversight": ["status", "page"],
    "elections:term_changes": ["page"],
    "dues:index": ["month", "page"],
    "leadership:study": ["year"],
    "leadership:study_xlsx": ["year"],
    "leadership:life_meetings": ["year"],
    "leadership:unit": ["year"],
    "evaluation:index": ["year", "page"],
    "evaluation:organization": ["page"],
    "activities:index": ["year"],
    "campaigns:apply": ["campaign"],
    "campaigns:campaign": ["year"],
    "campaigns:activities": ["year", "page"],
    "campaigns:branch_activities": ["year", "page"],
    "campaigns:mine": ["page"],
    "campaigns:pairing": ["page"],
    "commendations:organization": ["round"],
    "commendations:nominate": ["round"],
    "funds:overview": ["kind", "year", "page"],
    "funds:organization": ["year", "page"],
    "funds:budget_set": ["year", "kind", "source"],
    "members:list": [*MEMBER_FILTERS, "page"],
    "members:export": MEMBER_FILTERS,
    "members:create": ["organization"],
    "members:pick": ["q", "organization", "unit", "full"],
    "members:event": ["kind"],
    "members:flags": ["organization", "kind"],
    "orglife:organization": ["year"],
    "orglife:plan_item_create": ["year"],
    "orglife:record": ["kind", "date", "group", "plan"],
    "orglife:ledger": ["year"],
    "orglife:ledger_docx": ["year"],
    "orglife:ledger_xlsx": ["year"],
    "orglife:my_life": ["year"],
    "discipline:talks": ["kind", "year"],
    "discipline:talk_record": ["kind", "member", "post"],
    "discipline:talk_record_org": ["kind", "member", "post"],
    "discipline:sanctions": ["state", "year", "page"],
    "discipline:sanction_create": ["case"],
    "orgs:tree": ["q", "page"],
    "orgs:children": ["page"],
    "orgs:organization": ["page"],
    "orgs:organization_create": ["parent"],
    "orgs:export": ["q"],
    "orgs:pick": ["q", "pool", "kinds"],
    "orgs:unit_pick": ["q", "pool"],
    "orgs:units": ["q", "level", "category", "page"],
    "orgs:unit_export": ["q", "level", "category"],
    "orglife:compliance": ["year", "superior", "superior_search", "unit", "unit_search", "behind", "sort", "page"],
    "orglife:compliance_xlsx": ["year", "superior", "superior_search", "unit", "unit_search", "behind", "sort"],
    "reports:statistics": ["as_of"],
    "reports:statistics_xlsx": ["as_of"],
    "reports:superiors": ["as_of"],
    "transfers:export": ["list"],
    "work:todo": ["status", "matter", "kind", "role", "group", "overdue", "organization", "scope", "page"],
    "work:item_create": ["matter"],
    "dues:remittance_month": ["year", "month"],
    "dues:remittances_to_confirm": ["page"],
    "dues:account": ["year"],
    "dues:subtree_account": ["year"],
    "dues:account_docx": ["year"],
    "dues:receipt": ["year"],
    "dues:receipt_docx": ["year", "m"],
    "assessment:overview": ["year", "page"],
    "assessment:organization": ["year"],
    "assessment:self_assessment": ["year"],
    "assessment:score": ["year", "item"],
    "assessment:debrief": ["year"],
    "assessment:responsibility_docx": ["year"],
}
PARAMETER_NAMES = sorted({name for names in VIEW_PARAMETERS.values() for name in names})

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "10000",
    str(10**25),
    str(2**63),
    str(2**63 - 1),
    "-" + str(10**25),
    "9" * 5000,
    "²",
    "١٢",
    "1_0",
    "1e400",
    "NaN",
    "inf",
    "2024.5",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b",
    "\x7f\x85\x9f",
    "\ufffe\uffff",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-13-45",
    "1921-01-01",
    "2100-12-31",
    "-2024-01-01",
    "x" * 10000,
    "全" * 3000,
    "' OR 1=1 --",
    "%00",
    "//evil.example/",
    "javascript:alert(1)",
    "all",
]

# Every parameter a view reads gets each of these (test_every_parameter_a_view_reads_...).
SWEEP = [
    "",
    "0",
    "-1",
    str(10**25),
    str(2**63),
    "²",
    "1e400",
    "\x01\x1b",
    "a\x00b",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "x" * 10000,
]

# Lone surrogates cannot be sent: the client encodes the query as UTF-8, as a browser would.
free_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
values = st.one_of(
    st.sampled_from(NASTY),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(str),
    free_text,
)
ODD_KEYS = ["\x00", "page\x00", "a\x01", "\x1b[31m", "year[]", "year\u200b", "x" * 1000]
odd_names = st.one_of(free_text, st.sampled_from(ODD_KEYS))


def queries(own: list[str]):
    """Query strings of up to four pairs, mostly the view's own parameters."""
    names = st.one_of(st.sampled_from(own or PARAMETER_NAMES), st.sampled_from(PARAMETER_NAMES), odd_names)
    return st.lists(st.tuples(names, values), min_size=1, max_size=4)


def _query_string(pairs) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)


@pytest.fixture
def leader(registry, client):
    world = World(registry)
    user = world.users[PERSONA]
    client.force_login(user)
    verify_second_factor(client, user)
    return world, client


def _get(client, url: str) -> int:
    """The status of GET `url`, anything it wrote rolled back; an exception is a failure."""
    with transaction.atomic():
        try:
            return client.get(url).status_code
        except Exception as e:
            raise AssertionError(f"{url[:300]}: {e!r}") from e
        finally:
            transaction.set_rollback(True)


def _reader(client, base: str, own: list[str]):
    """A property over query strings for one URL: no answer of 500 or more, no exception."""
    joiner = "&" if "?" in base else "?"

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(pairs=queries(own))
    def read(pairs):
        url = f"{base}{joiner}{_query_string(pairs)}"
        status = _get(client, url)
        assert status < 500, f"{url[:300]}: {status}"

    return read


def test_the_list_of_parameters_covers_every_name_the_views_read():
    read = set()
    for views in Path(settings_module.BASE_DIR).glob("*/views.py"):
        source = views.read_text()
        read |= set(re.findall(r"request\.GET\.(?:get|getlist)\(\"(\w+)\"", source))
        read |= set(re.findall(r"_param\(request, \"(\w+)\"", source))
    assert read - {"next"} <= set(PARAMETER_NAMES), sorted(read - set(PARAMETER_NAMES))
    assert set(VIEW_PARAMETERS) <= set(POLICY)


def _url(world, name: str, parameter: str, value: str) -> str:
    base = url_for(world, name, PERSONA, True)
    return f"{base}{'&' if '?' in base else '?'}{_query_string([(parameter, value)])}"


def test_every_parameter_a_view_reads_survives_every_nasty_value(leader):
    world, client = leader
    failures = []
    for name, parameters in sorted(VIEW_PARAMETERS.items()):
        # Odd names too: a NUL or a control character in a key (an export records its filters).
        pairs = [(p, v) for p in parameters for v in SWEEP] + [(key, "1") for key in ODD_KEYS]
        for parameter, value in pairs:
            url = _url(world, name, parameter, value)
            try:
                status = _get(client, url)
            except AssertionError as e:
                failures.append(f"{name}: {e}")
                continue
            if status >= 500:
                failures.append(f"{name}: {url[:300]}: {status}")
    assert not failures, "\n".join(failures)


def test_every_url_read_with_random_query_parameters_gives_no_server_error(leader):
    world, client = leader
    failures = []
    for name in sorted(POLICY):
        if POLICY[name].post_only or name == "accounts:logout":
            continue
        try:
            _reader(client, url_for(world, name, PERSONA, True), VIEW_PARAMETERS.get(name, []))()
        except AssertionError as e:
            failures.append(f"{name}: {str(e).splitlines()[0]}")
    assert not failures, "\n".join(failures)


def test_every_url_naming_an_id_beyond_any_table_is_not_found(leader):
    """The ids in the path (`<int:pk>`: any run of digits) as well as in the query."""
    world, client = leader
    failures = []
    for name, rule in sorted(POLICY.items()):
        if rule.kind is None:
            continue
        for pk in (0, 2**63, 10**25):
            url = reverse(name, kwargs=_kwargs(name, pk))
            try:
                status = _get(client, url)
            except AssertionError as e:
                failures.append(f"{name}: {e}")
                continue
            if status not in {404, 405}:
                failures.append(f"{name}: {url}: {status}")
    assert not failures, "\n".join(failures)
