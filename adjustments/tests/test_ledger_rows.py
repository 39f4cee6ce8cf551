"""What a clerk files from an adjustment: one row per organization moved, and the reversal
written at execution shown as what it is (issue 16)."""

import datetime as dt
from io import BytesIO

from openpyxl import load_workbook

from adjustments.tests.test_plans import DAY, draft, execute
from orgs.models import OrgKind


def _executed(registry, secretary):
    outside = registry.org("区国资委党委", OrgKind.PARTY_COMMITTEE, registry.district, None, dt.date(2000, 1, 1))
    step = {"kind": "move", "organization": registry.pc, "target": outside}
    plan = draft(registry, secretary, step, name="二〇二〇年调整")
    return execute(plan, secretary)


def test_the_ledger_lists_each_organization_moved_with_its_members(registry, secretary, client_for):
    _executed(registry, secretary)
    page = client_for(secretary).get("/adjustments/ledger/").content.decode()
    moves = page.split('data-testid="ledger-moves"')[1]
    assert '<td data-label="调出/调进">调出</td><td data-label="党组织">教委党委</td>' in moves
    assert '<td data-label="原上级党组织">区直机关工委</td><td data-label="新上级党组织">区国资委党委</td>' in moves
    assert '<td class="text-end" data-label="党员">3</td>' in moves


def test_the_ledger_download_has_a_sheet_of_the_organizations_moved(registry, secretary, client_for):
    _executed(registry, secretary)
    book = load_workbook(BytesIO(client_for(secretary).get("/adjustments/ledger.xlsx").content))
    rows = list(book["调整的党组织"].iter_rows(values_only=True))
    assert rows == [
        ("方案", "生效日期", "调出/调进", "党组织", "原上级党组织", "新上级党组织", "党员"),
        ("二〇二〇年调整", DAY.isoformat(), "调出", "教委党委", "区直机关工委", "区国资委党委", 3),
    ]


def test_the_reversal_draft_is_listed_under_its_plan_not_among_the_drafts(registry, secretary, client_for):
    plan = _executed(registry, secretary)
    page = client_for(secretary).get("/adjustments/").content.decode()
    drafts = page.split("草案</h2>")[1].split("</ul>")[0]
    assert "撤销：二〇二〇年调整" not in drafts
    under = page.split(f'href="/adjustments/{plan.pk}/"')[1].split("</li>")[0]
    assert "撤销草稿" in under and f'href="/adjustments/{plan.reversal.pk}/"' in under
    status = client_for(secretary).get(f"/adjustments/{plan.reversal.pk}/").content.decode()
    assert 'data-testid="plan-status">撤销草稿<' in status
