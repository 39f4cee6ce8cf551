"""Who sees and acts on a commendation round: the one way views fetch a round, a nominating
organization or a nomination for a user.

- A round is the committee's, district-wide: those who hold the committee's oversight
  (accounts.roles.OVERSEE: its leader and staff) manage it — categories, quotas, review, notice,
  decision; those who edit the registry somewhere (an organization's officers) see the rounds
  to nominate in. Anyone else: 403; a round that does not exist: 404.
- A nominating organization's side — its page of a round, its nominations, withdrawing one — is
  the registry's edit right over it (as an election's own steps, elections.access). Out of the
  registry's scope: 404; seen without the right: 403.
- A nomination is seen by its organization's officers and the committee; it is reviewed, and
  objections to it recorded, with the oversight over its organization.
- The discipline details of an eligibility finding (the kind of sanction, the admonishment,
  the end of the effect period) are read only with HANDLE_DISCIPLINE over the member."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, HANDLE_DISCIPLINE, OVERSEE
from accounts.scope import get_for_user, has_capability, may, scope_queryset
from commendations.models import Nomination, Round
from members.models import Member
from orgs.models import PartyOrganization


def oversees(user) -> bool:
    return has_capability(user, OVERSEE)


def sees_rounds(user) -> bool:
    """The rounds list: the committee, and whoever nominates (edits the registry somewhere)."""
    return oversees(user) or has_capability(user, EDIT_REGISTRY)


def reads_discipline(user, nominations) -> set[int]:
    """The nominated members whose discipline details (kind, end of the effect period) `user`
    reads: those the discipline capability reaches, not anyone's anywhere it is held."""
    ids = {n.member_id for n in nominations if n.member_id}
    if not ids or not has_capability(user, HANDLE_DISCIPLINE):
        return set()
    members = Member.objects.filter(pk__in=ids)
    return set(scope_queryset(user, members, capability=HANDLE_DISCIPLINE).values_list("pk", flat=True))


def require_rounds(user) -> None:
    if not sees_rounds(user):
        raise PermissionDenied


def require_oversight(user) -> None:
    if not oversees(user):
        raise PermissionDenied


def get_round_for_user(user, pk, *, oversee: bool = False) -> Round:
    """The round `pk` for one who sees rounds (else 403; missing: 404); `oversee`: one who
    manages it (else 403)."""
    require_rounds(user)
    try:
        round_ = Round.objects.get(pk=pk)
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if oversee:
        require_oversight(user)
    return round_


def get_nominating_organization(user, pk) -> PartyOrganization:
    """The organization `pk` if the user sees it (else 404) and edits it (else 403)."""
    org = get_for_user(user, PartyOrganization.objects.all(), pk)
    if not may(user, EDIT_REGISTRY, org):
        raise PermissionDenied
    return org


def may_nominate_for(user, nomination: Nomination) -> bool:
    return may(user, EDIT_REGISTRY, nomination.organization)


def may_review(user, nomination: Nomination) -> bool:
    return may(user, OVERSEE, nomination)


def reviewable_among(user, nominations) -> set[int]:
    """`may_review` for a page of nominations, in one query."""
    if not nominations or not oversees(user):
        return set()
    rows = Nomination.objects.filter(pk__in=[n.pk for n in nominations])
    return set(scope_queryset(user, rows, capability=OVERSEE).values_list("pk", flat=True))


def get_nomination_for_user(user, pk, *, review: bool = False, withdraw: bool = False) -> Nomination:
    """The nomination `pk` if the user sees its organization (else 404) and is its
    organization's officer or the committee (else 403); `review`: the committee's oversight over
    it; `withdraw`: its organization's edit right."""
    nomination = get_for_user(
        user,
        Nomination.objects.select_related("round", "category", "organization", "member", "nominee_organization"),
        pk,
    )
    allowed = may_review(user, nomination) if review else may_nominate_for(user, nomination)
    if not (withdraw or review):
        allowed = allowed or may_review(user, nomination)
    if not allowed:
        raise PermissionDenied
    return nomination
