"""A clue is routed by the division of the authority list in force on the day it is received;
adopting another list changes the routing of new clues, not of old ones."""

import datetime as dt

import pytest

from discipline.cases import do_register_clue
from discipline.routing import route
from discipline.tests.helpers import adopt_division, bodies


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


def _clue(member, day):
    return do_register_clue(member=member, received_on=day, source="report", summary="反映问题", acting_user=None)


def test_a_district_cadre_goes_to_the_discipline_commission_and_others_to_the_working_committee(registry):
    r = registry
    adopt_division(dt.date(2026, 1, 1))
    r.zhang_san.is_leading_cadre, r.zhang_san.cadre_rank = True, "section"
    r.zhang_san.save(update_fields=["is_leading_cadre", "cadre_rank"])
    cadre = route(r.zhang_san, dt.date(2026, 3, 1))
    other = route(r.li_si, dt.date(2026, 3, 1))
    assert (cadre.basis, cadre.matter_code, cadre.body.code) == ("district_cadre", "DIS-03", "JW")
    assert (other.basis, other.matter_code, other.body.code) == ("other_member", "DIS-04", "JGW")


def test_a_leading_cadre_of_a_rank_the_district_does_not_manage_is_an_other_member(registry):
    r = registry
    adopt_division(dt.date(2026, 1, 1))
    r.wang_wu.is_leading_cadre, r.wang_wu.cadre_rank = True, "clerk"
    r.wang_wu.save(update_fields=["is_leading_cadre", "cadre_rank"])
    assert route(r.wang_wu, dt.date(2026, 3, 1)).body.code == "JGW"


def test_without_a_list_in_force_the_clue_is_registered_unrouted(registry):
    adopt_division(dt.date(2026, 5, 1))
    clue = _clue(registry.li_si, dt.date(2026, 4, 30))  # the day before the list
    assert clue.routed_to is None and clue.authority_list is None
    assert clue.matter_code == "DIS-04"


def test_a_new_list_changes_the_routing_of_new_clues_only(registry):
    r = registry
    first = adopt_division(dt.date(2026, 1, 1))
    old = _clue(r.li_si, dt.date(2026, 3, 1))
    second = adopt_division(dt.date(2026, 4, 1), dis04="GB", name="事权清单（修订）")
    new = _clue(r.wang_wu, dt.date(2026, 4, 2))
    before_second = _clue(r.wang_wu, dt.date(2026, 3, 31))  # received while the first was in force
    old.refresh_from_db()
    assert (old.routed_to.code, old.authority_list) == ("JGW", first)
    assert (new.routed_to.code, new.authority_list) == ("GB", second)
    assert before_second.routed_to.code == "JGW"


def test_a_list_without_the_matter_leaves_the_clue_unrouted_with_the_list_named(registry):
    from authority.models import AuthorityList, Matter, MatterRole
    from authority.services import do_adopt_list

    draft = AuthorityList.objects.create(name="无分工的清单")
    matter = Matter.objects.create(authority_list=draft, code="ORG-01", name="组织", domain="organization")
    MatterRole.objects.create(matter=matter, body=bodies()["GB"], role="lead")
    listed = do_adopt_list(draft, effective_from=dt.date(2026, 1, 1), acting_user=None)
    clue = _clue(registry.li_si, dt.date(2026, 2, 1))
    assert clue.routed_to is None and clue.authority_list == listed
