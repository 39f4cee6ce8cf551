"""What a user's own imports and background exports are, as far as they may still open them."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL, VIEW_REGISTRY
from accounts.scope import has_capability, scope_paths
from exchange.access import openable
from exchange.models import ExportFile, ImportBatch


def recent_exports(user, *, limit: int = 3) -> list[ExportFile]:
    """The user's exports of the last day (as long as files are kept) that they may still open,
    newest first, content deferred: where the member list and the home page send them back."""
    jobs = ExportFile.objects.filter(created_by=user, created_at__gte=timezone.now() - dt.timedelta(days=1)).defer(
        "content"
    )
    view, reveal = scope_paths(user, VIEW_REGISTRY), scope_paths(user, REVEAL_PERSONAL)
    return [job for job in jobs[: limit * 3] if openable(job, view=view, reveal=reveal)][:limit]


def recent_imports(user, *, limit: int = 3) -> QuerySet[ImportBatch]:
    """The user's imports, newest first, while they may still open them (they edit a registry)."""
    if not has_capability(user, EDIT_REGISTRY):
        return ImportBatch.objects.none()
    return ImportBatch.objects.filter(created_by=user).defer("errors", "content").order_by("-created_at")[:limit]
