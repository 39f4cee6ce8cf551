"""The two pieces of work on an uploaded batch, run in the background (`exchange.tasks`):
checking every row into a preview, and applying a checked batch. Both count the rows they have
read on the batch row, written outside any transaction so that the page polling it sees it move;
applying happens in one transaction afterwards (all or nothing), so its writing has no count.

What a batch keeps (why it failed, the reason of each row error, the changes previewed) is a
record, written in the site's language (LANGUAGE_CODE) whatever language the uploader reads:
the work runs in that language, so refusals translated when raised are in it too, and lazy row
reasons are stored with `core.i18n.stored`."""

from functools import wraps

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import has_capability, scope_paths
from core.errors import DomainError
from core.i18n import stored
from core.text import mask_id_number
from exchange import members, reader
from exchange.kinds import KINDS
from exchange.models import BatchStatus, ImportBatch
from exchange.rows import Plan, RowError
from members.services import record_refusal

PROGRESS_EVERY = 500  # rows between two progress writes
SHOWN = 200  # names and changes kept for the preview


def _in_site_language(work):
    """`work` on a batch, run in the site's language: what it writes on the batch is a record."""

    @wraps(work)
    def run(batch: ImportBatch) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            work(batch)

    return run


@_in_site_language
def check(batch: ImportBatch) -> None:
    """Validate every row; the batch becomes invalid (with its errors), ready (with the preview)
    or failed (the file itself could not be read)."""
    _update(batch, status=BatchStatus.CHECKING, progress=0)
    try:
        plan = _validate(batch)
    except DomainError as e:
        return _update(batch, status=BatchStatus.FAILED, message=e.message)
    if plan.rows == 0 and not plan.errors:
        return _update(batch, status=BatchStatus.FAILED, message=stored(gettext_lazy("The file has no data rows.")))
    for n, person in plan.outside:
        record_refusal(
            person,
            attempted="exchange.members.imported",
            details={"batch": batch.pk, "row": n},
            acting_user=batch.created_by,
        )
    _update(
        batch,
        rows=plan.rows,
        progress=plan.rows,
        error_count=len(plan.errors),
        errors=[_stored(e) for e in plan.errors[:1000]],
        status=BatchStatus.READY if plan.ok else BatchStatus.INVALID,
        summary=_summary(plan, person=batch.kind == "members", preview=KINDS[batch.kind].preview),
    )


@_in_site_language
def apply(batch: ImportBatch) -> None:
    """Check the rows again (the registry may have changed since the preview) and write them all
    in one transaction. The batch is `applying` when this starts (the confirming view claimed it)."""
    try:
        plan = _validate(batch)
        if not plan.ok:
            raise DomainError(
                _(
                    "The registry has changed since the preview: the file can no longer be imported "
                    "whole. Please upload it again to see the errors."
                )
            )
        with transaction.atomic():  # the importers are atomic; this makes it the contract
            counts = KINDS[batch.kind].apply(plan, file_hash=batch.sha256, acting_user=batch.created_by)
    except DomainError as e:
        return _update(batch, status=BatchStatus.FAILED, message=e.message)
    _update(batch, status=BatchStatus.APPLIED, result=counts, applied_at=timezone.now())


@_in_site_language
def fail(batch: ImportBatch) -> None:
    """An unexpected error in a task: the transaction rolled back, so nothing was written."""
    _update(
        batch,
        status=BatchStatus.FAILED,
        message=stored(
            gettext_lazy(
                "An unexpected error occurred while processing: nothing was written. "
                "Please contact the system administrator."
            )
        ),
    )


def _validate(batch: ImportBatch) -> Plan:
    spec = KINDS[batch.kind]
    user = batch.created_by
    if not user.is_active or not has_capability(user, spec.capability):
        raise DomainError(_("You no longer have the right to import this kind of data."))
    table = reader.read_table(batch.data)
    _update(batch, expected_rows=table.expected_rows)
    table.rows = _counted(batch, table.rows)
    return spec.validate(table, scope_paths=scope_paths(user, spec.capability))


def _counted(batch: ImportBatch, rows):
    for i, row in enumerate(rows, start=1):
        if i % PROGRESS_EVERY == 0:
            _update(batch, progress=i)
        yield row


def _update(batch: ImportBatch, **fields) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=list(fields))


def _stored(error: RowError) -> dict:
    """A row error as kept and shown: the reason in the site's language, ID numbers masked (the
    row number finds them)."""
    value = error.value
    if error.column == "身份证号" and len(value) > 8:
        value = mask_id_number(value)
    return {"row": error.row, "column": error.column, "value": value, "reason": stored(error.message)}


def _new_label(item) -> tuple[str, str]:
    if isinstance(item, tuple):  # a member: (member, id, phone, branch, since)
        return item[0].name, item[3].name
    name = getattr(item, "name", None) or item.values["name"]
    return name, getattr(item, "code", "")


def _summary(plan: Plan, *, person: bool, preview=None) -> dict:
    return {
        **(preview(plan) if preview and plan.ok else {}),
        "new": len(plan.new),
        "updated": len(plan.updates),
        "unchanged": plan.unchanged,
        "new_sample": [_new_label(x) for x in plan.new[:SHOWN]],
        "updates_sample": [
            (str(obj), members.describe(changes, person=person)) for obj, changes in plan.updates[:SHOWN]
        ],
    }
