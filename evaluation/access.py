"""Who may see and record an evaluation: the one way views fetch a round or a member's row.
Seeing is the registry's scope over the branch; recording needs the registry's edit right
there (the branch's officers, and those above). Out of scope is 404, without the right 403.
A member sees their own results through `queries.verdicts_of`, not through these doors."""

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user
from evaluation.models import EvaluationRound, Participant


def get_round_for_user(user, pk, *, for_write: bool = False) -> EvaluationRound:
    return get_for_user(
        user,
        EvaluationRound.objects.select_related("organization"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )


def get_participant_for_user(user, pk, *, for_write: bool = False) -> Participant:
    return get_for_user(
        user,
        Participant.objects.select_related("round", "round__organization", "member"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )
