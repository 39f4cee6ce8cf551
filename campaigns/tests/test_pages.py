"""The campaigns pages: who sees and acts (allowed, 403, 404), an organization applies and the
committee names it, a member sees only their own activities, the branch's officers see their
members' records, the committee sees counts."""

import datetime as dt

from django.urls import reverse

from accounts.roles import Role
from campaigns import services
from campaigns.models import Application, MemberActivity, Naming
from campaigns.tests.conftest import named
from conftest import make_user


def test_a_branch_applies_and_the_committee_assesses_and_names_it(
    client_for, branch_secretary, clerk, five_good, registry
):
    client = client_for(branch_secretary)
    page = client.get(reverse("campaigns:organization", args=[registry.branch_a.pk])).content.decode()
    assert "申请" in page and "五好党支部" not in page  # not named yet
    response = client.post(
        reverse("campaigns:apply", args=[registry.branch_a.pk]),
        {"campaign": five_good.pk, "year": "2026", "statement": "全年组织生活规范"},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "campaigns:application", args=[application.pk]
    )
    assert client.post(reverse("campaigns:assess", args=[application.pk])).status_code == 403

    committee = client_for(clerk)
    page = committee.get(reverse("campaigns:application", args=[application.pk])).content.decode()
    assert "组织生活按规定开展" in page and "由工委评定" in page
    assessed = five_good.criteria.get(number=2)
    committee.post(reverse("campaigns:assess", args=[application.pk]), {f"met_{assessed.pk}": "on"})
    response = committee.post(
        reverse("campaigns:name", args=[application.pk]),
        {"named_on": "2026-06-30", "document_number": "万直工委〔2026〕9号"},
    )
    assert not Naming.objects.exists()  # the computed criterion is not met: no meeting in 2026
    assert "不能命名" in committee.get(response["Location"]).content.decode()
    committee.post(reverse("campaigns:refuse", args=[application.pk]), {"reason": "组织生活开展不足"})
    application.refresh_from_db()
    assert application.status == "refused"


def test_a_naming_shows_on_the_organizations_page_and_the_units_for_a_unit_campaign(
    client_for, opc_officer, civilized, registry
):
    named(civilized, registry.opc)
    client = client_for(opc_officer)
    assert "文明单位" in client.get(reverse("orgs:organization", args=[registry.opc.pk])).content.decode()
    assert "文明单位" in client.get(reverse("orgs:unit", args=[registry.finance.pk])).content.decode()
    assert "文明单位" not in client.get(reverse("orgs:organization", args=[registry.branch_b.pk])).content.decode()


def test_the_campaign_pages_are_the_committees(client_for, opc_officer, body_officer, secretary, five_good, registry):
    named(five_good, registry.branch_a)
    url = reverse("campaigns:campaign", args=[five_good.pk])
    assert client_for(opc_officer).get(url).status_code == 403
    assert client_for(body_officer).get(reverse("campaigns:index")).status_code == 403
    page = client_for(secretary).get(url).content.decode()
    assert "财政局第一支部" in page and "万直工委〔2024〕12号" in page
    assert "财政局机关党委" in page  # coverage: 1 of its 2 branches


def test_an_application_outside_the_scope_is_not_found(client_for, branch_secretary, five_good, registry):
    other = services.do_apply(five_good, registry.branch_b, year=2026, statement="申请", acting_user=None)
    client = client_for(branch_secretary)
    assert client.get(reverse("campaigns:application", args=[other.pk])).status_code == 404
    assert client.get(reverse("campaigns:apply", args=[registry.branch_b.pk])).status_code == 404


def test_a_member_sees_only_their_own_activities_and_the_branch_sees_its_members(
    client_for, plain_member, branch_secretary, clerk, heart, registry
):
    services.do_record_member_activity(
        registry.zhang_san,
        heart,
        date=dt.date(2026, 6, 1),
        description="为群众义诊",
        for_whom="社区居民",
        acting_user=None,
    )
    client = client_for(plain_member)
    response = client.post(
        reverse("campaigns:mine"),
        {
            "campaign": heart.pk,
            "date": "2026-06-20",
            "description": "帮助留守儿童辅导功课",
            "for_whom": "梨树村留守儿童",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("campaigns:mine")).content.decode()
    assert "帮助留守儿童辅导功课" in page and "为群众义诊" not in page
    assert client.get(reverse("campaigns:branch_activities", args=[registry.branch_a.pk])).status_code == 404
    theirs = MemberActivity.objects.get(member=registry.zhang_san)
    assert client.get(reverse("campaigns:activity_photo", args=[theirs.pk])).status_code == 404

    page = client_for(branch_secretary).get(reverse("campaigns:branch_activities", args=[registry.branch_a.pk]))
    text = page.content.decode()
    assert "帮助留守儿童辅导功课" in text and "为群众义诊" in text and "李四" in text

    counts = client_for(clerk).get(reverse("campaigns:activities")).content.decode()
    assert "财政局第一支部" in counts and "党员与群众心连心" in counts


def test_an_account_without_a_member_record_is_told_so(client_for, outsider):
    page = client_for(outsider).get(reverse("campaigns:mine")).content.decode()
    assert "未关联党员" in page


def test_a_pairing_is_seen_from_either_side_and_recorded_by_its_officers(client_for, opc_officer, registry):
    client = client_for(opc_officer)
    response = client.post(
        reverse("campaigns:pairing_create", args=[registry.opc.pk]),
        {
            "partner_kind": "village",
            "partner_name": "龙驹镇梨树村",
            "started_on": "2026-01-05",
            "purpose": "党建引领乡村振兴",
        },
    )
    assert response.status_code == 302
    pairing_url = response["Location"]
    response = client.post(
        pairing_url + "activity/",
        {
            "side": registry.opc.pk,
            "date": "2026-05-20",
            "title": "联合主题党日",
            "description": "走访慰问",
            "participants": "18",
        },
    )
    assert response.status_code == 302
    page = client.get(pairing_url).content.decode()
    assert "联合主题党日" in page and "龙驹镇梨树村" in page
    other = make_user("pc_officer", Role.ORG_ADMIN, registry.pc)
    assert client_for(other).get(pairing_url).status_code == 404
