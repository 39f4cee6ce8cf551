"""The 换届 page: the user's scope only, overdue first, each status a tab."""

import datetime as dt

from django.urls import reverse

from orgs.models import PartyOrganization


def test_the_committee_sees_overdue_terms_and_a_branch_secretary_only_their_own(
    registry, client_for, secretary, branch_secretary, settings
):
    settings.DANGJIAN_TODAY = "2026-11-30"
    r = registry
    PartyOrganization.objects.filter(pk=r.branch_a.pk).update(term_end=dt.date(2026, 3, 1))
    PartyOrganization.objects.filter(pk=r.branch_c.pk).update(term_end=dt.date(2026, 10, 1))
    PartyOrganization.objects.exclude(pk__in=[r.branch_a.pk, r.branch_c.pk]).update(term_end=dt.date(2028, 1, 1))
    page = client_for(secretary).get(reverse("elections:oversight")).content.decode()
    assert "已届满未换届" in page and "财政局第一支部" in page and "教委第一支部" in page
    assert "2026-03-01" in page
    in_term = client_for(secretary).get(reverse("elections:oversight"), {"status": "in_term"}).content.decode()
    assert "财政局第二支部" in in_term and "财政局第一支部" not in in_term
    own = client_for(branch_secretary).get(reverse("elections:oversight")).content.decode()
    assert "财政局第一支部" in own and "教委第一支部" not in own
    odd = client_for(secretary).get(reverse("elections:oversight"), {"status": "<script>"})
    assert odd.status_code == 200 and "<script>" not in odd.content.decode()
