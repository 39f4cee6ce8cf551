import hashlib
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.scope import require_capability
from core import clock, crypto
from core.errors import DomainError
from core.export import ExportKind, download_name, xlsx_response
from core.forms import BootstrapMixin
from core.xlsx import BOLD, Book, Style
from exchange import reader, tasks, templates
from exchange.access import get_batch_for_user, get_export_for_user, require_importer
from exchange.kinds import KINDS
from exchange.models import BatchStatus, ExportFile, ExportStatus, ImportBatch
from orgs.queries import scope_name

SHOWN = 200
MARKED = Style(fill="F8D7DA")  # a bad cell in the error report


class UploadForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=[(k, v.label) for k, v in KINDS.items()])
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    allowed = require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    form.fields["kind"].choices = [(k, v.label) for k, v in allowed.items()]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(reader.max_bytes() + 1)
        try:
            reader.read_table(data)  # what is wrong with the file itself is said at once
        except DomainError as e:
            form.add_error("file", e.message)
        else:
            batch = ImportBatch.objects.create(  # the file is kept encrypted: it holds ID numbers
                kind=form.cleaned_data["kind"],
                file_name=upload.name[:200],
                content=crypto.encrypt_bytes(data),
                sha256=hashlib.sha256(data).hexdigest(),
                status=BatchStatus.QUEUED,
                created_by=request.user,
            )
            tasks.check_import.enqueue(batch.pk)
            return redirect("exchange:batch", pk=batch.pk)
    return render(
        request,
        "exchange/imports.html",
        {"form": form, "batches": ImportBatch.objects.filter(created_by=request.user)[:20], "kinds": allowed},
    )


@login_required
@require_GET
def batch_detail(request, pk):
    batch = get_batch_for_user(request.user, pk)
    return render(request, "exchange/batch.html", {"batch": batch, "errors": batch.errors[:SHOWN]})


@login_required
@require_GET
def batch_progress(request, pk):
    """The progress bar while a task works on the batch (polled by the page); once the task is
    done, the page reloads to show the preview or the result."""
    batch = get_batch_for_user(request.user, pk)
    if batch.status not in ImportBatch.WORKING and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "exchange/batch.html#progress", {"batch": batch})


@login_required
@require_POST
def batch_confirm(request, pk):
    batch = get_batch_for_user(request.user, pk)
    # Claimed with a conditional update, so a double click or a second tab imports once.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.READY).update(
        status=BatchStatus.APPLYING, progress=0
    )
    if not claimed:
        messages.error(request, _("This import cannot be confirmed."))
    else:
        tasks.apply_import.enqueue(batch.pk)
    return redirect("exchange:batch", pk=batch.pk)


@login_required
@require_GET
def batch_errors(request, pk):
    """The uploaded rows again, the bad cells in red with the reason as a comment, and a column
    that lists every reason of the row."""
    batch = get_batch_for_user(request.user, pk)
    try:
        table = reader.read_table(batch.data)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("exchange:batch", pk=batch.pk)
    by_row: dict[int, list[dict]] = {}
    for e in batch.errors:
        by_row.setdefault(e["row"], []).append(e)
    book = Book()
    sheet = book.sheet("错误报告")
    sheet.append([*table.headers, "错误说明"], style=BOLD)
    column_of = {h: i for i, h in enumerate(table.headers, start=1)}
    for n, values in table.rows:
        errors = by_row.get(n, [])
        notes = {column_of[e["column"]]: e["reason"] for e in errors if e["column"] in column_of}
        sheet.append(
            [*values, "；".join(f"{e['column']}：{e['reason']}" for e in errors)], notes=notes, note_style=MARKED
        )
    filename = download_name(
        ExportKind.IMPORT_ERRORS,
        scope=PurePath(batch.file_name).stem,
        day=clock.day_of(batch.created_at),
        ext="xlsx",
    )
    return xlsx_response(book.to_bytes(), filename)


@login_required
@require_GET
def template(request, kind):
    require_importer(request.user)
    if kind not in KINDS:
        raise Http404
    require_capability(request.user, KINDS[kind].capability)
    return xlsx_response(
        templates.template(kind), download_name(ExportKind.TEMPLATE, scope=KINDS[kind].label, ext="xlsx")
    )


# -- large exports ------------------------------------------------------------------------------


@login_required
@require_GET
def export_detail(request, pk):
    return render(request, "exchange/export.html", {"job": get_export_for_user(request.user, pk)})


@login_required
@require_GET
def export_progress(request, pk):
    """The progress bar while the task writes (polled); the page reloads once it is done."""
    job = get_export_for_user(request.user, pk)
    if job.status not in ExportFile.WORKING and request.htmx:
        return HttpResponseClientRefresh()
    return render(request, "exchange/export.html#progress", {"job": job})


@login_required
@require_GET
def export_download(request, pk):
    job = get_export_for_user(request.user, pk)
    if job.status != ExportStatus.DONE:
        raise Http404
    content = ExportFile.objects.values_list("content", flat=True).get(pk=job.pk)
    filename = download_name(job.kind, scope=scope_name(job.scope), day=clock.day_of(job.created_at), ext="xlsx")
    return xlsx_response(crypto.decrypt_bytes(bytes(content)), filename)
