"""Whose imports and exports: each batch and each background export belongs to the person who
started it, and only while they hold the rights it was made with; anyone else gets 404, as if
it did not exist."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import REVEAL_PERSONAL, VIEW_REGISTRY
from accounts.scope import has_capability, require_capability, scope_paths
from exchange.kinds import KINDS, Kind
from exchange.models import ExportFile, ImportBatch


def importable(user) -> dict[str, Kind]:
    """The kinds of import `user` may make: each needs its own capability (members and posts the
    registry's edit right, units and organizations the units' right, dues paid the dues right —
    a branch's 党费收缴员 imports its payroll sheet and nothing else)."""
    return {k: v for k, v in KINDS.items() if has_capability(user, v.capability)}


def require_importer(user) -> dict[str, Kind]:
    """403 unless `user` may import some kind; the kinds they may."""
    allowed = importable(user)
    if not allowed:
        raise PermissionDenied
    return allowed


def get_batch_for_user(user, pk) -> ImportBatch:
    """The import `pk`, seen by the person who uploaded it while they may still import something
    (else 403), and 403 again without the capability its kind needs now."""
    require_importer(user)
    try:
        batch = ImportBatch.objects.get(pk=pk, created_by=user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    kind = KINDS.get(batch.kind)
    if kind is None:
        raise Http404
    require_capability(user, kind.capability)
    return batch


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
