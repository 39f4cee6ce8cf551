"""What a user's own background exports are."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from exchange.models import ExportFile


def recent_exports(user, *, limit: int = 3) -> QuerySet[ExportFile]:
    """The user's exports of the last day (as long as files are kept), newest first, content
    deferred: where the member list sends them back for a long export."""
    return ExportFile.objects.filter(created_by=user, created_at__gte=timezone.now() - dt.timedelta(days=1)).defer(
        "content"
    )[:limit]
