"""The one door to discipline records: only the discipline capability (`HANDLE_DISCIPLINE`)
within its scope sees clues, cases, sanctions and talks; everyone else gets 404 (not 403: the
existence of a case is itself a fact about a person). Every read of a case is an audit event."""

from django.http import Http404

from accounts.roles import HANDLE_DISCIPLINE
from accounts.scope import has_capability, scope_queryset


def handles_discipline(user) -> bool:
    return has_capability(user, HANDLE_DISCIPLINE)


def require_discipline(user) -> None:
    """404 unless the user holds the discipline capability somewhere."""
    if not handles_discipline(user):
        raise Http404


def in_scope(user, qs):
    """`qs` (talks, clues, cases, sanctions) narrowed to the user's discipline scope."""
    return scope_queryset(user, qs, capability=HANDLE_DISCIPLINE)


def get_in_scope(user, qs, pk):
    """The record `pk` of `qs` if in the user's discipline scope, else 404."""
    try:
        return in_scope(user, qs).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
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
