from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY, VIEW_STATS
from accounts.scope import has_capability


def navigation(request):
    user = request.user
    return {
        "can_view_registry": has_capability(user, VIEW_REGISTRY),
        "can_edit_registry": has_capability(user, EDIT_REGISTRY),
        "can_view_stats": has_capability(user, VIEW_STATS),
    }
