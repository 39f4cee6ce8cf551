"""Pickers that find (issue 16) in the browser: a branch secretary types the initials of the
receiving branch, picks it with the keyboard and issues the transfer. The form with the
picker open is shot at both widths."""

import pytest
from playwright.sync_api import expect

from orgs.models import OrgKind
from tests.browser.test_pages import log_in
from transfers.models import Transfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_secretary_picks_the_receiving_branch_by_its_initials_with_the_keyboard(
    live_server, page, registry, branch_secretary, shoot
):
    # A namesake elsewhere: the list must tell the two apart.
    registry.org("财政局第二支部", OrgKind.BRANCH, registry.pc, None, registry.district.founded)
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/transfers/members/{registry.zhang_san.pk}/new/")
    search = page.get_by_label("接收党支部")
    search.press_sequentially("czjdezb", delay=30)
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text(registry.branch_b.code)
    shoot(page, "picker-open")
    search.press("ArrowDown")
    expect(options.first).to_have_class("list-group-item list-group-item-action picker-option active")
    search.press("Enter")  # chooses; does not send the form
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(search).to_have_value(f"财政局第二支部（{registry.branch_b.code}）")
    search.press("Escape")
    page.get_by_label("转出日期").fill("2026-11-30")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已办理转出")).to_be_visible()
    assert Transfer.objects.get().destination == registry.branch_b
