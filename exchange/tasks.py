"""Background tasks (django-tasks): an uploaded file is checked, a confirmed one applied, and a
large export written, outside the request, so a large file neither times out nor holds a web
worker. Run them with `manage.py db_worker`; tests run them at once (settings.TASKS)."""

import datetime as dt

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import task

from core import crypto
from core.i18n import stored
from exchange import batches, export
from exchange.models import ExportFile, ExportStatus, ImportBatch

KEPT = dt.timedelta(days=1)  # how long a written export stays downloadable


@task()
def check_import(batch_id: int) -> None:
    _run(batches.check, batch_id)


@task()
def apply_import(batch_id: int) -> None:
    _run(batches.apply, batch_id)


def _run(work, batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    try:
        work(batch)
    except Exception:
        batches.fail(batch)
        raise  # the task result keeps the traceback for the administrator


@task()
def export_members(export_id: int) -> None:
    """Write the member list as it is filtered in `query`, for the user who asked, and keep
    the workbook encrypted for them to download; the export is audited when it is written."""
    from members import services as member_services
    from members.queries import filtered

    # Files of personal data are kept one day (the member list links to them that long).
    ExportFile.objects.filter(created_at__lt=timezone.now() - KEPT).delete()
    job = ExportFile.objects.select_related("created_by").get(pk=export_id)
    ExportFile.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    try:
        _form, members, _org = filtered(job.created_by, QueryDict(job.query))
        handle, count = export.members_xlsx(
            members, reveal=job.revealed, progress=lambda n: ExportFile.objects.filter(pk=job.pk).update(progress=n)
        )
        with handle:
            content = crypto.encrypt_bytes(handle.read())
        member_services.do_record_export(
            kind=job.kind, count=count, revealed=job.revealed, query=job.query, acting_user=job.created_by
        )
    except Exception:
        ExportFile.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED,
            message=stored(  # kept on the export: a record, in the site's language
                gettext_lazy(
                    "An unexpected error occurred while writing the export; "
                    "please try again or contact the system administrator."
                )
            ),
        )
        raise
    ExportFile.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, rows=count, progress=count, content=content, finished_at=timezone.now()
    )
