"""The pages as each persona reads them: the committee's round page with each nomination's
eligibility, the nominating organization's page and its form, who may open what (another
subtree: 404; without the right: 403), the discipline details only for the discipline
capability, and the documents."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from commendations import services
from commendations.models import Nomination, Standard
from commendations.tests.conftest import category, nominate
from discipline.models import Sanction


@pytest.fixture
def sanctioned(registry):
    Sanction.objects.create(
        member=registry.wang_wu,
        organization=registry.branch_a,
        kind="serious_warning",
        decided_on=dt.date(2026, 3, 1),
        decided_by="区纪委",
        effect_until=dt.date(2027, 9, 1),
        narrative="事实",
    )
    return registry.wang_wu


def test_the_committee_sees_an_ineligible_nomination_with_its_reason_and_no_approve_button(
    registry, round_, clerk, client_for, sanctioned
):
    bad = nominate(round_, registry.opc, member=sanctioned)
    good = nominate(round_, registry.opc, member=registry.zhang_san)
    page = client_for(clerk).get(reverse("commendations:round", args=[round_.pk])).content.decode()
    bad_row = page[page.index(f'data-testid="nomination-{bad.pk}"') :].split("</li>")[0]
    good_row = page[page.index(f'data-testid="nomination-{good.pk}"') :].split("</li>")[0]
    assert "不符合" in bad_row and "处于影响期，请咨询纪工办" in bad_row
    assert "严重警告" not in bad_row and "2027-09-01" not in bad_row
    assert 'value="approve"' not in bad_row
    assert "符合条件" in good_row and 'value="approve"' in good_row


def test_the_discipline_officer_reads_the_kind_and_the_end_of_the_effect_period(
    registry, round_, discipline_officer, sanctioned
):
    from commendations import eligibility

    n = nominate(round_, registry.opc, member=sanctioned)
    found = eligibility.findings([n], dt.date(2026, 6, 15), discipline_details={n.member_id})[n.pk]
    assert found[0].reason == "处于严重警告影响期（至 2027-09-01）"


def test_discipline_details_are_read_only_where_the_discipline_capability_reaches(registry, round_, sanctioned):
    from accounts.models import RoleAssignment
    from accounts.roles import Role
    from commendations.access import reads_discipline
    from conftest import make_user

    n = nominate(round_, registry.opc, member=sanctioned)
    elsewhere = make_user("discipline_elsewhere", Role.DISCIPLINE_STAFF, registry.pc)
    RoleAssignment.objects.create(user=elsewhere, role=Role.ORG_ADMIN, organization=registry.opc)
    assert reads_discipline(elsewhere, [n]) == set()
    over = make_user("discipline_over", Role.DISCIPLINE_STAFF, registry.opc)
    assert reads_discipline(over, [n]) == {sanctioned.pk}


def test_approving_an_ineligible_nomination_by_post_is_refused(registry, round_, clerk, client_for, sanctioned):
    n = nominate(round_, registry.opc, member=sanctioned)
    client = client_for(clerk)
    response = client.post(reverse("commendations:review", args=[n.pk]), {"action": "approve"}, follow=True)
    assert "该对象不符合条件" in response.content.decode()
    n.refresh_from_db()
    assert n.status == "pending"


def test_the_nominating_officer_sees_seats_left_and_nominates_on_the_form(registry, round_, opc_officer, client_for):
    client = client_for(opc_officer)
    page = client.get(reverse("commendations:organization", args=[registry.opc.pk])).content.decode()
    assert "优秀共产党员" in page and round_.name in page
    url = reverse("commendations:nominate", args=[registry.opc.pk]) + f"?round={round_.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": category(round_, Standard.EXCELLENT_MEMBER).pk,
            "member": registry.li_si.pk,
            "basis": "带头参加志愿服务",
        },
    )
    assert response.status_code == 302
    assert Nomination.objects.get().member == registry.li_si


def test_a_nomination_over_the_quota_is_refused_on_the_form(registry, round_, opc_officer, client_for):
    nominate(round_, registry.opc, member=registry.zhang_san, standard=Standard.EXCELLENT_WORKER)
    client = client_for(opc_officer)
    url = reverse("commendations:nominate", args=[registry.opc.pk]) + f"?round={round_.pk}"
    response = client.post(
        url, {"category": category(round_, Standard.EXCELLENT_WORKER).pk, "member": registry.li_si.pk, "basis": "事迹"}
    )
    assert "名额已用完" in response.content.decode()
    assert Nomination.objects.count() == 1


def test_another_subtree_is_404_and_the_round_page_is_the_committees(
    registry, round_, branch_secretary, opc_officer, client_for
):
    n = nominate(round_, registry.pc, member=registry.wu_jiu)
    client = client_for(branch_secretary)
    assert client.get(reverse("commendations:organization", args=[registry.pc.pk])).status_code == 404
    assert client.get(reverse("commendations:certificate", args=[n.pk])).status_code == 404
    assert client.get(reverse("commendations:organization", args=[registry.branch_a.pk])).status_code == 200
    assert client.get(reverse("commendations:round", args=[round_.pk])).status_code == 403
    client = client_for(opc_officer)
    assert client.post(reverse("commendations:review", args=[n.pk]), {"action": "approve"}).status_code == 404


def test_the_nominating_officer_may_not_review(registry, round_, opc_officer, client_for):
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    response = client_for(opc_officer).post(reverse("commendations:review", args=[n.pk]), {"action": "approve"})
    assert response.status_code == 403


def test_the_quota_table_suggests_by_membership_and_saves(registry, round_, clerk, client_for):
    client = client_for(clerk)
    url = reverse("commendations:quotas", args=[round_.pk])
    member_cat = category(round_, Standard.EXCELLENT_MEMBER).pk
    page = client.post(url, {"action": "suggest", f"total-{member_cat}": "5"}).content.decode()
    assert f'name="q-{registry.opc.pk}-{member_cat}" value="3"' in page
    response = client.post(url, {"action": "save", f"q-{registry.opc.pk}-{member_cat}": "4"})
    assert response.status_code == 302
    assert round_.categories.get(pk=member_cat).quotas.get(organization=registry.opc).seats == 4


def _decided(registry, round_, settings):
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    services.do_review_nomination(n, approve=True, acting_user=None)
    settings.DANGJIAN_TODAY = "2026-07-10"
    round_, _w = services.do_start_notice(round_, starts=dt.date(2026, 7, 1), acting_user=None)
    services.do_decide(round_, decided_on=dt.date(2026, 7, 10), document_number="机工委〔2026〕8号", acting_user=None)
    return n


def test_the_certificate_and_the_decision_list_open(registry, round_, clerk, client_for, settings):
    n = _decided(registry, round_, settings)
    client = client_for(clerk)
    response = client.get(reverse("commendations:certificate", args=[n.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "张三（财政局第一支部）" in text and "优秀共产党员" in text and "区直机关工委" in text
    response = client.get(reverse("commendations:round_document", args=[round_.pk]))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "关于表彰" in text and "张三" in text and "机工委〔2026〕8号" in text


def test_the_honour_is_on_the_members_and_the_organizations_pages(registry, round_, clerk, client_for, settings):
    _decided(registry, round_, settings)
    client = client_for(clerk)
    page = client.get(reverse("members:member", args=[registry.zhang_san.pk])).content.decode()
    assert "荣誉" in page and "2026-07-10 区直机关工委：优秀共产党员" in page


def test_the_round_page_reads_its_nominations_in_a_fixed_number_of_queries(
    registry, round_, clerk, client_for, django_assert_max_num_queries
):
    client = client_for(clerk)
    url = reverse("commendations:round", args=[round_.pk])
    nominate(round_, registry.opc, member=registry.zhang_san)
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    nominate(round_, registry.opc, member=registry.li_si)
    nominate(round_, registry.opc, nominee=registry.branch_a, standard=Standard.ADVANCED_ORGANIZATION)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(url)
