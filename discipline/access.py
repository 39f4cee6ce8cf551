"""The one door to discipline records: only the discipline capability (`HANDLE_DISCIPLINE`)
within its scope sees clues, cases, sanctions and talks; everyone else gets 404 (not 403: the
existence of a case is itself a fact about a person). Every read of a case is an audit event."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, HANDLE_DISCIPLINE
from accounts.scope import has_capability, scope_paths, scope_queryset
from discipline.models import Talk, TalkKind


def handles_discipline(user) -> bool:
    return has_capability(user, HANDLE_DISCIPLINE)


def require_discipline(user) -> None:
    """404 unless the user holds the discipline capability somewhere."""
    if not handles_discipline(user):
        raise Http404


def in_scope(user, qs):
    """`qs` (talks, clues, cases, sanctions) narrowed to the user's discipline scope."""
    return scope_queryset(user, qs, capability=HANDLE_DISCIPLINE)


def members_in_scope(user, pool):
    """The members of `pool` (a picker's, `members.queries.member_pool`) within the user's
    discipline scope: a record is made only where its maker may read it."""
    return pool.filter(pk__in=in_scope(user, pool.model.objects.all()).values("pk"))


def get_in_scope(user, qs, pk):
    """The record `pk` of `qs` if in the user's discipline scope, else 404."""
    try:
        return in_scope(user, qs).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# -- talks ----------------------------------------------------------------------------------
# Appointment talks (任前 / 新任党组织负责人谈话) are the committee's organization work: seen and
# recorded by those who may edit the registry over an organization above the person's (the
# committee's staff and leaders, an organ party committee's officers), not by the person's own
# branch. Reminder talks also by the officers of the person's organization (党员教育管理工作条例
# 第二十八条: the organization's leaders remind). Admonition and letter-inquiry talks: only the
# discipline capability. The discipline capability sees every kind within its scope.


def _edit_paths(user) -> list[str]:
    return scope_paths(user, EDIT_REGISTRY)


def _discipline_paths(user) -> list[str]:
    return scope_paths(user, HANDLE_DISCIPLINE)


def talk_kinds_for(user, organization) -> list[str]:
    """The kinds of talk `user` sees and records with a person of `organization`."""
    path = organization.path
    if any(path.startswith(p) for p in _discipline_paths(user)):
        return list(TalkKind.values)
    kinds: list[str] = []
    edit = _edit_paths(user)
    if any(path.startswith(p) and path != p for p in edit):
        kinds.append(TalkKind.APPOINTMENT)
    if any(path.startswith(p) for p in edit):
        kinds.append(TalkKind.REMINDER)
    return kinds


def records_talks(user) -> bool:
    """Whether the user sees or records talks of some kind with somebody (the list's tools)."""
    return bool(_discipline_paths(user) or _edit_paths(user))


def visible_talk_kinds(user) -> list[str]:
    """The kinds of talk the user sees somewhere (the list's filter)."""
    if _discipline_paths(user):
        return list(TalkKind.values)
    return [TalkKind.APPOINTMENT, TalkKind.REMINDER] if _edit_paths(user) else []


def talks_for(user) -> QuerySet[Talk]:
    """The talks `user` sees for their work (not their own: `own_talks`)."""
    q = Q(pk__in=[])
    for p in _discipline_paths(user):
        q |= Q(organization__path__startswith=p)
    for p in _edit_paths(user):
        q |= Q(kind=TalkKind.REMINDER, organization__path__startswith=p)
        q |= Q(kind=TalkKind.APPOINTMENT, organization__path__startswith=p) & ~Q(organization__path=p)
    return Talk.objects.filter(q).select_related("member", "organization", "post__organization")


def own_talks(user) -> QuerySet[Talk]:
    """The talks held with the user themselves (any kind: they were there)."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return Talk.objects.none()
    return Talk.objects.filter(member_id=member_id).select_related("organization")


def get_talk_for_user(user, pk) -> Talk:
    """The talk `pk` if the user sees it for their work (they also record and correct it), else
    404 — whether it does not exist or is of a kind they may not know of."""
    try:
        return talks_for(user).get(pk=pk)
    except (Talk.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# -- clues and cases ------------------------------------------------------------------------------
# Who acts on a clue or case: a discipline assignment that names no body (纪工办 staff) acts on
# every one in its scope; one that acts for a body (`RoleAssignment.authority_body`: the 区纪委,
# the 纪工委) acts only on those routed to that body and reads the rest of its scope. A clue not
# yet routed is acted on by the unbound staff only, who route it (an override with a reason).


def acting_bodies(user) -> set[int] | None:
    """The bodies the user's discipline assignments act for; None when one names no body (acts
    on everything in scope)."""
    from accounts.roles import CAPABILITIES

    bodies: set[int] = set()
    for assignment in user.role_assignments.all():
        if HANDLE_DISCIPLINE not in CAPABILITIES[assignment.role]:
            continue
        if assignment.authority_body_id is None:
            return None
        bodies.add(assignment.authority_body_id)
    return bodies


def may_act(user, record) -> bool:
    """Whether `user` may change this clue or case (it is in their scope already)."""
    bodies = acting_bodies(user)
    return bodies is None or (record.routed_to_id is not None and record.routed_to_id in bodies)


def require_act(user, record) -> None:
    """404 for a clue or case the user only reads: the page to change it does not exist for
    them (the record page shows it read-only)."""
    if not may_act(user, record):
        raise Http404


def get_clue_for_user(user, pk):
    from discipline.models import Clue

    require_discipline(user)
    return get_in_scope(user, Clue.objects.select_related("member", "organization", "routed_to"), pk)


def get_case_for_user(user, pk):
    from discipline.models import Case

    require_discipline(user)
    return get_in_scope(user, Case.objects.select_related("member", "organization", "routed_to", "clue"), pk)
