"""Whose imports and exports: each batch and each background export belongs to the person who
started it, and only while they hold the rights it was made with; anyone else gets 404, as if
it did not exist."""

from django.http import Http404

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL, VIEW_REGISTRY
from accounts.scope import require_capability, scope_paths
from exchange.models import ExportFile, ImportBatch


def get_batch_for_user(user, pk) -> ImportBatch:
    """The import `pk`, seen by the person who uploaded it (who must still edit the registry)."""
    require_capability(user, EDIT_REGISTRY)
    try:
        return ImportBatch.objects.get(pk=pk, created_by=user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_export_for_user(user, pk) -> ExportFile:
    """The background export `pk` (its content deferred), seen by the person who asked for it
    while they may still see what it holds: a role revoked or narrowed since it was written
    makes it 404, as does a revealing export once they may no longer reveal."""
    try:
        job = ExportFile.objects.defer("content").get(pk=pk, created_by=user)
    except (ExportFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not may_open_export(user, job):
        raise Http404
    return job


def may_open_export(user, job: ExportFile) -> bool:
    """Whether the author of `job` may still see all it holds."""
    return openable(job, view=scope_paths(user, VIEW_REGISTRY), reveal=scope_paths(user, REVEAL_PERSONAL))


def openable(job: ExportFile, *, view: list[str], reveal: list[str]) -> bool:
    """Whether an export written from `job.scope` lies within the author's `view` subtrees now
    (and, if it reveals numbers, within their `reveal` subtrees): for lists of exports, which
    read the author's scope once."""
    if job.scope is None or not _covers(view, job.scope):
        return False
    return not job.revealed or (bool(reveal) and _covers(reveal, job.scope))


def _covers(paths: list[str], written_from: list[str]) -> bool:
    """Whether every subtree of `written_from` lies in one of `paths` (tree paths are prefixes)."""
    return all(any(p.startswith(q) for q in paths) for p in written_from)
