"""换届 reminders: 6 and 3 months before a term ends and once it has passed, once each."""

import datetime as dt
from io import StringIO

from django.core.management import call_command

from orgs.models import OrgKind, PartyOrganization
from orgs.services import do_create_organization
from work.models import ItemKind, WorkItem

END = dt.date(2026, 12, 1)


def term_ending(org, end=END):
    PartyOrganization.objects.filter(pk=org.pk).update(term_start=dt.date(2023, 12, 1), term_end=end)


def run(day: str) -> None:
    call_command("reminders", "--today", day, stdout=StringIO())


def items(org):
    return list(WorkItem.objects.filter(organization=org).order_by("pk").values_list("kind", "source_key", "title"))


def test_a_term_is_reminded_at_six_and_three_months_and_when_it_has_passed_once_each(registry):
    org = registry.branch_a
    term_ending(org)
    run("2026-05-31")
    assert items(org) == []
    for day in ("2026-06-01", "2026-06-02", "2026-08-31"):
        run(day)
    assert [k for k, _key, _t in items(org)] == [ItemKind.TERM_ENDING]
    for day in ("2026-09-01", "2026-11-30", "2026-12-01"):  # the end day itself is still in the term
        run(day)
    assert [k for k, _key, _t in items(org)] == [ItemKind.TERM_ENDING, ItemKind.TERM_ENDING]
    for day in ("2026-12-02", "2027-03-01"):
        run(day)
    found = items(org)
    assert [k for k, _key, _t in found] == [ItemKind.TERM_ENDING, ItemKind.TERM_ENDING, ItemKind.TERM_EXPIRED]
    assert [key for _k, key, _t in found] == [
        f"term_ending:{org.pk}:2026-12-01:6m",
        f"term_ending:{org.pk}:2026-12-01:3m",
        f"term_expired:{org.pk}:2026-12-01",
    ]
    assert "不足6个月" in found[0][2] and "不足3个月" in found[1][2] and "任期已于2026-12-01届满" in found[2][2]


def test_a_run_missed_until_the_last_three_months_gives_only_the_three_month_reminder(registry):
    term_ending(registry.branch_a)
    run("2026-10-15")
    assert [key.rsplit(":", 1)[-1] for _k, key, _t in items(registry.branch_a)] == ["3m"]


def test_a_new_term_is_reminded_afresh(registry):
    org = registry.branch_a
    term_ending(org)
    run("2026-12-02")
    term_ending(org, end=dt.date(2029, 12, 1))  # re-elected
    run("2029-06-01")
    assert [key for _k, key, _t in items(org)][-1] == f"term_ending:{org.pk}:2029-12-01:6m"


def test_the_working_committee_and_a_temporary_branch_get_no_reminder(registry):
    temporary = do_create_organization(
        PartyOrganization(
            name="财政局临时党支部", code="TMP1", kind=OrgKind.TEMPORARY_BRANCH, founded=dt.date(2024, 1, 1)
        ),
        superior=registry.opc,
        acting_user=None,
    )
    # data written before terms were dated: a length and dates the old form required of them
    PartyOrganization.objects.filter(pk__in=[registry.working.pk, temporary.pk]).update(
        term_years=5, term_start=dt.date(2019, 1, 1), term_end=dt.date(2024, 1, 1)
    )
    run("2026-01-01")
    assert items(registry.working) == [] and items(temporary) == []


def test_the_reminder_months_are_local_configuration(registry, settings):
    settings.DANGJIAN_RULES = {"term_reminder_months": [2]}
    term_ending(registry.branch_a)
    run("2026-06-01")
    assert items(registry.branch_a) == []
    run("2026-10-01")
    assert [key for _k, key, _t in items(registry.branch_a)] == [f"term_ending:{registry.branch_a.pk}:2026-12-01:2m"]
