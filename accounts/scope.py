"""The one door to data: every view's queryset goes through `scope_queryset`.

A user's scope is the union of the subtrees of their role assignments whose role has the
capability asked for. No assignment means no rows, never all rows.
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accounts.roles import CAPABILITIES, VIEW_REGISTRY

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])


def scope_paths(user, capability: str) -> list[str]:
    """Tree paths of the subtrees where `user` has `capability`; cached on the user object,
    which lives for one request, so a changed assignment counts from the next request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cache = user.__dict__.setdefault("_scope_cache", {})
    if "assignments" not in cache:
        cache["assignments"] = list(user.role_assignments.select_related("organization"))
    if capability not in cache:
        assignments = cache["assignments"]
        paths = sorted(
            {a.organization.path for a in assignments if a.organization and capability in CAPABILITIES[a.role]}
        )
        # A subtree inside another adds nothing.
        cache[capability] = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return cache[capability]


def has_capability(user, capability: str) -> bool:
    return bool(scope_paths(user, capability))


def require_capability(user, capability: str) -> None:
    """403 unless the user holds `capability` somewhere: for pages that name no object."""
    if not has_capability(user, capability):
        raise PermissionDenied


def scope_queryset(user, qs: QS, *, capability: str = VIEW_REGISTRY) -> QS:
    """`qs` narrowed to what `user` may see (or, with another capability, do)."""
    paths = scope_paths(user, capability)
    q = qs.model.scope_q(paths) if paths else Q(pk__in=[])
    own = getattr(user, "member_id", None)
    if capability == VIEW_REGISTRY and own and qs.model._meta.label == "members.Member":
        q |= Q(pk=own)  # every member sees their own record
    if not paths and not (capability == VIEW_REGISTRY and own):
        return qs.none()
    return qs.filter(q)


def get_for_user(user, qs: QuerySet[M], pk, *, write_capability: str | None = None) -> M:
    """The object `pk` of `qs` if the user may see it (else 404) and, with `write_capability`,
    may change it (else 403)."""
    try:
        obj = scope_queryset(user, qs).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if (
        write_capability
        and not scope_queryset(user, qs.model._default_manager.filter(pk=obj.pk), capability=write_capability).exists()
    ):
        raise PermissionDenied
    return obj


def may(user, capability: str, obj: Model | None) -> bool:
    """Whether `user` holds `capability` for this one object (e.g. may edit this organization)."""
    if obj is None or obj.pk is None:
        return False
    return scope_queryset(user, type(obj)._default_manager.filter(pk=obj.pk), capability=capability).exists()
