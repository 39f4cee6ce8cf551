"""An election from the request to the new committee in post, through the services, and what
each step refuses."""

import datetime as dt

import pytest

from conftest import make_id_number
from core.errors import DomainError
from elections import services
from elections.models import Election, Method, Standing, Step
from members.models import Member
from members.services import do_create_member
from orgs.models import PartyOrganization, Post, PostRole
from work.models import ItemKind, ItemStatus, WorkItem
from work.services import do_create_reminders

TODAY = "2026-11-30"


def full_member(name, org):
    member = Member(
        name=name, education="bachelor", join_date=dt.date(2010, 7, 1), full_member_date=dt.date(2011, 7, 1)
    )
    return do_create_member(
        member,
        id_number=make_id_number(),
        phone="13812345678",
        organization=org,
        since=dt.date(2010, 7, 1),
        acting_user=None,
    )


@pytest.fixture
def branch(registry, settings):
    """教委第一支部 with 8 full members, its term ended in October, and an old committee."""
    settings.DANGJIAN_TODAY = TODAY
    r = registry
    for name in ("冯二", "褚三", "卫四", "蒋五", "沈六"):
        full_member(name, r.branch_c)
    PartyOrganization.objects.filter(pk=r.branch_c.pk).update(
        term_start=dt.date(2023, 10, 20), term_end=dt.date(2026, 10, 20)
    )
    Post.objects.create(
        organization=r.branch_c, member=r.wu_jiu, role=PostRole.SECRETARY, valid_from=dt.date(2023, 10, 20)
    )
    do_create_reminders(dt.date(2026, 11, 30))  # the term's reminder, open
    return PartyOrganization.objects.get(pk=r.branch_c.pk)


def member(name):
    return Member.objects.get(name=name)


def draft(org, **kw):
    fields = {
        "organization": org,
        "method": Method.GENERAL_MEETING,
        "seats": 3,
        "deputies": 1,
        "competitive": True,
        "planned_on": dt.date(2026, 12, 15),
    }
    return services.do_draft_election(Election(**{**fields, **kw}), acting_user=None)


def to_formal(org, names=("吴九", "郑十", "陈一", "冯二")):
    election = draft(org)
    day = dt.date(2026, 11, 30)
    services.do_send_request(election, day=day, acting_user=None)
    services.do_reply_request(election, approve=True, day=day, note="", acting_user=None)
    services.do_nominate(election, [member(n) for n in names], acting_user=None)
    ids = list(election.nominees.values_list("pk", flat=True))
    services.do_send_candidates(election, ids, day=day, acting_user=None)
    services.do_review_candidates(election, ids, approve=True, day=day, note="", acting_user=None)
    election.refresh_from_db()
    return election


def votes(election, **by_name):
    return {n.pk: by_name[n.member.name] for n in election.nominees.all() if n.member.name in by_name}


def test_the_request_goes_to_the_nearest_committee_and_a_returned_one_comes_back_with_its_reason(branch, registry):
    election = draft(branch)
    assert election.approving == registry.pc and election.step == Step.DRAFT
    day = dt.date(2026, 11, 30)
    services.do_send_request(election, day=day, acting_user=None)
    with pytest.raises(DomainError, match="退回|return"):
        services.do_reply_request(election, approve=False, day=day, note=" ", acting_user=None)
    services.do_reply_request(election, approve=False, day=day, note="委员名额请按5名重新请示", acting_user=None)
    election.refresh_from_db()
    assert election.step == Step.DRAFT and election.reply_note == "委员名额请按5名重新请示"


def test_an_organization_in_the_middle_of_its_term_cannot_start_an_election(branch):
    PartyOrganization.objects.filter(pk=branch.pk).update(term_end=dt.date(2028, 1, 1))
    branch.refresh_from_db()
    with pytest.raises(DomainError) as e:
        draft(branch)
    assert "2028-01-01" in e.value.message


def test_a_competitive_list_needs_a_fifth_more_names_than_seats(branch):
    with pytest.raises(DomainError) as e:
        to_formal(branch, names=("吴九", "郑十", "陈一"))
    assert "4" in e.value.message and "20" in e.value.message


def test_the_walk_elects_in_two_rounds_and_writes_the_new_committee_and_term(branch, registry):
    election = to_formal(branch)
    assert [n.member.name for n in services.on_ballot(election)] == ["冯二", "吴九", "陈一", "郑十"]  # strokes
    # 8 entitled, 8 present: elected with 5 votes or more; 郑十 and 陈一 fall short
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=8,
        issued=8,
        returned=8,
        invalid=0,
        votes=votes(election, 吴九=8, 冯二=7, 郑十=4, 陈一=3),
        acting_user=None,
    )
    election.refresh_from_db()
    assert election.step == Step.VOTING and election.entitled == 8
    assert services.seats_left(election) == 1
    assert [n.member.name for n in services.on_ballot(election)] == ["陈一", "郑十"]
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=8,
        issued=8,
        returned=8,
        invalid=1,
        votes=votes(election, 郑十=6, 陈一=1),
        acting_user=None,
    )
    election.refresh_from_db()
    assert election.step == Step.OFFICERS
    elected = {n.member.name: n.elected_in for n in election.nominees.filter(elected_in__isnull=False)}
    assert elected == {"吴九": 1, "冯二": 1, "郑十": 2}
    nominee = {n.member.name: n for n in election.nominees.all()}
    with pytest.raises(DomainError):
        services.do_elect_officers(election, day=dt.date(2026, 11, 30), secretary=nominee["陈一"], acting_user=None)
    services.do_elect_officers(
        election, day=dt.date(2026, 11, 30), secretary=nominee["冯二"], deputies=[nominee["吴九"]], acting_user=None
    )
    services.do_decide_result(election, approve=True, day=dt.date(2026, 11, 30), note="", acting_user=None)
    branch.refresh_from_db()
    assert (branch.term_start, branch.term_end) == (dt.date(2026, 11, 30), dt.date(2029, 11, 30))
    posts = {(p.member.name, p.role) for p in Post.objects.filter(organization=branch, valid_to__isnull=True)}
    assert posts == {
        ("冯二", PostRole.SECRETARY),
        ("吴九", PostRole.DEPUTY_SECRETARY),
        ("郑十", PostRole.COMMITTEE_MEMBER),
    }
    old = Post.objects.get(organization=branch, member=registry.wu_jiu, role=PostRole.SECRETARY)
    assert old.valid_to == dt.date(2026, 11, 30)
    reminder = WorkItem.objects.get(kind=ItemKind.TERM_EXPIRED, organization=branch)
    assert reminder.status == ItemStatus.DONE
    talks = WorkItem.objects.filter(kind=ItemKind.NEW_LEADER_TALK, status=ItemStatus.OPEN)
    assert {t.payload["member"] for t in talks} == {member("冯二").pk, member("吴九").pk}


def test_a_meeting_without_four_fifths_present_cannot_elect_and_records_nothing(branch):
    election = to_formal(branch)
    # 8 entitled: 4/5 is 6.4, so 6 present is short and 7 is enough
    with pytest.raises(DomainError) as e:
        services.do_record_round(
            election,
            held_on=dt.date(2026, 11, 30),
            present=6,
            issued=6,
            returned=6,
            invalid=0,
            votes=votes(election, 吴九=6),
            acting_user=None,
        )
    assert "4/5" in e.value.message
    election.refresh_from_db()
    assert election.step == Step.FORMAL and not election.rounds.exists()
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=7,
        issued=7,
        returned=7,
        invalid=0,
        votes=votes(election, 吴九=7, 冯二=7, 郑十=4, 陈一=3),
        acting_user=None,
    )
    # 7 present: 4 votes are more than half of them and elect; 3 do not
    elected = Election.objects.get(pk=election.pk).nominees.filter(elected_in=1)
    assert {n.member.name for n in elected} == {"吴九", "冯二", "郑十"}


def test_more_votes_than_ballots_are_refused_and_nothing_is_recorded(branch):
    election = to_formal(branch)
    with pytest.raises(DomainError) as e:
        services.do_record_round(
            election,
            held_on=dt.date(2026, 11, 30),
            present=8,
            issued=8,
            returned=8,
            invalid=0,
            votes=votes(election, 吴九=9),
            acting_user=None,
        )
    assert "吴九" in e.value.message
    assert not election.rounds.exists()
    assert not election.nominees.filter(elected_in__isnull=False).exists()


def test_a_member_written_in_is_elected_like_a_candidate(branch):
    election = to_formal(branch)
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=8,
        issued=8,
        returned=8,
        invalid=0,
        votes=votes(election, 吴九=8, 冯二=8, 郑十=1, 陈一=0),
        write_ins={member("卫四"): 6},
        other_votes=1,
        acting_user=None,
    )
    written = Election.objects.get(pk=election.pk).nominees.get(member__name="卫四")
    assert written.standing == Standing.WRITE_IN and written.elected_in == 1


def test_the_new_term_follows_the_term_rule_in_force_on_its_start(branch, settings):
    """A branch elected in 2017 served 2 years (1998 rules); from 2018-07-12, 3 years."""
    settings.DANGJIAN_TODAY = "2017-06-30"
    PartyOrganization.objects.filter(pk=branch.pk).update(term_start=dt.date(2015, 6, 1), term_end=dt.date(2017, 6, 1))
    Post.objects.filter(organization=branch).delete()
    election = draft(PartyOrganization.objects.get(pk=branch.pk), planned_on=dt.date(2017, 6, 30), seats=1, deputies=0)
    day = dt.date(2017, 6, 30)
    services.do_send_request(election, day=day, acting_user=None)
    services.do_reply_request(election, approve=True, day=day, note="", acting_user=None)
    services.do_nominate(election, [member("吴九"), member("郑十")], acting_user=None)
    ids = list(election.nominees.values_list("pk", flat=True))
    services.do_send_candidates(election, ids, day=day, acting_user=None)
    services.do_review_candidates(election, ids, approve=True, day=day, note="", acting_user=None)
    services.do_record_round(
        election,
        held_on=day,
        present=8,
        issued=8,
        returned=8,
        invalid=0,
        votes=votes(election, 吴九=7, 郑十=1),
        acting_user=None,
    )
    wu = election.nominees.get(member__name="吴九")
    services.do_elect_officers(election, day=day, secretary=wu, acting_user=None)
    services.do_decide_result(election, approve=True, day=day, note="", acting_user=None)
    assert PartyOrganization.objects.get(pk=branch.pk).term_end == dt.date(2019, 6, 30)


def test_a_tie_at_the_last_seat_is_voted_on_again_among_the_tied_only(branch):
    election = to_formal(branch, names=("吴九", "郑十", "陈一", "冯二", "褚三"))
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=8,
        issued=8,
        returned=8,
        invalid=0,
        votes=votes(election, 吴九=7, 冯二=7, 郑十=5, 陈一=5, 褚三=0),
        acting_user=None,
    )
    election.refresh_from_db()
    assert election.step == Step.VOTING and services.seats_left(election) == 1
    assert {n.member.name for n in services.on_ballot(election)} == {"郑十", "陈一"}


def test_a_request_outside_the_year_allowed_is_refused_citing_the_rule(branch):
    from elections.models import TermChange, TermChangeKind

    change = TermChange(
        organization=branch, kind=TermChangeKind.POSTPONE, new_end=dt.date(2027, 10, 21), reason="重点任务"
    )
    with pytest.raises(DomainError) as e:
        services.do_request_term_change(change, acting_user=None)
    assert "2027-10-20" in e.value.message and "第三条" in e.value.message
    change.new_end = dt.date(2027, 10, 20)
    services.do_request_term_change(change, acting_user=None)
    services.do_decide_term_change(change, approve=True, day=dt.date(2026, 11, 30), note="", acting_user=None)
    branch.refresh_from_db()
    assert branch.term_end == dt.date(2027, 10, 20)
    reminder = WorkItem.objects.get(kind=ItemKind.TERM_EXPIRED, organization=branch)
    assert reminder.status == ItemStatus.DONE


def test_a_candidate_sanctioned_before_the_meeting_stops_the_count_until_the_list_is_reviewed(branch):
    from discipline.models import SanctionKind
    from discipline.tests.test_sanctions import impose

    election = to_formal(branch)
    impose(member("冯二"), SanctionKind.PROBATION, dt.date(2026, 11, 30), years=1)
    with pytest.raises(DomainError) as e:
        services.do_record_round(
            election,
            held_on=dt.date(2026, 11, 30),
            present=7,
            issued=7,
            returned=7,
            invalid=0,
            votes=votes(election, 吴九=8),
            acting_user=None,
        )
    assert "冯二" in e.value.message
    assert not election.rounds.exists()


def test_whoever_sent_a_step_to_the_superior_does_not_also_decide_it(branch, clerk, secretary):
    election = draft(branch)
    day = dt.date(2026, 11, 30)
    services.do_send_request(election, day=day, acting_user=clerk)  # the committee's clerk, entering it
    with pytest.raises(DomainError) as e:
        services.do_reply_request(election, approve=True, day=day, note="", acting_user=clerk)
    assert "另一位" in e.value.message
    services.do_reply_request(election, approve=True, day=day, note="", acting_user=secretary)
    assert Election.objects.get(pk=election.pk).step == Step.NOMINATING


def test_a_delay_asked_before_an_election_is_not_approved_after_it_changed_the_term(branch):
    from elections.models import TermChange, TermChangeKind

    change = services.do_request_term_change(
        TermChange(organization=branch, kind=TermChangeKind.POSTPONE, new_end=dt.date(2027, 4, 5), reason="重点任务"),
        acting_user=None,
    )
    PartyOrganization.objects.filter(pk=branch.pk).update(
        term_start=dt.date(2026, 11, 30), term_end=dt.date(2029, 11, 30)
    )
    with pytest.raises(DomainError) as e:
        services.do_decide_term_change(change, approve=True, day=dt.date(2026, 11, 30), note="", acting_user=None)
    assert "2029-11-30" in e.value.message
    assert PartyOrganization.objects.get(pk=branch.pk).term_end == dt.date(2029, 11, 30)


def test_the_meeting_may_leave_a_seat_empty_and_the_committee_names_its_discipline_member(branch):
    election = to_formal(branch)
    services.do_record_round(
        election,
        held_on=dt.date(2026, 11, 30),
        present=8,
        issued=8,
        returned=8,
        invalid=0,
        votes=votes(election, 吴九=8, 冯二=7, 郑十=4, 陈一=3),
        acting_user=None,
    )
    with pytest.raises(DomainError):
        services.do_close_voting(election, day=dt.date(2026, 11, 30), note=" ", acting_user=None)
    services.do_close_voting(
        election, day=dt.date(2026, 11, 30), note="经到会党员过半数同意，不再另行选举", acting_user=None
    )
    election.refresh_from_db()
    assert (election.step, election.seats) == (Step.OFFICERS, 2)
    nominee = {n.member.name: n for n in election.nominees.all()}
    with pytest.raises(DomainError):  # the discipline member is not one of the secretaries
        services.do_elect_officers(
            election, day=dt.date(2026, 11, 30), secretary=nominee["吴九"], discipline=nominee["吴九"], acting_user=None
        )
    services.do_elect_officers(
        election, day=dt.date(2026, 11, 30), secretary=nominee["吴九"], discipline=nominee["冯二"], acting_user=None
    )
    services.do_decide_result(election, approve=True, day=dt.date(2026, 11, 30), note="", acting_user=None)
    posts = {(p.member.name, p.role) for p in Post.objects.filter(organization=branch, valid_to__isnull=True)}
    assert posts == {("吴九", PostRole.SECRETARY), ("冯二", PostRole.DISCIPLINE_MEMBER)}


def test_a_returned_result_goes_back_to_the_committee_and_a_congress_gives_its_delegates(branch):
    election = to_formal(branch)
    Election.objects.filter(pk=election.pk).update(method=Method.DELEGATE_CONGRESS, dispersed=True)
    election.refresh_from_db()
    figures = {"held_on": dt.date(2026, 11, 30), "issued": 8, "returned": 8, "invalid": 0, "acting_user": None}
    with pytest.raises(DomainError):  # a congress enters its delegates
        services.do_record_round(election, present=8, votes=votes(election, 吴九=8), **figures)
    services.do_record_round(
        election, present=8, entitled=9, votes=votes(election, 吴九=8, 冯二=8, 郑十=5, 陈一=3), **figures
    )
    election.refresh_from_db()
    assert (election.entitled, election.step) == (9, Step.OFFICERS)
    nominee = {n.member.name: n for n in election.nominees.all()}
    services.do_elect_officers(election, day=dt.date(2026, 11, 30), secretary=nominee["郑十"], acting_user=None)
    with pytest.raises(DomainError):
        services.do_decide_result(election, approve=False, day=dt.date(2026, 11, 30), note="", acting_user=None)
    services.do_decide_result(
        election, approve=False, day=dt.date(2026, 11, 30), note="书记人选请重新酝酿", acting_user=None
    )
    election.refresh_from_db()
    assert election.step == Step.OFFICERS and election.reply_note == "书记人选请重新酝酿"
    assert not Post.objects.filter(organization=branch, member__name="郑十").exists()
