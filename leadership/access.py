"""Who sees and records the leadership groups' study and life meetings.

Two doors lead to a unit's records. The registry's: those who see the unit's organizations see
its group's records, and those who may edit the registry there (the unit's party officers, the
committee's staff) record them. The authority list's: the bodies holding a role on the matter
in the list in force supervise every department — on PRO-01 (central-group study: the
committee's 宣教科 leads, 宣传部 guides) and on DIS-01 (democratic life meetings: 区纪委 leads,
组织部 and the committee co-handle); a committee leader acting for the committee acts for all
its sections. Supervisors read; the lead of PRO-01 (and a committee leader)
also records spot checks.
Out of sight is 404, in sight without the right 403."""

import datetime as dt
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, Role
from accounts.scope import get_for_user, may, scope_queryset
from authority.models import AuthorityList, Body, MatterRole, RoleKind
from core import clock
from leadership.models import (
    LIFE_MATTER,
    STUDY_MATTER,
    LifeMeeting,
    Rectification,
    SpotCheck,
    StudySession,
)
from leadership.queries import organization_of
from orgs.models import Unit


def _is_committee_leader(user) -> bool:
    cache = user.__dict__.setdefault("_leadership_cache", {})
    if "leader" not in cache:
        cache["leader"] = user.role_assignments.filter(role=Role.COMMITTEE_LEADER).exists()
    return cache["leader"]


def acting_bodies(user) -> set[int]:
    """The bodies a user acts for (`RoleAssignment.authority_body`); a committee leader acts for
    the committee and all its sections (as `work.access.user_bodies`, which this floor may not
    import)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    bodies: set[int] = set()
    for a in user.role_assignments.all():
        if a.authority_body_id:
            bodies.add(a.authority_body_id)
            if a.role == Role.COMMITTEE_LEADER:
                bodies |= set(Body.objects.filter(parent_id=a.authority_body_id).values_list("pk", flat=True))
    return bodies


def matter_bodies(matter_code: str, day: dt.date, *, roles: tuple[str, ...] | None = None) -> list[Body]:
    """The bodies holding a role (any, or one of `roles`) on the matter in the list in force on
    `day`, lead first."""
    in_force = AuthorityList.in_force(day)
    if in_force is None:
        return []
    qs = MatterRole.objects.filter(matter__authority_list=in_force, matter__code=matter_code).select_related("body")
    if roles:
        qs = qs.filter(role__in=roles)
    order = list(RoleKind.values)
    return [r.body for r in sorted(qs, key=lambda r: (order.index(r.role), r.body.sort_order, r.body.pk))]


def supervises(user, matter_code: str, day: dt.date | None = None) -> bool:
    """Whether the user acts for a body holding a role on the matter in force (a committee
    leader acting for the committee acts for its sections too). A committee leader sees the
    committee's subtree through the registry anyway."""
    mine = acting_bodies(user)
    return bool(mine) and any(b.pk in mine for b in matter_bodies(matter_code, day or clock.today()))


def may_check_study(user) -> bool:
    """Spot checks are the lead of PRO-01's (the committee's 宣教科), and a committee leader's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if _is_committee_leader(user):
        return True
    mine = acting_bodies(user)
    return any(b.pk in mine for b in matter_bodies(STUDY_MATTER, clock.today(), roles=(RoleKind.LEAD,)))


def units_for(user, matter_code: str) -> QuerySet[Unit]:
    """The units whose records of the matter the user sees."""
    if supervises(user, matter_code):
        return Unit.objects.all()
    return scope_queryset(user, Unit.objects.all())


M = TypeVar("M", bound=Model)


def _unit_of(obj) -> Unit:
    if isinstance(obj, Unit):
        return obj
    if isinstance(obj, Rectification):
        return obj.meeting.group.unit
    return obj.group.unit


def may_record(user, obj) -> bool:
    """Whether the user records the leadership records of `obj`'s unit: the officers of its top
    organization (the organ party committee's, those above it, the committee's staff)."""
    return may(user, EDIT_REGISTRY, organization_of(_unit_of(obj)))


def _get(user, qs: QuerySet[M], pk, matter_code: str, *, for_write: bool) -> M:
    if for_write:
        obj = get_for_user(user, qs, pk, write_capability=EDIT_REGISTRY)
        # The department's leadership records are its top organization's officers' (the organ
        # party committee's, and those above it), not any branch secretary of the department.
        if not may_record(user, obj):
            raise PermissionDenied
        return obj
    if supervises(user, matter_code):
        try:
            return qs.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise Http404 from None
    return get_for_user(user, qs, pk)


def get_unit_for_user(user, pk, *, for_write: bool = False) -> Unit:
    """The unit `pk` whose leadership group's records the user sees (either matter's
    supervisors see every unit); `for_write`: whose records the user may record."""
    if not for_write and supervises(user, LIFE_MATTER):
        return _get(user, Unit.objects.all(), pk, LIFE_MATTER, for_write=False)
    return _get(user, Unit.objects.all(), pk, STUDY_MATTER, for_write=for_write)


def get_session_for_user(user, pk, *, for_write: bool = False) -> StudySession:
    qs = StudySession.objects.select_related("group__unit")
    return _get(user, qs, pk, STUDY_MATTER, for_write=for_write)


def get_life_meeting_for_user(user, pk, *, for_write: bool = False) -> LifeMeeting:
    qs = LifeMeeting.objects.select_related("group__unit")
    return _get(user, qs, pk, LIFE_MATTER, for_write=for_write)


def get_rectification_for_user(user, pk, *, for_write: bool = False) -> Rectification:
    qs = Rectification.objects.select_related("meeting__group__unit", "owner_seat")
    return _get(user, qs, pk, LIFE_MATTER, for_write=for_write)


def get_spot_check_for_user(user, pk, *, for_write: bool = False) -> SpotCheck:
    """The spot check `pk` if the user sees the unit's study records; `for_write`: only the
    checking section records that a finding was rectified."""
    check = _get(user, SpotCheck.objects.select_related("unit"), pk, STUDY_MATTER, for_write=False)
    if for_write and not may_check_study(user):
        raise PermissionDenied
    return check


def get_unit_to_check(user, pk) -> Unit:
    """The unit a spot check is recorded for: the checking section sees every unit."""
    unit = get_unit_for_user(user, pk)
    if not may_check_study(user):
        raise PermissionDenied
    return unit
