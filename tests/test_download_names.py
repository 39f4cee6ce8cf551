"""Every download is named in Chinese by what it is, the scope it covers and its date, through
one function (`core.export.download_name`), and sent as RFC 5987 `filename*`."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.urls import reverse

from core.export import ExportKind, download_name

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    settings.DANGJIAN_TODAY = TODAY


def saved_as(response) -> str:
    """The name a browser saves the download under (the `filename*` parameter, decoded)."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''"), header
    return unquote(header.split("''", 1)[1])


def test_a_name_is_the_kind_the_scope_and_the_date():
    assert download_name(ExportKind.MEMBERS, scope="万州区直机关工委", ext="xlsx") == (
        "党员名册-万州区直机关工委-2026-11-30.xlsx"
    )
    assert download_name(ExportKind.STATISTICS, day=dt.date(2005, 12, 31), ext="xlsx") == "党内统计-2005-12-31.xlsx"


def test_the_member_list_downloads_as_the_register_of_the_leaders_committee(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("members:export"))
    assert saved_as(response) == "党员名册-区直机关工委-2026-11-30.xlsx"


def test_a_member_list_filtered_to_a_branch_is_named_by_the_branch(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("members:export"), {"organization": registry.branch_a.pk})
    assert saved_as(response) == "党员名册-财政局第一支部-2026-11-30.xlsx"


def test_the_post_list_the_organizations_and_the_units_are_named_in_chinese(registry, client_for, secretary):
    client = client_for(secretary)
    assert saved_as(client.get(reverse("orgs:post_export"))) == "职务名册-区直机关工委-2026-11-30.xlsx"
    assert saved_as(client.get(reverse("orgs:export"))) == "党组织名册-区直机关工委-2026-11-30.xlsx"
    assert saved_as(client.get(reverse("orgs:unit_export"))) == "单位名册-2026-11-30.xlsx"


def test_statistics_are_named_by_the_day_they_count(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("reports:statistics_xlsx"), {"as_of": "2005-12-31"})
    assert saved_as(response) == "党内统计-区直机关工委-2005-12-31.xlsx"


def test_the_audit_trail_and_a_transfer_list_are_named_in_chinese(registry, client_for, secretary):
    client = client_for(secretary)
    assert saved_as(client.get(reverse("audit:export"))) == "审计日志-区直机关工委-2026-11-30.xlsx"
    response = client.get(reverse("transfers:export"), {"list": "pocket"})
    assert saved_as(response) == "口袋党员-区直机关工委-2026-11-30.xlsx"


def test_a_letter_is_named_by_the_member_and_its_number(registry, client_for, secretary):
    from transfers.services import do_issue_letter

    transfer = do_issue_letter(
        registry.zhang_san,
        outside_organization="中共某县委组织部",
        day=dt.date(2026, 11, 20),
        reason="工作调动",
        dues_paid_until=dt.date(2026, 11, 1),
        acting_user=None,
    )
    response = client_for(secretary).get(reverse("transfers:letter_docx", args=[transfer.pk]))
    assert saved_as(response) == f"组织关系介绍信-张三-{transfer.letter_number}-2026-11-20.docx"
