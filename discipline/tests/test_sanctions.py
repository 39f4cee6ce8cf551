"""Sanctions and the effects the rest of the system obeys: no vote, no sponsoring and no posts
during 留党察看, posts ended by 撤销党内职务, 开除党籍 off the roll; the flags in appointments
and commendations; revocation gives back what was taken; the pages are the discipline
capability's alone, and the member concerned sees their decisions."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import make_user
from core.errors import DomainError
from development.tests.test_rules import apply, step, to_development_object
from discipline import rules
from discipline.models import Sanction, SanctionKind, SanctionStatus, Talk, TalkKind
from discipline.queries import excluded_from_commendation, restrictions
from discipline.sanctions import (
    do_change_sanction,
    do_end_sanction,
    do_impose_sanction,
    do_revoke_sanction,
    effect_until,
    end_expired_sanctions,
)
from members.models import Member, Status
from members.rights import entitled_voters, has_voting_rights
from orgs.models import Post

TODAY = "2026-06-30"
NARRATIVE = "违反中央八项规定精神，公款吃喝三次"


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY


def impose(member, kind, day, years=None, narrative=NARRATIVE, **kwargs):
    return do_impose_sanction(
        member=member,
        kind=kind,
        decided_on=day,
        decided_by="区纪委",
        narrative=narrative,
        probation_years=years,
        acting_user=None,
        **kwargs,
    )


# Messages are read through gettext: the catalogue gets the new msgids at the merge.
OFF_ROLL = re.escape(_("The member was not on the roll on the date of the decision: a sanction cannot be recorded."))


def probation_terms() -> str:
    rule = rules.rule_on("probation_years", dt.date(2026, 1, 5))
    return _("Probation within the party is for %(years)s years (%(citation)s).") % {
        "years": rule.display,
        "citation": rule.citation,
    }


def label(kind) -> str:
    return str(SanctionKind(kind).label)


def open_posts(member):
    return list(Post.objects.filter(member=member, valid_to__isnull=True).order_by("pk"))


# -- the effects ---------------------------------------------------------------------------------


def test_probation_takes_the_vote_the_sponsorship_and_the_posts_and_the_vote_comes_back(registry):
    r = registry
    post = Post.objects.create(
        member=r.wang_wu, organization=r.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1)
    )
    sanction = impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=1)
    assert (sanction.probation_until, sanction.effect_until) == (dt.date(2027, 1, 5), dt.date(2029, 1, 5))
    # no vote: out of the entitled number of a development vote (and of an election: same function)
    assert r.wang_wu not in entitled_voters(r.branch_a, dt.date(2026, 4, 20))
    assert entitled_voters(r.branch_a, dt.date(2026, 4, 20)).count() == 2
    assert not has_voting_rights(r.wang_wu, dt.date(2026, 4, 20))
    # no sponsoring: the development procedure's sponsor check refuses them
    candidate = apply(r)
    to_development_object(r, candidate)
    with pytest.raises(DomainError, match="王五在2026-03-10不具备担任入党介绍人的条件"):
        step(candidate, "sponsors", dt.date(2026, 3, 10), members=[r.zhang_san, r.wang_wu])
    # the post ended on the decision date (党内职务自然撤销), audited
    post.refresh_from_db()
    assert post.valid_to == dt.date(2026, 1, 5)
    assert sanction.ended_posts == [post.pk]
    assert AuditEvent.objects.filter(action="orgs.post.ended", target_id=str(post.pk)).exists()
    # the vote comes back on the day the probation ends, and the daily pass marks it ended
    assert r.wang_wu not in entitled_voters(r.branch_a, dt.date(2027, 1, 4))
    assert r.wang_wu in entitled_voters(r.branch_a, dt.date(2027, 1, 5))
    assert has_voting_rights(r.wang_wu, dt.date(2027, 1, 5))
    assert end_expired_sanctions(dt.date(2027, 1, 4)) == 0
    assert end_expired_sanctions(dt.date(2027, 1, 5)) == 1
    sanction.refresh_from_db()
    assert (sanction.status, sanction.ended_on) == (SanctionStatus.ENDED, dt.date(2027, 1, 5))
    # still flagged in appointments two years after the rights came back
    assert restrictions([r.wang_wu.pk], dt.date(2028, 12, 31))[r.wang_wu.pk][0].kind == SanctionKind.PROBATION
    assert r.wang_wu.pk not in restrictions([r.wang_wu.pk], dt.date(2029, 1, 5))


def test_removal_ends_the_posts_on_the_decision_date_and_revocation_appoints_them_again(registry):
    r = registry
    secretary = Post.objects.create(
        member=r.zhang_san, organization=r.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1), rank="section"
    )
    member_post = Post.objects.create(
        member=r.zhang_san, organization=r.opc, role="committee_member", valid_from=dt.date(2021, 1, 1)
    )
    sanction = impose(r.zhang_san, SanctionKind.REMOVAL, dt.date(2026, 2, 1))
    assert open_posts(r.zhang_san) == []
    assert {p.valid_to for p in Post.objects.filter(pk__in=[secretary.pk, member_post.pk])} == {dt.date(2026, 2, 1)}
    assert has_voting_rights(r.zhang_san, dt.date(2026, 3, 1))  # removal keeps the vote
    assert sanction.effect_until == dt.date(2028, 2, 1)
    do_revoke_sanction(sanction, day=dt.date(2026, 5, 1), reason="申诉成立，撤销原处分", acting_user=None)
    again = open_posts(r.zhang_san)
    assert [(p.organization, p.role, p.rank, p.valid_from) for p in again] == [
        (r.branch_a, "secretary", "section", dt.date(2026, 5, 1)),
        (r.opc, "committee_member", "", dt.date(2026, 5, 1)),
    ]
    sanction.refresh_from_db()
    assert (sanction.status, sanction.ended_on) == (SanctionStatus.REVOKED, dt.date(2026, 5, 1))
    assert r.zhang_san.pk not in restrictions([r.zhang_san.pk], dt.date(2026, 5, 1))
    assert r.zhang_san.pk in restrictions([r.zhang_san.pk], dt.date(2026, 4, 30))


def test_a_post_that_cannot_be_restored_is_listed_not_forced(registry):
    r = registry
    Post.objects.create(member=r.zhang_san, organization=r.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1))
    sanction = impose(r.zhang_san, SanctionKind.REMOVAL, dt.date(2026, 2, 1))
    Post.objects.create(member=r.li_si, organization=r.branch_a, role="secretary", valid_from=dt.date(2026, 3, 1))
    do_revoke_sanction(sanction, day=dt.date(2026, 5, 1), reason="申诉成立", acting_user=None)
    assert open_posts(r.zhang_san) == []
    event = AuditEvent.objects.get(action="discipline.sanction.revoked")
    assert event.new["posts_restored"] == [] and len(event.new["posts_not_restored"]) == 1


def test_revoking_a_probation_gives_the_vote_back_from_that_day(registry):
    r = registry
    sanction = impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=2)
    do_revoke_sanction(sanction, day=dt.date(2026, 6, 1), reason="复查后撤销", acting_user=None)
    assert r.wang_wu not in entitled_voters(r.branch_a, dt.date(2026, 5, 31))
    assert r.wang_wu in entitled_voters(r.branch_a, dt.date(2026, 6, 1))
    assert r.wang_wu.voting_suspensions.get().valid_to == dt.date(2026, 6, 1)


def test_expulsion_takes_the_member_off_the_roll_and_its_revocation_restores_them(registry):
    r = registry
    post = Post.objects.create(
        member=r.li_si, organization=r.branch_a, role="committee_member", valid_from=dt.date(2020, 1, 1)
    )
    sanction = impose(r.li_si, SanctionKind.EXPULSION, dt.date(2026, 3, 1))
    r.li_si.refresh_from_db()
    assert r.li_si.status == Status.LEFT
    assert r.li_si in Member.objects.of(r.branch_a, dt.date(2026, 2, 28))
    assert r.li_si not in Member.objects.of(r.branch_a, dt.date(2026, 3, 1))
    assert r.li_si.events.get().kind == "expelled"
    assert sanction.effect_until == dt.date(2031, 3, 1)  # five years before rejoining
    post.refresh_from_db()
    assert post.valid_to == dt.date(2026, 3, 1)
    with pytest.raises(DomainError, match=OFF_ROLL):
        impose(r.li_si, SanctionKind.WARNING, dt.date(2026, 4, 1))
    do_revoke_sanction(sanction, day=dt.date(2026, 6, 1), reason="申诉成立，恢复党籍", acting_user=None)
    r.li_si.refresh_from_db()
    assert (r.li_si.status, r.li_si.organization) == (Status.ACTIVE, r.branch_a)
    assert r.li_si in Member.objects.of(r.branch_a, dt.date(2026, 6, 1))
    assert [p.valid_from for p in open_posts(r.li_si)] == [dt.date(2026, 6, 1)]


def test_changing_a_sanction_revokes_it_and_links_the_new_decision(registry):
    r = registry
    old = impose(r.zhang_san, SanctionKind.SERIOUS_WARNING, dt.date(2026, 1, 10))
    new = do_change_sanction(
        old,
        day=dt.date(2026, 3, 1),
        reason="申诉后改为警告",
        kind=SanctionKind.WARNING,
        decided_by="区纪委",
        narrative="改变处分",
        acting_user=None,
    )
    old.refresh_from_db()
    assert (old.status, old.replaced_by) == (SanctionStatus.CHANGED, new)
    assert (new.kind, new.decided_on, new.effect_until) == ("warning", dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    flags = restrictions([r.zhang_san.pk], dt.date(2026, 6, 1))[r.zhang_san.pk]
    assert [f.kind for f in flags] == ["warning"]


# -- periods, rules and refusals -----------------------------------------------------------------


def test_effect_periods_are_counted_in_calendar_months_and_years():
    assert effect_until("warning", dt.date(2026, 1, 31), None) == dt.date(2027, 1, 31)
    assert effect_until("serious_warning", dt.date(2025, 8, 31), None) == dt.date(2027, 2, 28)
    assert effect_until("removal", dt.date(2024, 2, 29), None) == dt.date(2026, 2, 28)
    assert effect_until("probation", dt.date(2024, 2, 29), 2) == dt.date(2028, 2, 28)
    assert effect_until("expulsion", dt.date(2019, 5, 1), None) == dt.date(2024, 5, 1)


def test_the_version_in_force_on_the_decision_date_is_cited():
    assert rules.rule_on("probation_years", dt.date(2017, 5, 1)).source is rules.DISCIPLINE_REGULATIONS_2015
    assert rules.rule_on("probation_years", dt.date(2023, 12, 31)).source is rules.DISCIPLINE_REGULATIONS_2018
    assert rules.rule_on("probation_years", dt.date(2024, 1, 1)).source is rules.DISCIPLINE_REGULATIONS
    assert str(rules.rule_on("probation_years", dt.date(2024, 1, 1)).article) == "第十二条"
    assert rules.rule_on("warning_effect_months", dt.date(2024, 1, 1)).verified
    assert rules.rule_on("probation_years", dt.date(2015, 12, 31)) is None


def test_refusals(registry):
    r = registry
    for years in (None, 3, 0):
        with pytest.raises(DomainError, match=re.escape(probation_terms())) as e:
            impose(r.zhang_san, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=years)
        assert e.value.field == "probation_years"
    with pytest.raises(DomainError, match=re.escape(_("Only probation within the party has a term in years."))):
        impose(r.zhang_san, SanctionKind.WARNING, dt.date(2026, 1, 5), years=1)
    with pytest.raises(DomainError, match=re.escape(_("The date of the decision cannot be later than today."))) as e:
        impose(r.zhang_san, SanctionKind.WARNING, dt.date(2026, 7, 1))
    assert e.value.field == "decided_on"
    with pytest.raises(DomainError, match=OFF_ROLL):
        impose(r.zhao_liu, SanctionKind.WARNING, dt.date(2025, 6, 1))  # before joining
    with pytest.raises(DomainError, match="赵六") as e:  # a probationary member
        impose(r.zhao_liu, SanctionKind.WARNING, dt.date(2026, 1, 5))
    assert e.value.field == "member"
    with pytest.raises(DomainError):
        impose(r.zhang_san, "demotion", dt.date(2026, 1, 5))
    with pytest.raises(DomainError) as e:
        do_impose_sanction(
            member=r.zhang_san,
            kind="warning",
            decided_on=dt.date(2026, 1, 5),
            decided_by=" ",
            narrative="",
            acting_user=None,
        )
    assert e.value.field == "decided_by"
    warning = impose(r.zhang_san, SanctionKind.WARNING, dt.date(2026, 1, 5))
    with pytest.raises(DomainError, match="2027-01-05"):
        do_end_sanction(warning, acting_user=None)
    with pytest.raises(DomainError) as e:
        do_revoke_sanction(warning, day=dt.date(2026, 1, 5), reason="x", acting_user=None)
    assert e.value.field == "day"
    with pytest.raises(DomainError) as e:
        do_revoke_sanction(warning, day=dt.date(2026, 2, 5), reason=" ", acting_user=None)
    assert e.value.field == "reason"
    do_revoke_sanction(warning, day=dt.date(2026, 2, 5), reason="撤销", acting_user=None)
    with pytest.raises(DomainError):
        do_revoke_sanction(warning, day=dt.date(2026, 3, 5), reason="撤销", acting_user=None)
    assert Sanction.objects.count() == 1 and not AuditEvent.objects.filter(action="orgs.post.ended").exists()


def test_a_second_probation_over_the_same_period_is_refused_and_nothing_is_left(registry):
    r = registry
    impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=1)
    with pytest.raises(DomainError):
        impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 3, 5), years=1)
    assert Sanction.objects.count() == 1


def test_commendations_exclude_whoever_is_under_an_admonishment_or_a_sanction(registry):
    r = registry
    Talk.objects.create(
        kind=TalkKind.ADMONITION,
        member=r.sun_qi,
        organization=r.branch_b,
        date=dt.date(2026, 1, 10),
        talker="纪工委书记",
        effect_until=dt.date(2026, 7, 10),
    )
    Talk.objects.create(
        kind=TalkKind.REMINDER, member=r.zhou_ba, organization=r.branch_b, date=dt.date(2026, 1, 10), talker="书记"
    )
    impose(r.zhang_san, SanctionKind.WARNING, dt.date(2025, 7, 1))
    assert excluded_from_commendation(dt.date(2026, 6, 30)) == {r.sun_qi.pk, r.zhang_san.pk}
    assert excluded_from_commendation(dt.date(2026, 7, 1)) == {r.sun_qi.pk}
    assert excluded_from_commendation(dt.date(2026, 7, 10)) == set()
    found = restrictions([r.sun_qi.pk, r.zhou_ba.pk, r.zhang_san.pk], dt.date(2026, 6, 1))
    assert set(found) == {r.sun_qi.pk, r.zhang_san.pk}
    assert (found[r.sun_qi.pk][0].kind, found[r.sun_qi.pk][0].until) == ("admonition", dt.date(2026, 7, 10))


def test_the_audit_log_carries_no_narrative(registry):
    r = registry
    sanction = impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=1)
    do_revoke_sanction(sanction, day=dt.date(2026, 2, 1), reason="申诉理由：事实不清", acting_user=None)
    events = AuditEvent.objects.all()
    assert events.filter(action="discipline.sanction.imposed").exists()
    for event in events:
        assert "公款吃喝" not in str(event.new) + str(event.old) + event.reason + event.target_repr
        assert "事实不清" not in str(event.new) + str(event.old) + event.reason
    sanction.refresh_from_db()
    assert sanction.narrative == NARRATIVE  # encrypted at rest, read back whole


# -- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def officer(registry):
    return make_user("discipline_officer", Role.DISCIPLINE_STAFF, registry.working)


def test_the_officer_records_a_probation_and_sees_it_with_its_narrative(registry, client, officer, client_for):
    r = registry
    client_for(officer)
    response = client.post(
        reverse("discipline:sanction_create"),
        {
            "member": r.wang_wu.pk,
            "kind": "probation",
            "probation_years": "2",
            "decided_on": "2026-05-06",
            "decided_by": "区纪委",
            "narrative": NARRATIVE,
        },
    )
    sanction = Sanction.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("discipline:sanction", args=[sanction.pk])
    assert sanction.probation_years == 2
    page = client.get(response["Location"]).content.decode()
    assert NARRATIVE in page and "2028-05-06" in page and "2030-05-06" in page
    listing = client.get(reverse("discipline:sanctions")).content.decode()
    assert "王五" in listing and label("probation") in listing
    assert "王五" not in client.get(reverse("discipline:sanctions") + "?state=all&year=2025").content.decode()


def test_a_refused_form_says_why(registry, client, officer, client_for):
    client_for(officer)
    data = {"member": registry.wang_wu.pk, "kind": "probation", "decided_on": "2026-05-06", "decided_by": "区纪委"}
    response = client.post(reverse("discipline:sanction_create"), data)
    assert response.status_code == 200 and probation_terms() in response.content.decode()
    assert not Sanction.objects.exists()


def test_a_case_in_scope_is_attached(registry, client, officer, client_for):
    from discipline.models import Case

    r = registry
    case = Case.objects.create(
        member=r.zhang_san,
        organization=r.branch_a,
        opened_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 4, 5),
        closed_on=dt.date(2026, 4, 1),
    )
    client_for(officer)
    url = reverse("discipline:sanction_create") + f"?case={case.pk}"
    assert client.get(url).status_code == 200
    data = {"member": r.zhang_san.pk, "kind": "warning", "decided_on": "2026-05-06", "decided_by": "区纪委"}
    client.post(url, data)
    assert Sanction.objects.get().case == case


def test_only_the_discipline_capability_in_scope_sees_sanctions(registry, client, officer, client_for):
    r = registry
    sanction = impose(r.wu_jiu, SanctionKind.WARNING, dt.date(2026, 1, 5))
    urls = [
        reverse("discipline:sanctions"),
        reverse("discipline:sanction_create"),
        reverse("discipline:sanction", args=[sanction.pk]),
        reverse("discipline:sanction_revoke", args=[sanction.pk]),
    ]
    leader = make_user("leader", Role.COMMITTEE_LEADER, r.working)
    secretary = make_user("secretary", Role.ORG_ADMIN, r.branch_c)
    for user in (leader, secretary):
        client_for(user)
        if user is leader:
            from conftest import verify_second_factor

            verify_second_factor(client, user)
        assert [client.get(u).status_code for u in urls] == [404] * 4
        assert client.post(reverse("discipline:sanction_end", args=[sanction.pk])).status_code == 404
    narrow = make_user("narrow", Role.DISCIPLINE_STAFF, r.opc)  # 财政局: not 教委's 吴九
    client_for(narrow)
    assert client.get(urls[2]).status_code == 404
    assert "吴九" not in client.get(urls[0]).content.decode()
    client_for(officer)
    assert client.get(urls[2]).status_code == 200


def test_the_member_concerned_sees_the_decisions_that_concern_them(registry, client, client_for):
    r = registry
    impose(r.li_si, SanctionKind.WARNING, dt.date(2026, 1, 5))
    impose(r.zhang_san, SanctionKind.SERIOUS_WARNING, dt.date(2026, 1, 5), narrative="张三的事实")
    client_for(make_user("li", Role.MEMBER, None, member=r.li_si))
    page = client.get(reverse("discipline:mine")).content.decode()
    assert label("warning") in page and NARRATIVE in page and "2027-01-05" in page and "区纪委" in page
    assert label("serious_warning") not in page and "张三的事实" not in page
    client_for(make_user("nobody", None))
    assert client.get(reverse("discipline:mine")).status_code == 200


def test_revoke_and_end_pages(registry, client, officer, client_for):
    r = registry
    sanction = impose(r.zhang_san, SanctionKind.WARNING, dt.date(2025, 5, 1))
    client_for(officer)
    client.post(reverse("discipline:sanction_end", args=[sanction.pk]))
    sanction.refresh_from_db()
    assert sanction.status == SanctionStatus.ENDED
    other = impose(r.wang_wu, SanctionKind.WARNING, dt.date(2026, 5, 1))
    response = client.post(reverse("discipline:sanction_end", args=[other.pk]), follow=True)
    assert "2027-05-01" in response.content.decode()  # refused: the period is not over
    response = client.post(
        reverse("discipline:sanction_revoke", args=[other.pk]),
        {"day": "2026-06-01", "reason": "申诉成立", "change_to": "", "decided_by": "区纪委"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == SanctionStatus.REVOKED


def test_nasty_parameters_give_no_server_error(registry, client, officer, client_for):
    client_for(officer)
    for name, params in {
        "discipline:sanctions": ["state", "year", "page"],
        "discipline:sanction_create": ["case"],
    }.items():
        for param in params:
            for value in ["", "-1", "2" * 30, "²", "\x00", "2026-02-30", "x" * 5000, "0"]:
                assert client.get(reverse(name), {param: value}).status_code < 500, (name, param, value)


# -- the flags in appointments and on the member's record -----------------------------------------


def test_the_appointment_form_flags_a_sanctioned_member_and_asks_to_confirm(registry, client, opc_officer, client_for):
    r = registry
    impose(r.zhang_san, SanctionKind.SERIOUS_WARNING, dt.date(2026, 1, 5), narrative="不可外传的事实")
    client_for(opc_officer)
    url = reverse("orgs:post_create", args=[r.branch_a.pk])
    data = {"member": r.zhang_san.pk, "role": "committee_member", "rank": "", "valid_from": "2026-06-01"}
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert label("serious_warning") in page and "2027-07-05" in page and "不可外传" not in page
    assert not Post.objects.filter(member=r.zhang_san).exists()
    response = client.post(url, {**data, "confirm_restrictions": "on"})
    assert response.status_code == 302
    assert Post.objects.filter(member=r.zhang_san, role="committee_member").exists()
    # nobody under an effect period: no question asked
    client.post(url, {**data, "member": r.li_si.pk})
    assert Post.objects.filter(member=r.li_si).exists()


def test_the_member_page_flags_the_effect_period_to_whoever_may_appoint(registry, client, opc_officer, client_for):
    r = registry
    impose(r.li_si, SanctionKind.WARNING, dt.date(2026, 1, 5))
    url = reverse("members:member", args=[r.li_si.pk])
    client_for(opc_officer)
    page = client.get(url).content.decode()
    assert 'data-testid="restrictions"' in page and "2027-01-05" in page and NARRATIVE not in page
    client_for(make_user("li", Role.MEMBER, None, member=r.li_si))
    assert 'data-testid="restrictions"' not in client.get(url).content.decode()


def test_the_appointment_decision_page_flags_the_nominee(registry, division, client_for):
    from work.tests.test_item_actions import appointment
    from work.tests.test_routing import officer

    r = registry
    impose(r.zhang_san, SanctionKind.WARNING, dt.date(2026, 1, 5), narrative="不可外传的事实")
    item = appointment(r)
    zzb = officer("zzb", Role.BODY_STAFF, r, division[1]["ZZB"])  # leads ORG-05: decides
    page = client_for(zzb).get(f"/todo/{item.pk}/").content.decode()
    assert 'data-testid="restrictions"' in page and label("warning") in page and "2027-01-05" in page
    assert "不可外传" not in page
    gw = officer("gw", Role.BODY_STAFF, r, division[1]["GW"])  # comments only: not shown
    assert 'data-testid="restrictions"' not in client_for(gw).get(f"/todo/{item.pk}/").content.decode()
