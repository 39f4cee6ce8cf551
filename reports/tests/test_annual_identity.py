"""The annual report's changes against random histories made through the services: for the
committee and every organization, in every year, `start + increases − decreases = end`, the
start is last year's end, the end is the members counted, and each kind of change is what the
history did in the scope (its subtree on December 31, `reports.annual`).

The history is kept beside the database in a small model (memberships, superiors) written only
when a service accepted the action, and the expected figures are read from the model, not from
the database."""

import contextlib
import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import make_id_number
from core.errors import DomainError
from core.periods import add_years
from members.models import EventKind, Member
from members.services import do_create_member, do_record_member_event
from orgs.models import OrgKind
from orgs.services import do_update_organization
from reports.annual import DECREASES, INCREASES, Scope, figures_of
from transfers.services import (
    do_accept_transfer,
    do_issue_letter,
    do_issue_transfer,
    do_record_receipt,
    do_register_incoming,
)

FIRST = dt.date(2025, 1, 6)
STEP = dt.timedelta(days=55)  # 13 actions reach late October 2026: two years of history
YEARS = (2025, 2026)
BRANCHES = ("branch_a", "branch_b", "branch_c", "branch_d")
MOVABLE = ("branch_a", "branch_b", "branch_c", "branch_d", "opc2")
TARGETS = ("opc", "pc", "opc2", "working", "district")
LEAVING = {
    EventKind.DECEASED: "death",
    EventKind.EXPELLED: "expelled",
    EventKind.REMOVED: "removed",
    EventKind.WITHDREW: "withdrew",
    EventKind.LAPSED: "lapsed",
    EventKind.PROBATION_CANCELLED: "probation_cancelled",
    EventKind.SUSPENDED: "suspended",
}


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2027-01-15"


@dataclass
class History:
    """What the services were asked to do and accepted, in plain Python."""

    parents: dict[int, list[tuple[dt.date, int]]]  # organization -> (from, superior), in order
    facts: list[list] = field(default_factory=list)  # [member, organization, from, to or None]
    suspended: list[int] = field(default_factory=list)
    changes: list[tuple[dt.date, str, int | None, int | None]] = field(default_factory=list)  # day, kind, from, to

    def superior(self, org: int, day: dt.date) -> int | None:
        found = None
        for since, superior in self.parents.get(org, []):
            if since <= day:
                found = superior
        return found

    def subtree(self, root: int, day: dt.date, include_root: bool) -> set[int]:
        below = set()
        for org in self.parents:
            node = org if include_root else self.superior(org, day)
            seen = 0
            while node is not None and seen < 20:
                if node == root:
                    below.add(org)
                    break
                node, seen = self.superior(node, day), seen + 1
        return below

    def roll(self, day: dt.date, orgs: set[int]) -> set[int]:
        return {m for m, o, since, until in self.facts if o in orgs and since <= day and (until is None or day < until)}

    def open_fact(self, member: int) -> list | None:
        return next((f for f in self.facts if f[0] == member and f[3] is None), None)

    def on_roll(self) -> list[int]:
        return sorted(f[0] for f in self.facts if f[3] is None)

    def leave(self, member: int, day: dt.date) -> int:
        fact = self.open_fact(member)
        assert fact is not None
        fact[3] = day
        return fact[1]

    def join(self, member: int, org: int, day: dt.date) -> None:
        self.facts.append([member, org, day, None])


def _history(registry) -> History:
    r = registry
    parents = {
        r.working.pk: [(dt.date(2000, 1, 1), r.district.pk)],
        r.opc.pk: [(dt.date(2000, 1, 1), r.working.pk)],
        r.pc.pk: [(dt.date(2000, 1, 1), r.working.pk)],
        r.opc2.pk: [(dt.date(2000, 1, 1), r.working.pk)],
        r.branch_a.pk: [(dt.date(2000, 1, 1), r.opc.pk)],
        r.branch_b.pk: [(dt.date(2000, 1, 1), r.opc.pk)],
        r.branch_c.pk: [(dt.date(2000, 1, 1), r.pc.pk)],
        r.branch_d.pk: [(dt.date(2000, 1, 1), r.opc2.pk)],
    }
    history = History(parents)
    for member in Member.objects.all():
        since = member.memberships.get().valid_from
        history.join(member.pk, member.organization_id, since)
        # 赵六 joined on 2025-12-01 and was registered that day: admitted in 2025
        change = "developed" if since == member.join_date else "transferred_in"
        history.changes.append((since, change, None, member.organization_id))
    return history


@pytest.fixture
def tree(registry):
    """The registry with a second organ party committee and its branch of two members."""
    r = registry
    r.opc2 = r.org("统计局机关党委", OrgKind.ORGAN_PARTY_COMMITTEE, r.working, r.finance, dt.date(2000, 1, 1))
    r.branch_d = r.org("统计局第一支部", OrgKind.BRANCH, r.opc2, r.finance, dt.date(2000, 1, 1))
    r.member("冯一", r.branch_d)
    r.member("冯二", r.branch_d, gender="F")
    return r


_name = iter(range(10**6))


def _new_member(join: dt.date, probationary: bool) -> tuple[Member, str]:
    n = next(_name)
    member = Member(
        name=f"新党员{n}",
        education="bachelor",
        join_date=join,
        full_member_date=None if probationary else add_years(join, 1),
    )
    return member, make_id_number(dt.date(1990, 3, 3), "F" if n % 2 else "M")


def _apply(r, history: History, act: tuple, day: dt.date) -> None:
    """Ask the services for `act` on `day`; on success write it into `history`."""
    kind = act[0]
    on_roll = history.on_roll()
    if kind == "transfer":
        if not on_roll:
            return
        member = Member.objects.get(pk=on_roll[act[1] % len(on_roll)])
        destination = getattr(r, act[2])
        transfer = do_issue_transfer(member, destination=destination, day=day, reason="", acting_user=None)
        do_accept_transfer(transfer, day=day, acting_user=None)
        history.changes.append((day, "transfer", history.leave(member.pk, day), destination.pk))
        history.join(member.pk, destination.pk, day)
    elif kind == "letter":
        if not on_roll:
            return
        member = Member.objects.get(pk=on_roll[act[1] % len(on_roll)])
        letter = do_issue_letter(
            member, outside_organization="外区", day=day, reason="", dues_paid_until=day, acting_user=None
        )
        do_record_receipt(letter, day=day, acting_user=None)
        history.changes.append((day, "transferred_out", history.leave(member.pk, day), None))
    elif kind in ("incoming", "register"):
        destination = getattr(r, act[1])
        if kind == "incoming":  # a letter in from outside the district: joined years ago
            member, id_number = _new_member(dt.date(2015, 7, 1), probationary=False)
            do_register_incoming(
                member=None,
                new_member=member,
                id_number=id_number,
                phone="13800001111",
                destination=destination,
                outside_organization="外区党委",
                letter_number=f"L{day}",
                day=day,
                acting_user=None,
            )
            change = "transferred_in"
        else:  # a probationary member registered on the day they joined
            member, id_number = _new_member(day, probationary=True)
            do_create_member(
                member, id_number=id_number, phone="13800001111", organization=destination, since=day, acting_user=None
            )
            change = "developed"
        history.changes.append((day, change, None, destination.pk))
        history.join(member.pk, destination.pk, day)
    elif kind == "event":
        if not on_roll:
            return
        member = Member.objects.get(pk=on_roll[act[1] % len(on_roll)])
        event = act[2]
        do_record_member_event(
            member,
            kind=event,
            day=day,
            note="",
            acting_user=None,
            procedure=event in (EventKind.EXPELLED, EventKind.PROBATION_CANCELLED),
        )
        history.changes.append((day, LEAVING[event], history.leave(member.pk, day), None))
        if event == EventKind.SUSPENDED:
            history.suspended.append(member.pk)
    elif kind == "restore":
        if not history.suspended:
            return
        member = Member.objects.get(pk=history.suspended[act[1] % len(history.suspended)])
        destination = getattr(r, act[2])
        do_record_member_event(
            member, kind=EventKind.RESTORED, day=day, note="", acting_user=None, organization=destination
        )
        history.suspended.remove(member.pk)
        history.changes.append((day, "restored", None, destination.pk))
        history.join(member.pk, destination.pk, day)
    elif kind == "move":
        org, superior = getattr(r, act[1]), getattr(r, act[2])
        if history.superior(org.pk, day) == superior.pk:
            return
        do_update_organization(org, superior=superior, effective=day, acting_user=None)
        history.parents[org.pk].append((day, superior.pk))


def _expected(history: History, root: int, whole: bool, year: int) -> dict[str, int]:
    start, end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
    then, now = history.subtree(root, start, not whole), history.subtree(root, end, not whole)
    expected = {code: 0 for code in (*INCREASES, *DECREASES)}
    for day, kind, source, destination in history.changes:
        if not start < day <= end:
            continue
        if kind == "transfer":
            if destination in now and source not in now:
                expected["transferred_in"] += 1
            elif source in now and destination not in now:
                expected["transferred_out"] += 1
        elif kind in INCREASES:
            expected[kind] += destination in now
        else:
            expected[kind] += source in now
    at_start, in_now = history.roll(start, then), history.roll(start, now)
    expected["moved_in"], expected["moved_out"] = len(in_now - at_start), len(at_start - in_now)
    return {
        "changes.start": len(at_start),
        "changes.end": len(history.roll(end, now)),
        **{f"changes.increase.{code}": expected[code] for code in INCREASES},
        **{f"changes.decrease.{code}": expected[code] for code in DECREASES},
    }


def check(r, history: History) -> None:
    scopes = [Scope.of(r.committee)] + [
        Scope.of(r.committee, getattr(r, name)) for name in ("opc", "pc", "opc2", *BRANCHES)
    ]
    for scope in scopes:
        last = None
        for year in YEARS:
            figures = figures_of(scope, year)
            where = f"{scope.name} {year}"
            assert (
                figures["changes.start"] + figures["changes.increase.total"] - figures["changes.decrease.total"]
                == figures["changes.end"]
            ), where
            # last year's end is this year's start, read in last year's subtree; an organization
            # that crossed the boundary since is in the year's changes (moved in or out)
            if last is not None:
                assert figures["changes.start"] == last["changes.end"], where
            assert figures["changes.end"] == figures["members.total"], where
            expected = _expected(history, scope.root.pk, scope.whole, year)
            assert {k: figures[k] for k in expected} == expected, where
            # the members at the start in the year's subtree
            start, end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
            in_subtree = history.roll(start, history.subtree(scope.root.pk, end, not scope.whole))
            moved = figures["changes.increase.moved_in"] - figures["changes.decrease.moved_out"]
            assert figures["changes.start"] + moved == len(in_subtree), where
            last = figures


member_action = st.integers(min_value=0, max_value=40)
action = st.one_of(
    st.tuples(st.just("transfer"), member_action, st.sampled_from(BRANCHES)),
    st.tuples(st.just("letter"), member_action),
    st.tuples(st.just("incoming"), st.sampled_from(BRANCHES)),
    st.tuples(st.just("register"), st.sampled_from(BRANCHES)),
    st.tuples(st.just("event"), member_action, st.sampled_from(list(LEAVING))),
    st.tuples(st.just("restore"), member_action, st.sampled_from(BRANCHES)),
    st.tuples(st.just("move"), st.sampled_from(MOVABLE), st.sampled_from(TARGETS)),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=13))
@example(
    # one of each, and a branch carried from one organ party committee to another in 2026 with
    # its members, one of whom died in it before the move
    actions=[
        ("register", "branch_a"),
        ("incoming", "branch_c"),
        ("transfer", 0, "branch_c"),
        ("event", 1, EventKind.SUSPENDED),
        ("event", 2, EventKind.WITHDREW),
        ("restore", 0, "branch_d"),
        ("letter", 3),
        ("event", 4, EventKind.DECEASED),
        ("move", "branch_b", "opc2"),
        ("event", 5, EventKind.EXPELLED),
        ("event", 6, EventKind.REMOVED),
        ("move", "opc2", "pc"),
        ("event", 0, EventKind.LAPSED),
    ]
)
def test_the_changes_reconcile_and_are_what_happened_in_every_scope(tree, actions):
    with transaction.atomic():
        history = _history(tree)
        for i, act in enumerate(actions):
            with contextlib.suppress(DomainError):  # refused: nothing changed, nothing written
                _apply(tree, history, act, FIRST + STEP * i)
        check(tree, history)
        transaction.set_rollback(True)
