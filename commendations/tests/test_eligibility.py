"""Each eligibility condition read from the records, at its boundary days; the committee's
switches turn a condition off; the discipline details only for the discipline capability."""

import datetime as dt

import pytest

from commendations import eligibility
from commendations.models import Standard
from commendations.tests.conftest import nominate
from discipline.models import Sanction, Talk
from evaluation.models import EvaluationRound, Participant


def reasons(nomination, day, *, details=True) -> list[str]:
    return [
        f.reason
        for f in eligibility.findings(
            [nomination], day, discipline_details={nomination.member_id} if details else set()
        ).get(nomination.pk, [])
    ]


def sanction(member, *, decided_on, effect_until, kind="warning"):
    return Sanction.objects.create(
        member=member,
        organization=member.organization,
        kind=kind,
        decided_on=decided_on,
        decided_by="区纪委",
        effect_until=effect_until,
        narrative="事实",
    )


def test_a_member_with_nothing_on_record_meets_the_conditions(registry, round_):
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    assert reasons(n, dt.date(2026, 6, 15)) == []
    assert eligibility.eligible(n, dt.date(2026, 6, 15))


def test_a_probationary_member_is_not_eligible_until_the_day_of_full_membership(registry, round_):
    member = registry.zhao_liu
    n = nominate(round_, registry.opc, member=member)
    assert reasons(n, dt.date(2026, 6, 15)) == ["2026-06-15 不是正式党员"]
    member.full_member_date = dt.date(2026, 12, 1)
    member.save()
    n.refresh_from_db()
    assert not eligibility.eligible(n, dt.date(2026, 11, 30))
    assert eligibility.eligible(n, dt.date(2026, 12, 1))


def test_a_sanction_bars_until_its_effect_period_ends(registry, round_):
    sanction(registry.wang_wu, decided_on=dt.date(2026, 3, 1), effect_until=dt.date(2027, 3, 1))
    n = nominate(round_, registry.opc, member=registry.wang_wu)
    assert not eligibility.eligible(n, dt.date(2027, 2, 28))
    assert eligibility.eligible(n, dt.date(2027, 3, 1))  # the end is exclusive
    assert eligibility.eligible(n, dt.date(2026, 2, 28))  # before the decision
    assert reasons(n, dt.date(2026, 6, 15)) == ["处于警告影响期（至 2027-03-01）"]


def test_an_admonishment_bars_during_its_period(registry, round_):
    Talk.objects.create(
        kind="admonition",
        member=registry.li_si,
        organization=registry.branch_a,
        date=dt.date(2026, 1, 8),
        talker="纪工委书记",
        gist="诫勉",
        effect_until=dt.date(2026, 7, 8),
    )
    n = nominate(round_, registry.opc, member=registry.li_si)
    assert not eligibility.eligible(n, dt.date(2026, 7, 7))
    assert eligibility.eligible(n, dt.date(2026, 7, 8))


def test_without_the_discipline_capability_the_reason_is_neutral(registry, round_):
    sanction(registry.wang_wu, decided_on=dt.date(2026, 3, 1), effect_until=dt.date(2027, 3, 1), kind="serious_warning")
    n = nominate(round_, registry.opc, member=registry.wang_wu)
    shown = reasons(n, dt.date(2026, 6, 15), details=False)
    assert shown == ["处于影响期，请咨询纪工办"]
    assert "2027" not in shown[0]


def _graded(member, year, grade="unqualified"):
    evaluation = EvaluationRound.objects.create(
        organization=member.organization,
        year=year,
        date=dt.date(year, 12, 1),
        status="concluded",
        concluded_on=dt.date(year, 12, 10),
    )
    Participant.objects.create(round=evaluation, member=member, grade=grade)


@pytest.mark.parametrize(("year", "barred"), [(2023, False), (2024, True), (2025, True), (2026, True)])
def test_unqualified_in_the_rounds_period_bars(registry, round_, year, barred):
    """A 2026 round with the two-year cycle looks back on 2024, 2025 and 2026."""
    _graded(registry.zhang_san, year)
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    assert eligibility.eligible(n, dt.date(2026, 6, 15)) is not barred


def test_the_committee_switches_a_condition_off(registry, round_):
    _graded(registry.zhang_san, 2025)
    n = nominate(round_, registry.opc, member=registry.zhang_san)
    assert not eligibility.eligible(n, dt.date(2026, 6, 15))
    round_.check_evaluation = False
    round_.save()
    n.refresh_from_db()
    assert eligibility.eligible(n, dt.date(2026, 6, 15))


def test_an_overdue_term_is_a_flag_and_a_dissolution_bars(registry, round_):
    branch = registry.branch_a
    branch.term_end = dt.date(2026, 5, 31)
    branch.save()
    n = nominate(round_, registry.opc, nominee=branch, standard=Standard.ADVANCED_ORGANIZATION)
    found = eligibility.findings([n], dt.date(2026, 6, 15))[n.pk]
    assert [f.bars for f in found] == [False]
    assert eligibility.eligible(n, dt.date(2026, 6, 15))
    assert eligibility.findings([n], dt.date(2026, 5, 31)) == {}  # ends that day
    branch.dissolved = dt.date(2026, 7, 1)
    branch.save()
    n.refresh_from_db()
    assert eligibility.eligible(n, dt.date(2026, 6, 30)) is True
    assert not eligibility.eligible(n, dt.date(2026, 7, 1))
