"""What comes in through a form is refused when no export or person could use it: control
characters, non-characters, text of absurd length, dates of year 1 or 9999 (issue 15, items 2
and 13). The sweep posts such values into every field of every form that the pages of the
permission-matrix walk show, then checks that no text in the database holds them."""

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import resolve

from adjustments.models import AdjustmentPlan
from audit.models import AuditEvent
from conftest import verify_second_factor
from core.validators import has_forbidden_characters
from tests.test_permission_matrix import POLICY, World, url_for
from transfers.models import Transfer
from work.models import WorkItem

CONTROL_REFUSED = "请删除文字中的控制字符"
TOO_LONG_REFUSED = "确保该变量包含不超过"
DATE_REFUSED = "之间的日期"
HUGE = "x" * 3_000_000
# "\ud800" cannot be sent: a client cannot encode a lone surrogate, and what a browser sends
# for one arrives as U+FFFD. The validator refuses it all the same (checked below directly).
CONTROL_VALUES = ["u\x01\x02\x1b", "\x00", "\ufffe", "a\x85b", "a\x9bb", "a\x7fb"]
TEXT_TYPES = {"text", "search", "email", "tel", "url", "password"}


class _Forms(HTMLParser):
    """The POST forms of a page: action, and each field's name, kind and value as shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = (
                {"action": a.get("action", ""), "fields": {}, "values": {}}
                if a.get("method", "get").lower() == "post"
                else None
            )
        if self._form is None or "name" not in a or "disabled" in a:
            return  # a browser sends no disabled field (the server ignores one posted anyway)
        fields, values, name = self._form["fields"], self._form["values"], a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in TEXT_TYPES:
                fields[name] = "text"
            elif kind in {"date", "month"}:
                fields[name] = kind
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    values[name] = a.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                values.setdefault(name, a.get("value", ""))
        elif tag == "textarea":
            fields[name] = "textarea"
            self._textarea = name
            values[name] = ""
        elif tag == "select":
            self._select = name
        if tag == "option" and self._select and a.get("value") and (self._select not in values or "selected" in a):
            values[self._select] = a["value"]

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["values"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(client: Client, page: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """(action, {field: kind}, baseline values) of every POST form with a field to fill."""
    response = client.get(page)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    parser = _Forms()
    parser.feed(response.content.decode())
    return [(urljoin(page, f["action"] or page), f["fields"], f["values"]) for f in parser.forms if f["fields"]]


def bad_values(kind: str) -> list[tuple[str, str]]:
    """(value, what the page must say) for a field of this kind."""
    if kind == "date":
        return [("0001-01-01", DATE_REFUSED), ("9999-12-31", DATE_REFUSED)]
    if kind == "month":
        return [("0001-01", DATE_REFUSED), ("9999-12", DATE_REFUSED)]
    return [*((v, CONTROL_REFUSED) for v in CONTROL_VALUES), (HUGE, TOO_LONG_REFUSED)]


def sweep(client: Client, pages: list[str]) -> tuple[list[str], int]:
    failures, tried, seen = [], 0, set()
    for page in pages:
        for action, fields, baseline in post_forms(client, page):
            match = resolve(action.split("?")[0])
            for name, kind in fields.items():
                if (match.view_name, name) in seen:
                    continue
                seen.add((match.view_name, name))
                for value, refusal in bad_values(kind):
                    tried += 1
                    response = client.post(action, {**baseline, name: value}, follow=True)
                    text = response.content.decode()
                    if response.status_code >= 500 or refusal not in text:
                        failures.append(f"{action} {name}={value[:12]!r}: {response.status_code}, no “{refusal}”")
    return failures, tried


def stored_bad_text() -> list[str]:
    """Every text column of every table: none holds a forbidden character or an absurd length."""
    found = []
    for model in apps.get_models():
        columns = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
        ]
        if not columns or model._meta.app_label == "sessions":
            continue
        for row in model.objects.values_list("pk", *columns):
            for column, value in zip(columns, row[1:], strict=True):
                if isinstance(value, str) and (has_forbidden_characters(value, lines=True) or len(value) > 100_000):
                    found.append(f"{model._meta.label}#{row[0]}.{column}: {value[:20]!r}")
    return found


def test_every_form_field_refuses_control_characters_huge_text_and_absurd_dates(registry, client):
    world = World(registry)
    leader = world.users["committee_leader"]
    client.force_login(leader)
    verify_second_factor(client, leader)
    pages = [
        url_for(world, name, "committee_leader", True)
        for name, rule in sorted(POLICY.items())
        if not rule.post_only and not rule.public
    ]
    failures, tried = sweep(client, pages)
    anonymous_failures, anonymous_tried = sweep(Client(), ["/accounts/login/"])
    assert tried > 300 and anonymous_tried == 2 * len(bad_values("text"))  # the login: user name, password
    assert not failures + anonymous_failures, "\n".join(failures + anonymous_failures)
    assert not stored_bad_text()


def test_a_user_name_with_control_characters_is_refused_before_it_reaches_the_audit_log(registry, client):
    before = AuditEvent.objects.count()
    response = client.post("/accounts/login/", {"username": "u\x01\x02\x1b", "password": "whatever"})
    assert response.status_code == 200 and CONTROL_REFUSED in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_a_comment_of_three_million_characters_is_refused(registry, client_for, secretary):
    item = WorkItem.objects.create(title="换届提醒", organization=registry.branch_a)
    page = client_for(secretary).post(f"/todo/{item.pk}/comment/", {"text": HUGE}, follow=True).content.decode()
    assert "确保该变量包含不超过 2000 字符" in page
    assert not item.comments.exists()


def test_a_letter_dated_in_year_one_is_refused(registry, client_for, secretary):
    member = registry.wang_wu
    page = client_for(secretary).post(
        f"/transfers/members/{member.pk}/letter/",
        {"outside_organization": "外地党委", "day": "0001-01-01", "dues_paid_until": "2026-10", "reason": "工作调动"},
    )
    assert "请输入1921-01-01至2100-12-31之间的日期。" in page.content.decode()
    assert not Transfer.objects.filter(member=member).exists()


@pytest.mark.parametrize("form", ["post", "appointment"])
def test_an_appointment_from_the_year_9999_is_refused(registry, client_for, secretary, form):
    org, member = registry.branch_a, registry.zhang_san
    url, data = {
        "post": (f"/orgs/{org.pk}/posts/new/", {"member": member.pk, "role": "secretary", "valid_from": "9999-12-31"}),
        "appointment": (
            f"/todo/appointments/{org.pk}/new/",
            {"member": member.pk, "rank": "deputy_division", "valid_from": "9999-12-31", "reason": "工作需要"},
        ),
    }[form]
    page = client_for(secretary).post(url, data).content.decode()
    assert "请输入1921-01-01至2100-12-31之间的日期。" in page


def test_a_nul_in_a_plan_decision_note_is_refused_not_stored(registry, client_for, secretary):
    plan = AdjustmentPlan.objects.create(name="调整草案", committee=registry.working)
    page = client_for(secretary).post(f"/adjustments/{plan.pk}/reject/", {"note": "不\x00同意"}, follow=True)
    assert page.status_code == 200 and CONTROL_REFUSED in page.content.decode()
    plan.refresh_from_db()
    assert (plan.status, plan.decision_note) == ("draft", "")


def test_the_rule_refuses_lone_surrogates_and_non_characters_but_not_lines_in_a_textarea():
    assert has_forbidden_characters("\ud800") and has_forbidden_characters("a\U0010ffff")
    assert has_forbidden_characters("a\tb") and not has_forbidden_characters("a\tb\r\nc", lines=True)
    assert not has_forbidden_characters("中文（全角）· ü €", lines=False)


def test_the_rule_refuses_bidirectional_overrides_that_turn_a_name_around():
    for override in ("\u202e", "\u202d", "\u2066", "\u2069"):
        assert has_forbidden_characters(f"O73{override}exe.cod")
    assert not has_forbidden_characters("第一党支部\u200e")


def test_every_form_in_the_project_has_the_input_rules():
    from django import forms
    from django.urls import get_resolver

    from core.forms import BootstrapMixin

    get_resolver().url_patterns  # noqa: B018 - imports every view module, and so every form
    project = {c.name for c in apps.get_app_configs() if not c.name.startswith("django")}

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {f for f in subclasses(forms.BaseForm) if f.__module__.split(".")[0] in project}
    assert len(ours) > 40
    missing = sorted(f"{f.__module__}.{f.__qualname__}" for f in ours if not issubclass(f, BootstrapMixin))
    assert not missing, f"forms without core.forms.BootstrapMixin (the input rules): {missing}"


def test_a_birth_date_window_starts_in_1900_and_party_dates_in_1921():
    from core.validators import MODERN_ERA, PARTY_ERA

    assert dt.date(1905, 1, 1) in MODERN_ERA and dt.date(1905, 1, 1) not in PARTY_ERA
    assert dt.date(1921, 7, 1) in PARTY_ERA and dt.date(2101, 1, 1) not in PARTY_ERA
