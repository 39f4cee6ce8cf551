"""Which accounts a committee leader manages (issue 15, item 6): those whose role, member or
managing organization lies in the leader's subtree. An account without a role is not everyone's."""

import importlib

import pytest
from django.apps import apps

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from audit.services import record
from conftest import PASSWORD, make_user

NEW_PASSWORD = "Reset#Pass2026x"


@pytest.fixture
def opc_leader(registry):
    """A committee leader whose scope is 财政局机关党委 only."""
    return make_user("opc_leader", Role.COMMITTEE_LEADER, registry.opc)


@pytest.fixture
def accounts(registry, client_for, secretary):
    """Role-less accounts inside and outside 财政局机关党委, and one whose role was revoked."""
    linked = make_user("linked_zhang", member=registry.zhang_san)  # a member of 财政局第一支部
    placed_inside = make_user("placed_inside")
    placed_outside = make_user("placed_outside")
    User.objects.filter(pk=placed_inside.pk).update(managing_organization=registry.branch_b)
    User.objects.filter(pk=placed_outside.pk).update(managing_organization=registry.pc)
    revoked = make_user("revoked_officer", Role.ORG_ADMIN, registry.branch_c)
    leader = client_for(secretary)
    leader.post(f"/accounts/roles/{revoked.role_assignments.get().pk}/revoke/")
    leader.logout()
    unplaced = make_user("unplaced")  # no member, no managing organization
    return {
        "inside": [linked, placed_inside],
        "outside": [placed_outside, User.objects.get(pk=revoked.pk), unplaced],
    }


def test_a_scoped_leader_lists_only_accounts_of_their_subtree(registry, client_for, opc_leader, accounts):
    page = client_for(opc_leader).get("/accounts/users/").content.decode()
    for user in accounts["inside"]:
        assert f"/accounts/users/{user.pk}/" in page
    for user in accounts["outside"]:
        assert f"/accounts/users/{user.pk}/" not in page


def test_a_scoped_leader_cannot_touch_role_less_or_revoked_accounts_elsewhere(
    registry, client_for, opc_leader, accounts
):
    client = client_for(opc_leader)
    for user in accounts["outside"]:
        assert client.get(f"/accounts/users/{user.pk}/").status_code == 404
        assert client.post(f"/accounts/users/{user.pk}/password/", {"password": NEW_PASSWORD}).status_code == 404
        granted = client.post(f"/accounts/users/{user.pk}/", {"role": Role.ORG_ADMIN, "organization": registry.opc.pk})
        assert granted.status_code == 404
        assert client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}).status_code == 404
        user.refresh_from_db()
        assert user.check_password(PASSWORD) and user.is_active and not user.role_assignments.exists()


def test_a_scoped_leader_manages_the_accounts_of_their_subtree(registry, client_for, opc_leader, accounts):
    client = client_for(opc_leader)
    for user in accounts["inside"]:
        assert client.get(f"/accounts/users/{user.pk}/").status_code == 200
        client.post(f"/accounts/users/{user.pk}/password/", {"password": NEW_PASSWORD})
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD) and user.must_change_password


def test_an_account_made_by_a_scoped_leader_stays_in_their_scope(registry, client_for, opc_leader, secretary):
    client = client_for(opc_leader)
    client.post("/accounts/users/new/", {"username": "newbie", "display_name": "新同志", "password": NEW_PASSWORD})
    newbie = User.objects.get(username="newbie")
    assert newbie.managing_organization == registry.opc
    assert "财政局机关党委" in client.get(f"/accounts/users/{newbie.pk}/").content.decode()
    client.logout()
    other = client_for(make_user("pc_leader", Role.COMMITTEE_LEADER, registry.pc))
    assert other.get(f"/accounts/users/{newbie.pk}/").status_code == 404


def test_a_scoped_leader_cannot_touch_an_account_holding_a_role_beyond_their_subtree(registry, client_for, opc_leader):
    """A committee clerk who is a member of a branch under 财政局机关党委: the department's leader
    must not be able to reset the password of an account with district-wide powers."""
    staffer = make_user("staffer", Role.COMMITTEE_STAFF, registry.working, member=registry.sun_qi)
    client = client_for(opc_leader)
    assert client.get(f"/accounts/users/{staffer.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{staffer.pk}/password/", {"password": NEW_PASSWORD}).status_code == 404
    staffer.refresh_from_db()
    assert staffer.check_password(PASSWORD)


def test_the_committee_still_manages_every_account(registry, client_for, secretary, accounts):
    client = client_for(secretary)
    for user in [*accounts["inside"], *accounts["outside"]]:
        assert client.get(f"/accounts/users/{user.pk}/").status_code == 200


def test_existing_accounts_are_placed_by_member_then_creator_then_committee(registry, opc_leader):
    make_user("linked_wu", member=registry.wu_jiu)
    record("accounts.user.created", actor=opc_leader, target=make_user("created_by_opc"))
    make_user("unplaced")
    migration = importlib.import_module("accounts.migrations.0005_add_managing_organization")
    migration.place_existing_accounts(apps, None)
    placed = dict(User.objects.values_list("username", "managing_organization"))
    assert placed["linked_wu"] == registry.branch_c.pk
    assert placed["created_by_opc"] == registry.opc.pk
    assert placed["unplaced"] == registry.working.pk  # only the committee manages it
    assert AuditEvent.objects.filter(action="accounts.user.created").count() == 1
