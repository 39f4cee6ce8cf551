"""Who may read and change the authority list. The list is district-wide, not part of the
organization tree: whoever holds the capability sees every version; without it, 403."""

from django.http import Http404

from accounts.roles import ADOPT_AUTHORITY, EDIT_AUTHORITY, VIEW_AUTHORITY
from accounts.scope import require_capability
from authority.models import AuthorityList, Matter


def _list(user, pk, capability: str) -> AuthorityList:
    require_capability(user, capability)
    try:
        return AuthorityList.objects.get(pk=pk)
    except (AuthorityList.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_list_for_user(user, pk, *, for_write: bool = False) -> AuthorityList:
    """The version `pk` of the list; `for_write`: for a user who may edit drafts."""
    return _list(user, pk, EDIT_AUTHORITY if for_write else VIEW_AUTHORITY)


def get_list_to_decide(user, pk) -> AuthorityList:
    """The version `pk`, for a user who may adopt it or record it as not adopted."""
    return _list(user, pk, ADOPT_AUTHORITY)


def get_matter_for_user(user, pk) -> Matter:
    """The matter `pk`, for editing (matters are read through their list)."""
    require_capability(user, EDIT_AUTHORITY)
    try:
        return Matter.objects.select_related("authority_list").get(pk=pk)
    except (Matter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
