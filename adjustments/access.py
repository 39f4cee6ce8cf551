"""Who may read and change adjustment plans. Plans are the committee's, not part of the tree
below it: whoever holds the capability sees every plan; without it, 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import APPROVE_PLANS, EDIT_PLANS, VIEW_PLANS
from accounts.scope import require_capability
from adjustments.models import AdjustmentPlan


def _plan(user, pk, capability: str) -> AdjustmentPlan:
    require_capability(user, capability)
    try:
        return AdjustmentPlan.objects.select_related("committee", "reversal_of").get(pk=pk)
    except (AdjustmentPlan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_plan_for_user(user, pk, *, for_write: bool = False) -> AdjustmentPlan:
    """The plan `pk`; `for_write`: for a user who may edit plans."""
    return _plan(user, pk, EDIT_PLANS if for_write else VIEW_PLANS)


def get_plan_to_change(user, pk) -> AdjustmentPlan:
    """A plan the user may change now: one still editable (a draft), else 403."""
    plan = get_plan_for_user(user, pk, for_write=True)
    if not plan.editable:
        raise PermissionDenied
    return plan


def get_plan_to_decide(user, pk) -> AdjustmentPlan:
    """The plan `pk`, for a user who may approve, reject or execute plans."""
    return _plan(user, pk, APPROVE_PLANS)
