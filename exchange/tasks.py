"""Background tasks (django-tasks): an uploaded file is checked, and a confirmed one applied,
outside the request, so a large file neither times out nor holds a web worker. Run them with
`manage.py db_worker`; tests run them at once (settings.TASKS)."""

from django_tasks import task

from exchange import batches
from exchange.models import ImportBatch


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
