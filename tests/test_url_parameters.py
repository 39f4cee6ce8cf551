"""Numbers, dates and ids typed into an address bar: a bad value gives the page with its default
and a message saying what was wrong (a form error on a filter form), or a 404 for an id; never
a 500. The sweep over every URL is tests/test_url_fuzz.py."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from adjustments.models import AdjustmentPlan
from audit.models import AuditEvent
from audit.services import record, verify_chain
from core import clock
from core.params import date_param, id_list_param, id_param, int_param, text_param


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("year", ["0", "-1", "10000", str(10**25), "²", "2024.5"])
def test_a_plan_year_out_of_range_shows_this_years_plan_and_says_why(registry, client_for, secretary, year):
    response = client_for(secretary).get(reverse("development:plan"), {"year": year})
    this_year = clock.today().year
    assert response.status_code == 200
    assert response.context["year"] == this_year
    assert f"“{year[:30]}”不是有效的年度：请输入 1921 至 2100 之间的整数。现显示 {this_year}。" in page(response)


def test_a_plan_year_in_range_is_shown_without_a_message(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("development:plan"), {"year": "1999"})
    assert response.context["year"] == 1999 and "不是有效的" not in page(response)


def test_comparing_plans_named_by_something_that_is_not_an_id_says_to_choose_two(registry, client_for, secretary):
    plan = AdjustmentPlan.objects.create(name="调整草案", committee=registry.working)
    client = client_for(secretary)
    response = client.get(f"{reverse('adjustments:compare')}?plan={plan.pk}&plan=²&plan={10**25}", follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "请至少勾选两个方案进行对比。" in page(response)


def test_an_authority_matrix_filtered_by_a_body_that_is_not_an_id_shows_every_matter(
    registry, client_for, secretary, division
):
    authority_list, _bodies = division
    response = client_for(secretary).get(reverse("authority:list", args=[authority_list.pk]), {"body": "²"})
    assert response.status_code == 200
    assert "专职机关党委书记考察任免" in page(response) and "区直部门中心组学习督促检查" in page(response)


def test_comparing_authority_lists_by_something_that_is_not_an_id_is_not_found(
    registry, client_for, secretary, division
):
    authority_list, _bodies = division
    response = client_for(secretary).get(reverse("authority:compare"), {"old": "²", "new": authority_list.pk})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "query, message",
    [
        ({"end": "9999-12-31"}, "截止日期: 请输入1921-01-01至2100-12-31之间的日期。"),
        ({"start": "0001-01-01"}, "起始日期: 请输入1921-01-01至2100-12-31之间的日期。"),
        ({"start": "9999-12-31"}, "起始日期: 请输入1921-01-01至2100-12-31之间的日期。"),
    ],
)
def test_an_audit_filter_date_at_the_end_of_the_calendar_is_refused_on_the_form(
    registry, client_for, secretary, query, message
):
    client = client_for(secretary)
    for name in ("audit:events", "audit:export"):
        assert client.get(reverse(name), query).status_code == 200
    assert message in page(client.get(reverse("audit:events"), query))


def test_a_statistics_date_at_the_start_of_the_calendar_is_refused_on_the_form(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("reports:statistics"), {"as_of": "0001-01-01"})
    assert response.status_code == 200 and "请输入1921-01-01至2100-12-31之间的日期。" in page(response)


@pytest.mark.parametrize("start", ["0001-01-01", "9999-12-31", "2024-02-30"])
def test_a_ledger_period_out_of_range_shows_every_plan_and_says_why(registry, client_for, secretary, start):
    client = client_for(secretary)
    assert client.get(reverse("adjustments:ledger_xlsx"), {"start": start}).status_code == 200
    response = client.get(reverse("adjustments:ledger"), {"start": start})
    assert response.status_code == 200 and response.context["start"] is None
    assert f"“{start}”不是有效的起始日期：请输入 1921-01-01 至 2100-12-31 之间的日期，格式如 2024-05-31。" in page(
        response
    )


def test_a_nul_in_a_query_key_is_refused_with_a_400_and_writes_nothing(registry, client_for, secretary):
    client = client_for(secretary)
    before = AuditEvent.objects.count()
    response = client.get(f"{reverse('audit:export')}?a%00b=1")
    assert response.status_code == 400 and "请求无法识别" in page(response)
    assert AuditEvent.objects.count() == before


def test_the_audit_export_records_only_the_filters_it_knows_as_printable_text(registry, client_for, secretary):
    client_for(secretary).get(f"{reverse('audit:export')}?person=a%01b&x%1b=1&start=2024-01-01")
    event = AuditEvent.objects.filter(action="audit.exported").latest("pk")
    assert event.new["filters"] == {"person": "ab", "start": "2024-01-01"}


def test_the_audit_writer_stores_keys_and_values_a_request_carried_whatever_they_hold(registry):
    """NUL cannot be stored in PostgreSQL's text or jsonb, nor a lone surrogate; other control
    characters break the export. The writer keeps the rest, and the chain still verifies."""
    nasty = "a\x00b\x01c\x1b\ud800d\ufffe\n"
    record(
        "test.nasty",
        actor=None,
        target_label=("x\x00", "1\x00", nasty),
        old={nasty: [nasty, 1, None]},
        new={"note": nasty, "nested": {nasty: nasty}},
        reason=nasty,
    )
    event = AuditEvent.objects.get(action="test.nasty")
    assert event.reason == "abcd\n" and event.target_repr == "abcd\n" and event.target_id == "1"
    assert event.old == {"abcd\n": ["abcd\n", 1, None]}
    assert event.new == {"note": "abcd\n", "nested": {"abcd\n": "abcd\n"}}
    assert verify_chain()[1] is None


class _Request:
    def __init__(self, **params):
        from django.http import QueryDict

        self.GET = QueryDict(mutable=True)
        for key, value in params.items():
            self.GET.setlist(key, value if isinstance(value, list) else [value])


def test_the_parsers_accept_ascii_numbers_within_bounds_only():
    quiet = {"lo": 1, "hi": 10, "default": 5, "warn": False}
    assert [int_param(_Request(n=v), "n", **quiet) for v in ["3", " 7 ", "", "²", "١٢", "1_0", "11", "-1"]] == [
        3,
        7,
        5,
        5,
        5,
        5,
        5,
        5,
    ]
    assert date_param(_Request(d="2024-02-29"), "d", warn=False) == dt.date(2024, 2, 29)
    assert date_param(_Request(d="2024-02-30"), "d", warn=False) is None
    assert id_list_param(_Request(p=["3", "3", "0", "²", str(2**63), "4"]), "p", limit=5) == [3, 4]
    assert text_param(_Request(q=" a\x01b" + "c" * 500), "q") == "ab" + "c" * 197
    with pytest.raises(Exception) as refused:
        id_param(_Request(pk=str(2**63)), "pk")
    assert refused.type.__name__ == "Http404"
