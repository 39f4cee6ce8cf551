"""What the navigation bar may show: the signed-in user's capabilities (accounts owns roles and
scope, so the processor lives here and core imports no app)."""

from accounts.roles import (
    EDIT_REGISTRY,
    HANDLE_DISCIPLINE,
    MANAGE_ACCOUNTS,
    OVERSEE,
    RECORD_DUES,
    VIEW_AUDIT,
    VIEW_AUTHORITY,
    VIEW_PLANS,
    VIEW_REGISTRY,
    VIEW_STATS,
)
from accounts.scope import has_capability


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:  # pages rendered before authentication (e.g. 413)
        return {}
    return {
        "can_view_registry": has_capability(user, VIEW_REGISTRY),
        "can_edit_registry": has_capability(user, EDIT_REGISTRY),
        "can_view_stats": has_capability(user, VIEW_STATS),
        "can_manage_accounts": has_capability(user, MANAGE_ACCOUNTS),
        "can_view_audit": has_capability(user, VIEW_AUDIT),
        "can_view_authority": has_capability(user, VIEW_AUTHORITY),
        "can_view_plans": has_capability(user, VIEW_PLANS),
        "can_handle_discipline": has_capability(user, HANDLE_DISCIPLINE),
        "can_record_dues": has_capability(user, RECORD_DUES),
        "can_oversee": has_capability(user, OVERSEE),
    }
