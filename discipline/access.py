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
