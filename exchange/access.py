"""Whose imports and exports: each batch and each background export belongs to the person who
started it; anyone else gets 404, as if it did not exist."""

from django.http import Http404

from accounts.roles import EDIT_REGISTRY
from accounts.scope import require_capability
from exchange.models import ExportFile, ImportBatch


def get_batch_for_user(user, pk) -> ImportBatch:
    """The import `pk`, seen by the person who uploaded it (who must still edit the registry)."""
    require_capability(user, EDIT_REGISTRY)
    try:
        return ImportBatch.objects.get(pk=pk, created_by=user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_export_for_user(user, pk) -> ExportFile:
    """The background export `pk` (its content deferred), seen by the person who asked for it."""
    try:
        return ExportFile.objects.defer("content").get(pk=pk, created_by=user)
    except (ExportFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
