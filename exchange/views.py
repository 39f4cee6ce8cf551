import hashlib
from io import BytesIO

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from accounts.roles import EDIT_REGISTRY
from accounts.scope import has_capability, require_capability, scope_paths
from core import crypto
from core.errors import DomainError
from core.export import safe_cell, xlsx_response
from core.forms import BootstrapMixin
from core.text import mask_id_number
from exchange import members, reader, templates
from exchange.kinds import KINDS
from exchange.models import BatchStatus, ImportBatch

SHOWN = 200


class UploadForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=[(k, v.label) for k, v in KINDS.items()])
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))


def _validate(batch: ImportBatch, user):
    spec = KINDS[batch.kind]
    require_capability(user, spec.capability)
    return spec.validate(reader.read_table(batch.data), scope_paths=scope_paths(user, spec.capability))


def get_batch_for_user(request, pk) -> ImportBatch:
    """An import is seen by the person who uploaded it."""
    require_capability(request.user, EDIT_REGISTRY)
    try:
        return ImportBatch.objects.get(pk=pk, created_by=request.user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    require_capability(request.user, EDIT_REGISTRY)
    allowed = {k: v for k, v in KINDS.items() if has_capability(request.user, v.capability)}
    form = UploadForm(request.POST or None, request.FILES or None)
    form.fields["kind"].choices = [(k, v.label) for k, v in allowed.items()]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(reader.max_bytes() + 1)
        batch = ImportBatch(  # the file is kept encrypted: it holds ID numbers
            kind=form.cleaned_data["kind"],
            file_name=upload.name[:200],
            content=crypto.encrypt_bytes(data),
            sha256=hashlib.sha256(data).hexdigest(),
            created_by=request.user,
        )
        try:
            plan = _validate(batch, request.user)
        except DomainError as e:
            form.add_error("file", e.message)
        else:
            batch.rows = plan.rows
            batch.error_count = len(plan.errors)
            batch.errors = [_stored(e) for e in plan.errors[:1000]]
            batch.status = BatchStatus.READY if plan.ok else BatchStatus.INVALID
            if plan.rows == 0 and not plan.errors:
                form.add_error("file", _("The file has no data rows."))
            else:
                batch.summary = _summary(plan, person=batch.kind == "members")
                batch.save()
                return redirect("exchange:batch", pk=batch.pk)
    return render(
        request,
        "exchange/imports.html",
        {"form": form, "batches": ImportBatch.objects.filter(created_by=request.user)[:20], "kinds": allowed},
    )


def _stored(error) -> dict:
    """A row error as kept and shown: ID numbers masked (the row number finds them)."""
    shown = vars(error).copy()
    if error.column == "身份证号" and len(error.value) > 8:
        shown["value"] = mask_id_number(error.value)
    return shown


def _new_label(item) -> tuple[str, str]:
    if isinstance(item, tuple):  # a member: (member, id, phone, branch, since)
        return item[0].name, item[3].name
    name = getattr(item, "name", None) or item.values["name"]
    return name, getattr(item, "code", "")


def _summary(plan, *, person: bool) -> dict:
    return {
        "new": len(plan.new),
        "updated": len(plan.updates),
        "unchanged": plan.unchanged,
        "new_sample": [_new_label(x) for x in plan.new[:SHOWN]],
        "updates_sample": [
            (str(obj), members.describe(changes, person=person)) for obj, changes in plan.updates[:SHOWN]
        ],
    }


@login_required
@require_GET
def batch_detail(request, pk):
    batch = get_batch_for_user(request, pk)
    return render(request, "exchange/batch.html", {"batch": batch, "errors": batch.errors[:SHOWN]})


@login_required
@require_POST
def batch_confirm(request, pk):
    batch = get_batch_for_user(request, pk)
    if batch.status != BatchStatus.READY:
        messages.error(request, _("This import cannot be confirmed."))
        return redirect("exchange:batch", pk=batch.pk)
    try:
        plan = _validate(batch, request.user)  # the registry may have changed since the preview
        if not plan.ok:
            raise DomainError("登记信息在预览之后发生了变化，文件已不能全部导入，请重新上传查看错误。")
        counts = KINDS[batch.kind].apply(plan, file_hash=batch.sha256, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("exchange:batch", pk=batch.pk)
    batch.status, batch.result, batch.applied_at = BatchStatus.APPLIED, counts, timezone.now()
    batch.save(update_fields=["status", "result", "applied_at"])
    return redirect("exchange:batch", pk=batch.pk)  # the page shows the counts


@login_required
@require_GET
def batch_errors(request, pk):
    """The uploaded rows again, the bad cells in red with the reason as a comment, and a column
    that lists every reason of the row."""
    batch = get_batch_for_user(request, pk)
    try:
        table = reader.read_table(batch.data)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("exchange:batch", pk=batch.pk)
    by_row: dict[int, list[dict]] = {}
    for e in batch.errors:
        by_row.setdefault(e["row"], []).append(e)
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "错误报告"
    sheet.append([*table.headers, "错误说明"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="F8D7DA")
    column_of = {h: i for i, h in enumerate(table.headers, start=1)}
    for n, values in table.rows:
        errors = by_row.get(n, [])
        sheet.append([safe_cell(v) for v in values] + ["；".join(f"{e['column']}：{e['reason']}" for e in errors)])
        for e in errors:
            col = column_of.get(e["column"])
            if col:
                cell = sheet.cell(row=sheet.max_row, column=col)
                cell.fill = red
                cell.comment = Comment(e["reason"], "导入检查")
    buffer = BytesIO()
    book.save(buffer)
    return xlsx_response(buffer.getvalue(), f"import-errors-{batch.pk}.xlsx")


@login_required
@require_GET
def template(request, kind):
    require_capability(request.user, EDIT_REGISTRY)
    if kind not in KINDS:
        raise Http404
    require_capability(request.user, KINDS[kind].capability)
    return xlsx_response(templates.template(kind), f"template-{kind}.xlsx")
