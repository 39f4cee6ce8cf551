"""Who may see and act on a development record: the one way views fetch a candidate for a user.
Seeing is the registry's scope over the branch that holds the record; recording a step needs
the registry's edit right over whoever decides it — the branch, or for the superior's steps
the committee that approves the branch's admissions. Out of scope is 404, without the right 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may
from development import documents, services
from development.models import Candidate
from development.services import ALLOWED, MOVABLE_STAGES, SUPERIOR_STEPS
from orgs.models import PartyOrganization


def get_candidate_for_user(user, pk) -> Candidate:
    """The development record `pk` if the user sees the branch holding it."""
    return get_for_user(user, Candidate.objects.select_related("organization", "member"), pk)


def decider(candidate: Candidate, kind: str) -> PartyOrganization | None:
    """Who records a step of `kind`: the branch, or for the superior's steps the party committee
    that approves its admissions (None when there is none)."""
    if kind in SUPERIOR_STEPS:
        return services.approving_organization(candidate.organization)
    return candidate.organization


def may_record(user, candidate: Candidate, kind: str) -> bool:
    organization = decider(candidate, kind)
    return organization is not None and may(user, EDIT_REGISTRY, organization)


def get_candidate_for_step(user, pk, kind: str) -> Candidate:
    """The record on which the user may record a step of `kind` (404 for an unknown kind)."""
    candidate = get_candidate_for_user(user, pk)
    if kind not in ALLOWED:
        raise Http404
    if not may_record(user, candidate, kind):
        raise PermissionDenied
    return candidate


def get_candidate_to_move(user, pk) -> Candidate:
    """A record before admission that the user's branch may hand to another branch."""
    candidate = get_candidate_for_user(user, pk)
    if candidate.stage not in MOVABLE_STAGES:
        raise Http404
    if not may(user, EDIT_REGISTRY, candidate.organization):
        raise PermissionDenied
    return candidate


def get_candidate_for_document(user, pk, name: str) -> Candidate:
    """The record whose document `name` the user may print: the branch's officers."""
    candidate = get_candidate_for_user(user, pk)
    if name not in documents.DOCUMENTS:
        raise Http404
    if not may_print(user, candidate):
        raise PermissionDenied
    return candidate


def may_print(user, candidate: Candidate) -> bool:
    """Whether the user may print the record's documents: the page asks before it offers them."""
    return may(user, EDIT_REGISTRY, candidate.organization)
