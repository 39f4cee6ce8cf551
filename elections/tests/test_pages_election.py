"""An election's pages: the branch drafts and sends its request, the superior's officer replies
and reviews, the branch records the meeting; each page allowed, denied (403) and out of scope
(404), and what a refused form says and keeps."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from elections import documents, services
from elections.models import Election, Method, Round, Standing, Step
from orgs.models import PartyOrganization, Post, PostRole

TODAY = "2026-11-30"
MEETING = dt.date(2026, 12, 15)


@pytest.fixture(autouse=True)
def no_documents(monkeypatch):
    """The pages do not depend on which documents are built (elections.documents)."""
    monkeypatch.setattr(documents, "available", lambda election: [])


@pytest.fixture
def branch(registry, settings):
    """财政局第一支部, its term ended in October: 张三, 李四, 王五 full members, 赵六 probationary."""
    settings.DANGJIAN_TODAY = TODAY
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(
        term_start=dt.date(2023, 10, 20), term_end=dt.date(2026, 10, 20)
    )
    return PartyOrganization.objects.get(pk=registry.branch_a.pk)


def drafted(org, **kw):
    fields = {
        "organization": org,
        "method": Method.GENERAL_MEETING,
        "seats": 2,
        "deputies": 1,
        "competitive": True,
        "planned_on": MEETING,
    }
    return services.do_draft_election(Election(**{**fields, **kw}), acting_user=None)


def at_step(org, step, registry):
    """An election of `org` walked through the services up to `step`."""
    election = drafted(org)
    day = dt.date(2026, 11, 30)
    if step == Step.DRAFT:
        return election
    services.do_send_request(election, day=day, acting_user=None)
    if step == Step.REQUESTED:
        return election
    services.do_reply_request(election, approve=True, day=day, note="", acting_user=None)
    if step == Step.NOMINATING:
        return election
    services.do_nominate(election, [registry.zhang_san, registry.li_si, registry.wang_wu], acting_user=None)
    ids = list(election.nominees.values_list("pk", flat=True))
    services.do_send_candidates(election, ids, day=day, acting_user=None)
    if step == Step.REVIEW:
        return election
    services.do_review_candidates(election, ids, approve=True, day=day, note="", acting_user=None)
    election.refresh_from_db()
    return election


def page(client, election):
    return client.get(reverse("elections:election", args=[election.pk]))


# -- starting ---------------------------------------------------------------------------------


def test_the_branch_secretary_sees_the_term_and_the_rules_and_drafts_the_request(branch, client_for, branch_secretary):
    client = client_for(branch_secretary)
    start = client.get(reverse("elections:start", args=[branch.pk]))
    text = start.content.decode()
    assert start.status_code == 200
    assert "2023-10-20 — 2026-10-20" in text and "已届满未换届" in text
    assert "5名委员：至少6名候选人" in text and "7名委员：至少9名候选人" in text  # the rule's 20 %
    assert "500" in text  # a congress of delegates from 500 members
    response = client.post(
        reverse("elections:start", args=[branch.pk]),
        {
            "method": Method.GENERAL_MEETING,
            "seats": "2",
            "deputies": "1",
            "competitive": "on",
            "planned_on": "2026-12-15",
        },
    )
    election = Election.objects.get(organization=branch)
    assert response.status_code == 302 and response["Location"] == reverse("elections:election", args=[election.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "请示起草" in detail and "财政局机关党委" in detail and "选举请示已起草" in detail


def test_a_congress_of_delegates_for_a_small_branch_is_refused_beside_the_method_and_the_form_kept(
    branch, client_for, branch_secretary
):
    response = client_for(branch_secretary).post(
        reverse("elections:start", args=[branch.pk]),
        {"method": Method.DELEGATE_CONGRESS, "seats": "2", "deputies": "0", "planned_on": "2026-12-15"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "党员代表大会" in text and "500" in text
    assert 'value="2026-12-15"' in text
    assert not Election.objects.exists()


def test_a_branch_in_the_middle_of_its_term_is_told_before_it_types(branch, client_for, branch_secretary):
    PartyOrganization.objects.filter(pk=branch.pk).update(term_end=dt.date(2028, 6, 1))
    text = client_for(branch_secretary).get(reverse("elections:start", args=[branch.pk])).content.decode()
    assert "2028-06-01" in text and "提前" in text


def test_starting_needs_the_registry_edit_right_over_the_organization(
    branch, registry, client_for, body_officer, branch_secretary
):
    assert client_for(body_officer).get(reverse("elections:start", args=[branch.pk])).status_code == 403
    other = client_for(branch_secretary).get(reverse("elections:start", args=[registry.branch_c.pk]))
    assert other.status_code == 404


# -- seeing --------------------------------------------------------------------------------------


def test_the_page_is_seen_across_the_scope_and_is_404_outside_it(
    branch, registry, client, client_for, body_officer, branch_secretary, outsider
):
    election = drafted(branch)
    text = page(client_for(body_officer), election).content.decode()
    assert "财政局第一支部" in text and "发送请示" not in text  # sees, does not act
    assert page(client_for(outsider), election).status_code == 404
    PartyOrganization.objects.filter(pk=registry.branch_b.pk).update(term_end=dt.date(2026, 10, 1))
    other = drafted(PartyOrganization.objects.get(pk=registry.branch_b.pk))
    assert page(client_for(branch_secretary), other).status_code == 404


# -- the request and the reply ---------------------------------------------------------------------


def test_the_branch_sends_the_request_and_only_the_superior_replies(
    branch, registry, client_for, branch_secretary, opc_officer
):
    election = drafted(branch)
    secretary = client_for(branch_secretary)
    text = page(secretary, election).content.decode()
    assert "发送请示" in text and "修改请示" in text
    sent = secretary.post(reverse("elections:send_request", args=[election.pk]), {"day": "2026-11-30"})
    assert sent.status_code == 302
    assert "请示已报送财政局机关党委" in secretary.get(sent["Location"]).content.decode()
    assert secretary.post(reverse("elections:reply", args=[election.pk]), {"day": "2026-11-30"}).status_code == 403
    waiting = page(secretary, election).content.decode()
    assert "等待财政局机关党委" in waiting
    officer = client_for(opc_officer)
    returned = officer.post(
        reverse("elections:reply", args=[election.pk]), {"day": "2026-11-30", "note": " ", "decision": "return"}
    )
    text = returned.content.decode()
    assert returned.status_code == 200 and "请说明退回请示的理由" in text and 'value="2026-11-30"' in text
    officer.post(
        reverse("elections:reply", args=[election.pk]),
        {"day": "2026-11-30", "note": "委员名额请按3名重新请示", "decision": "return"},
    )
    election.refresh_from_db()
    assert election.step == Step.DRAFT
    assert "委员名额请按3名重新请示" in page(secretary, election).content.decode()


def test_a_reply_without_a_decision_is_not_taken(branch, registry, client_for, opc_officer):
    election = at_step(branch, Step.REQUESTED, registry)
    response = client_for(opc_officer).post(reverse("elections:reply", args=[election.pk]), {"day": "2026-11-30"})
    assert "请选择批复同意或退回" in response.content.decode()
    election.refresh_from_db()
    assert election.step == Step.REQUESTED


def test_a_form_sent_for_a_step_the_election_has_left_is_not_taken(branch, registry, client_for, branch_secretary):
    election = at_step(branch, Step.NOMINATING, registry)
    response = client_for(branch_secretary).post(
        reverse("elections:send_request", args=[election.pk]), {"day": "2026-11-30"}, follow=True
    )
    assert "此次换届已到“已批复，酝酿提名”步骤" in response.content.decode()


# -- candidates --------------------------------------------------------------------------------


def test_the_branch_nominates_its_members_and_sends_a_list_the_rule_allows(
    branch, registry, client_for, branch_secretary
):
    election = at_step(branch, Step.NOMINATING, registry)
    client = client_for(branch_secretary)
    url = reverse("elections:nominate", args=[election.pk])
    added = client.post(url, {"members": [registry.zhang_san.pk, registry.li_si.pk], "nominations": "5"}, follow=True)
    assert "已提名：李四、张三。" in added.content.decode()
    outside = client.post(url, {"members": [registry.wu_jiu.pk]})
    assert "请从输入时显示的候选项中选择" in outside.content.decode() and not election.nominees.filter(
        member=registry.wu_jiu
    )  # not offered: another subtree
    short = client.post(
        reverse("elections:send_candidates", args=[election.pk]),
        {"nominees": list(election.nominees.values_list("pk", flat=True)), "day": "2026-11-30"},
    )
    text = short.content.decode()
    assert "差额选举2个名额，候选人至少应有3名" in text
    election.refresh_from_db()
    assert election.step == Step.NOMINATING
    client.post(url, {"members": [registry.wang_wu.pk]})
    li = election.nominees.get(member=registry.li_si)
    client.post(reverse("elections:withdraw", args=[election.pk]), {"nominee": li.pk})
    assert not election.nominees.filter(pk=li.pk).exists()


def test_the_review_shows_the_flags_and_approves_the_ticked_names(branch, registry, client_for, opc_officer):
    election = at_step(branch, Step.NOMINATING, registry)
    services.do_nominate(election, [registry.zhao_liu], acting_user=None)  # probationary: barred
    services.do_nominate(election, [registry.zhang_san, registry.li_si, registry.wang_wu], acting_user=None)
    ids = [n.pk for n in election.nominees.exclude(member=registry.zhao_liu)]
    services.do_send_candidates(election, ids, day=dt.date(2026, 11, 30), acting_user=None)
    client = client_for(opc_officer)
    text = page(client, election).content.decode()
    assert "选举日不是正式党员" in text  # 赵六, nominated but not on the list, still flagged
    response = client.post(
        reverse("elections:review", args=[election.pk]),
        {"nominees": ids, "day": "2026-11-30", "note": "", "decision": "approve"},
    )
    assert response.status_code == 302
    standings = dict(election.nominees.values_list("member__name", "standing"))
    assert standings == {"赵六": Standing.NOMINATED, "张三": "formal", "李四": "formal", "王五": "formal"}


# -- the meeting ------------------------------------------------------------------------------


def test_the_count_form_shows_what_the_rules_make_of_the_meeting(branch, registry, client_for, branch_secretary):
    election = at_step(branch, Step.FORMAL, registry)
    text = page(client_for(branch_secretary), election).content.decode()
    assert "本轮应选2名" in text
    assert "应到会有选举权的3人" in text and "超过应到会人数的4/5，即至少3人" in text
    assert "赞成票须超过实到会有选举权人数的1/2" in text
    for name in ("张三", "李四", "王五"):
        assert f">{name}" in text


def test_more_votes_than_valid_ballots_are_refused_and_the_typed_figures_kept(
    branch, registry, client_for, branch_secretary, settings
):
    election = at_step(branch, Step.FORMAL, registry)
    settings.DANGJIAN_TODAY = "2026-12-15"
    ballot = {n.member.name: n.pk for n in services.on_ballot(election)}
    response = client_for(branch_secretary).post(
        reverse("elections:record_round", args=[election.pk]),
        {
            "held_on": "2026-12-15",
            "present": "3",
            "issued": "3",
            "returned": "3",
            "invalid": "1",
            f"vote_{ballot['张三']}": "3",
            f"vote_{ballot['李四']}": "1",
            f"vote_{ballot['王五']}": "0",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "张三 得 3 票，多于有效票 2 张" in text
    assert f'name="vote_{ballot["张三"]}" value="3"' in text and 'name="invalid" value="1"' in text
    assert not Round.objects.exists()


def test_two_rounds_then_the_officers_and_the_approval_install_the_committee(
    branch, registry, client_for, branch_secretary, opc_officer, settings
):
    election = at_step(branch, Step.FORMAL, registry)
    settings.DANGJIAN_TODAY = "2026-12-15"
    secretary = client_for(branch_secretary)
    url = reverse("elections:record_round", args=[election.pk])
    ballot = {n.member.name: n.pk for n in services.on_ballot(election)}
    figures = {"held_on": "2026-12-15", "present": "3", "issued": "3", "returned": "3", "invalid": "0"}
    first = secretary.post(
        url, {**figures, f"vote_{ballot['张三']}": "3", f"vote_{ballot['李四']}": "1", f"vote_{ballot['王五']}": "1"}
    )
    text = secretary.get(first["Location"]).content.decode()
    assert "第1轮计票已记录：张三当选；尚余1个名额，另行选举" in text
    assert "选票上：王五、李四" in text
    second = secretary.post(url, {**figures, f"vote_{ballot['李四']}": "2", f"vote_{ballot['王五']}": "1"})
    assert second.status_code == 302
    elected = {n.member.name: n.pk for n in election.nominees.filter(elected_in__isnull=False)}
    assert set(elected) == {"张三", "李四"}
    secretary.post(
        reverse("elections:officers", args=[election.pk]),
        {"secretary": elected["李四"], "deputies": [elected["张三"]], "day": "2026-12-15"},
    )
    approved = client_for(opc_officer).post(
        reverse("elections:decide", args=[election.pk]), {"day": "2026-12-15", "note": "", "decision": "approve"}
    )
    assert approved.status_code == 302
    posts = {(p.member.name, p.role) for p in Post.objects.filter(organization=branch, valid_to__isnull=True)}
    assert posts == {("李四", PostRole.SECRETARY), ("张三", PostRole.DEPUTY_SECRETARY)}
    text = page(secretary, election).content.decode()
    assert "已批复，新班子到任" in text and "书记" in text


def test_cancelling_needs_a_reason_and_the_organization_side(
    branch, registry, client_for, branch_secretary, body_officer
):
    election = at_step(branch, Step.REQUESTED, registry)
    url = reverse("elections:cancel", args=[election.pk])
    assert client_for(body_officer).post(url, {"note": "撤销"}).status_code == 403
    client = client_for(branch_secretary)
    assert "请说明取消此次换届的理由" in client.post(url, {"note": ""}).content.decode()
    client.post(url, {"note": "单位撤并"})
    election.refresh_from_db()
    assert election.step == Step.CANCELLED
    assert "单位撤并" in page(client, election).content.decode()


# -- documents ----------------------------------------------------------------------------------


def test_a_document_is_printed_by_the_officers_of_either_side_audited_and_an_unknown_one_is_404(
    branch, registry, client_for, branch_secretary, opc_officer, body_officer, monkeypatch
):
    election = drafted(branch)
    monkeypatch.setattr(documents, "render", lambda election, name: b"PK-docx")
    for officer in (branch_secretary, opc_officer):
        client = client_for(officer)
        response = client.get(reverse("elections:document", args=[election.pk, "request"]))
        assert response.status_code == 200 and response.content == b"PK-docx"
        assert "%E8%B4%A2" in response["Content-Disposition"]  # 财政局第一支部
        assert client.get(reverse("elections:document", args=[election.pk, "nothing"])).status_code == 404
    printed = AuditEvent.objects.filter(action="elections.document.printed", target_id=str(election.pk))
    assert printed.count() == 2
    reader = client_for(body_officer)  # sees the election, holds no office in it
    assert reader.get(reverse("elections:document", args=[election.pk, "request"])).status_code == 403


def test_a_member_written_in_is_counted_through_the_picker_rows(
    branch, registry, client_for, branch_secretary, settings
):
    election = at_step(branch, Step.FORMAL, registry)
    settings.DANGJIAN_TODAY = "2026-12-15"
    ballot = {n.member.name: n.pk for n in services.on_ballot(election)}
    client = client_for(branch_secretary)
    figures = {"held_on": "2026-12-15", "present": "3", "issued": "3", "returned": "3", "invalid": "0"}
    votes = {f"vote_{ballot['张三']}": "3", f"vote_{ballot['李四']}": "3", f"vote_{ballot['王五']}": "0"}
    url = reverse("elections:record_round", args=[election.pk])
    on_ballot = client.post(url, {**figures, **votes, "write_in_0": registry.wang_wu.pk, "write_in_votes_0": "1"})
    assert "王五在选票上或已当选：请在其本人一栏填写得票。" in on_ballot.content.decode()
    no_votes = client.post(url, {**figures, **votes, "write_in_0": registry.wang_wu.pk})
    assert "请填写另选他人的得票数。" in no_votes.content.decode()
    twice = {"write_in_0": registry.zhao_liu.pk, "write_in_votes_0": "1"}
    twice |= {"write_in_1": registry.zhao_liu.pk, "write_in_votes_1": "1"}
    assert (
        "该党员已在上面一行另选：请把其得票合并填在那一行。"
        in client.post(url, {**figures, **votes, **twice}).content.decode()
    )
    assert not Round.objects.filter(election=election).exists()
    counted = client.post(url, {**figures, **votes, f"vote_{ballot['李四']}": "2", "other_votes": "1"})
    assert counted.status_code == 302
    assert Round.objects.get(election=election).other_votes == 1
