"""Who may see and act on an election: the one way views fetch one for a user. Seeing is the
registry's scope over the organization; the organization's own steps need the registry's edit
right over it, the superior's steps (the replies, the review, the approval) that right over the
approving committee. Out of scope is 404, without the right 403."""

from django.core.exceptions import PermissionDenied

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may
from elections.models import SUPERIOR_STEPS, Election, TermChange


def get_election_for_user(user, pk) -> Election:
    """The election `pk` if the user sees its organization."""
    return get_for_user(user, Election.objects.select_related("organization", "approving"), pk)


def may_act_for_organization(user, election: Election) -> bool:
    return may(user, EDIT_REGISTRY, election.organization)


def may_act_as_superior(user, election: Election | TermChange) -> bool:
    return may(user, EDIT_REGISTRY, election.approving)


def may_act(user, election: Election) -> bool:
    """Whether the user may take the election's present step."""
    if not election.is_open:
        return False
    if election.step in SUPERIOR_STEPS:
        return may_act_as_superior(user, election)
    return may_act_for_organization(user, election)


def get_election_to_act(user, pk) -> Election:
    """The election whose present step the user may take (the views check the step asked for)."""
    election = get_election_for_user(user, pk)
    if not may_act(user, election):
        raise PermissionDenied
    return election


def may_print(user, election: Election) -> bool:
    """The documents are printed by those who hold the meeting or approve it: the
    organization's officers and the approving committee's."""
    return may_act_for_organization(user, election) or may_act_as_superior(user, election)


def get_election_for_document(user, pk) -> Election:
    election = get_election_for_user(user, pk)
    if not may_print(user, election):
        raise PermissionDenied
    return election


def get_term_change_for_user(user, pk) -> TermChange:
    return get_for_user(user, TermChange.objects.select_related("organization", "approving"), pk)
