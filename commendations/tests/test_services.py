"""The round's steps through the services: quotas enforced, refusals that write nothing, the
approval refused for an ineligible nominee, the notice counted on the working-day calendar,
the decision that makes honours, and what other apps read of them."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from commendations import queries, services
from commendations.models import Nomination, NominationStatus, Standard, Status
from commendations.tests.conftest import category, nominate
from core.errors import DomainError
from discipline.models import Sanction


def _fingerprint():
    return Nomination.objects.count(), AuditEvent.objects.count()


def test_a_nomination_beyond_the_quota_is_refused_and_nothing_is_written(registry, round_):
    nominate(round_, registry.opc, member=registry.zhang_san)
    nominate(round_, registry.opc, member=registry.li_si)
    before = _fingerprint()
    with pytest.raises(DomainError) as refused:
        nominate(round_, registry.opc, member=registry.sun_qi)
    assert "名额为2名，已推荐2名" in refused.value.message
    assert _fingerprint() == before


def test_a_withdrawn_nomination_frees_its_seat(registry, round_):
    first = nominate(round_, registry.opc, member=registry.zhang_san)
    nominate(round_, registry.opc, member=registry.li_si)
    services.do_withdraw_nomination(first, acting_user=None)
    assert nominate(round_, registry.opc, member=registry.sun_qi).status == NominationStatus.PENDING


def test_an_organization_without_a_quota_and_a_member_outside_its_subtree_are_refused(registry, round_):
    with pytest.raises(DomainError):
        nominate(round_, registry.opc, member=registry.zhang_san, standard=Standard.ADVANCED_ORGANIZATION)
    with pytest.raises(DomainError) as outside:
        nominate(round_, registry.opc, member=registry.wu_jiu)
    assert "只能推荐财政局机关党委及其下级党组织名册上的党员" in outside.value.message
    with pytest.raises(DomainError):
        nominate(round_, registry.branch_a, member=registry.zhang_san)  # no quota
    assert Nomination.objects.count() == 0


def test_nominations_are_received_only_within_the_period(registry, round_, settings):
    settings.DANGJIAN_TODAY = "2026-07-01"
    with pytest.raises(DomainError) as late:
        nominate(round_, registry.opc, member=registry.zhang_san)
    assert "2026-06-01 至 2026-06-30" in late.value.message


def test_a_quota_below_the_nominations_held_is_refused(registry, round_):
    nominate(round_, registry.opc, member=registry.zhang_san)
    key = (registry.opc.pk, category(round_, Standard.EXCELLENT_MEMBER).pk)
    with pytest.raises(DomainError):
        services.do_set_quotas(round_, {key: 0}, acting_user=None)
    assert queries.quota_table(round_)[key] == 2


def test_the_suggestion_shares_a_total_by_members_on_the_roll(registry, round_):
    member_cat = category(round_, Standard.EXCELLENT_MEMBER).pk
    # 财政局机关党委 6 members on the roll, 教委党委 3: 5 seats → 3.33 / 1.67 → 3 and 2
    got = services.suggest_quotas({member_cat: 5}, [registry.opc, registry.pc], dt.date(2026, 6, 15))
    assert got == {(registry.opc.pk, member_cat): 3, (registry.pc.pk, member_cat): 2}


def test_an_ineligible_nominee_is_kept_but_cannot_be_approved(registry, round_):
    Sanction.objects.create(
        member=registry.wang_wu,
        organization=registry.branch_a,
        kind="warning",
        decided_on=dt.date(2026, 3, 1),
        decided_by="区纪委",
        effect_until=dt.date(2027, 3, 1),
        narrative="事实",
    )
    n = nominate(round_, registry.opc, member=registry.wang_wu)
    with pytest.raises(DomainError) as refused:
        services.do_review_nomination(n, approve=True, acting_user=None)
    assert "不符合条件" in refused.value.message
    n.refresh_from_db()
    assert n.status == NominationStatus.PENDING


def test_a_rejection_needs_a_reason(registry, round_):
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    with pytest.raises(DomainError):
        services.do_review_nomination(n, approve=False, reason=" ", acting_user=None)
    services.do_review_nomination(n, approve=False, reason="事迹不够突出", acting_user=None)
    n.refresh_from_db()
    assert (n.status, n.review_reason) == (NominationStatus.REJECTED, "事迹不够突出")


def _approved_round(registry, round_):
    member = nominate(round_, registry.opc, member=registry.zhang_san)
    org = nominate(round_, registry.opc, nominee=registry.branch_a, standard=Standard.ADVANCED_ORGANIZATION)
    for n in (member, org):
        services.do_review_nomination(n, approve=True, acting_user=None)
    return member, org


def test_the_notice_ends_after_five_working_days_on_the_official_calendar(registry, round_, settings):
    _approved_round(registry, round_)
    settings.DANGJIAN_TODAY = "2026-09-29"
    # from Tuesday 29 September: 29, 30 September, then the National Day holidays (1–7 October)
    # and the make-up working day of Saturday 10 October → 9, 10 and 12 October.
    round_, warning = services.do_start_notice(round_, starts=dt.date(2026, 9, 29), acting_user=None)
    assert (round_.status, round_.notice_starts) == (Status.NOTICE, dt.date(2026, 9, 29))
    assert round_.notice_ends == services.notice_end(dt.date(2026, 9, 29), 5)[0]
    assert round_.notice_ends > dt.date(2026, 10, 5)  # the holidays are not counted


def test_the_notice_waits_for_every_review_and_the_close(registry, round_, settings):
    nominate(round_, registry.opc, member=registry.zhang_san)
    with pytest.raises(DomainError):
        services.do_start_notice(round_, starts=dt.date(2026, 6, 30), acting_user=None)  # not after the close
    settings.DANGJIAN_TODAY = "2026-07-02"
    with pytest.raises(DomainError) as pending:
        services.do_start_notice(round_, starts=dt.date(2026, 7, 2), acting_user=None)
    assert "还有推荐尚未审核" in pending.value.message
    round_.refresh_from_db()
    assert round_.status == Status.NOMINATION


def test_the_decision_makes_the_approved_nominations_honours(registry, round_, settings):
    member, org = _approved_round(registry, round_)
    settings.DANGJIAN_TODAY = "2026-07-01"
    round_, _w = services.do_start_notice(round_, starts=dt.date(2026, 7, 1), acting_user=None)
    services.do_record_objection(member, received_on=dt.date(2026, 7, 1), text="反映其工作作风问题", acting_user=None)
    with pytest.raises(DomainError):
        services.do_decide(
            round_, decided_on=dt.date(2026, 7, 1), document_number="机工委〔2026〕8号", acting_user=None
        )
    settings.DANGJIAN_TODAY = "2026-07-10"
    services.do_decide(round_, decided_on=dt.date(2026, 7, 10), document_number="机工委〔2026〕8号", acting_user=None)
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    honours = queries.honours(*year)
    assert list(honours) == [registry.branch_a.pk]
    assert honours[registry.branch_a.pk][0].category == "先进基层党组织"
    assert honours[registry.branch_a.pk][0].level == "区直机关工委"
    people = queries.member_honours(*year)
    assert [h.category for h in people[registry.zhang_san.pk]] == ["优秀共产党员"]
    assert people[registry.zhang_san.pk][0].decided_on == dt.date(2026, 7, 10)
    assert queries.honours(dt.date(2026, 7, 11), dt.date(2026, 12, 31)) == {}


def test_the_decision_rechecks_the_nominees_on_its_day(registry, round_, settings):
    member, _org = _approved_round(registry, round_)
    settings.DANGJIAN_TODAY = "2026-07-01"
    services.do_start_notice(round_, starts=dt.date(2026, 7, 1), acting_user=None)
    Sanction.objects.create(
        member=registry.zhang_san,
        organization=registry.branch_a,
        kind="warning",
        decided_on=dt.date(2026, 7, 5),
        decided_by="区纪委",
        effect_until=dt.date(2027, 7, 5),
        narrative="事实",
    )
    settings.DANGJIAN_TODAY = "2026-07-10"
    round_.refresh_from_db()
    with pytest.raises(DomainError):
        services.do_decide(round_, decided_on=dt.date(2026, 7, 10), document_number="8号", acting_user=None)
    services.do_review_nomination(member, approve=False, reason="公示期间受到党纪处分", acting_user=None)
    round_.refresh_from_db()
    services.do_decide(round_, decided_on=dt.date(2026, 7, 10), document_number="8号", acting_user=None)
    assert queries.member_honours(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == {}


def test_honours_are_a_figure_of_the_indicator_registry_for_the_subtree(registry, round_, settings):
    from reports.indicators import source

    _approved_round(registry, round_)
    settings.DANGJIAN_TODAY = "2026-07-10"
    services.do_start_notice(round_, starts=dt.date(2026, 7, 1), acting_user=None)
    services.do_decide(round_, decided_on=dt.date(2026, 7, 10), document_number="机工委〔2026〕8号", acting_user=None)
    figures = source("commendations.honours").figures(2026, [registry.opc, registry.branch_b])
    # 财政局第一支部 (先进基层党组织) and its member 张三 (优秀共产党员) lie under 财政局机关党委
    assert (figures[registry.opc.pk].count, figures[registry.branch_b.pk].count) == (2, 0)
    assert source("commendations.honours").figures(2025, [registry.opc])[registry.opc.pk].count == 0
