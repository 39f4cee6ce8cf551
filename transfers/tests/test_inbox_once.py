"""The transfers page shows each transfer once, under its most pressing heading, and 接收 asks
for a second, deliberate click (issue 16)."""

import datetime as dt

from django.urls import reverse

from transfers.services import do_issue_transfer

LONG_AGO = dt.date(2025, 1, 6)  # far past the days allowed to accept


def test_a_transfer_within_the_officers_scope_is_listed_once_with_badges_for_the_other_lists(
    registry, client_for, clerk
):
    do_issue_transfer(registry.li_si, destination=registry.branch_c, day=LONG_AGO, reason="", acting_user=None)
    page = client_for(clerk).get(reverse("transfers:inbox")).content.decode()
    assert page.count(">李四</a>") == 1
    incoming = page.split('data-testid="incoming"')[1].split("</table>")[0]
    assert "李四" in incoming and "待接收" in incoming
    assert '<span class="badge text-bg-light border" data-testid="also">逾期未接收</span>' in incoming
    assert '<span class="badge text-bg-light border" data-testid="also">已开出</span>' in incoming


def test_accepting_goes_through_a_confirmation_page(registry, client_for, clerk):
    t = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=LONG_AGO, reason="", acting_user=None)
    client = client_for(clerk)
    detail = client.get(reverse("transfers:transfer", args=[t.pk])).content.decode()
    assert reverse("transfers:transfer_accept", args=[t.pk]) + '"' not in detail  # no one-click accept
    assert f'href="{reverse("transfers:transfer_accept_confirm", args=[t.pk])}">接收</a>' in detail
    confirm = client.get(reverse("transfers:transfer_accept_confirm", args=[t.pk])).content.decode()
    assert "李四的组织关系由财政局第一支部转入教委第一支部" in confirm and "确认接收" in confirm
    assert f'action="{reverse("transfers:transfer_accept", args=[t.pk])}"' in confirm
    registry.li_si.refresh_from_db()
    assert registry.li_si.organization == registry.branch_a  # nothing happens until confirmed


def test_the_sender_gets_no_confirmation_page(registry, client_for, branch_secretary):
    t = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=LONG_AGO, reason="", acting_user=None)
    url = reverse("transfers:transfer_accept_confirm", args=[t.pk])
    assert client_for(branch_secretary).get(url).status_code == 403
