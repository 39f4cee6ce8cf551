"""List exports: what each list page gives as .xlsx, built here and written by the one writer
(`exchange.export`). Views pick the rows (scoped, filtered: the page and its export show the
same rows) and return what these functions return. Exports that name people are audited
(`members.services.do_record_export`); full ID numbers appear only for those who may reveal
them, and then the export is audited as a reveal of every row.

The register and the board are passed in as objects (transfers, board rows), so this module
reads them without importing the apps that own them."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL, VIEW_AUDIT, VIEW_REGISTRY
from accounts.scope import has_capability, scope_paths
from audit.actions import changes_text
from audit.services import record
from core.export import ExportKind, download_name, xlsx_response
from exchange import export, posts, structure, tasks
from exchange.models import ExportFile
from members import services as member_services
from orgs.queries import user_scope_name


def organizations_response(orgs, *, acting_user):
    """Organizations, parents first, in the import template's columns."""
    name = download_name(ExportKind.ORGANIZATIONS, scope=user_scope_name(acting_user, VIEW_REGISTRY), ext="xlsx")
    return xlsx_response(export.table_xlsx("党组织", structure.ORG_COLUMNS, structure.organization_rows(orgs)), name)


def units_response(units):
    """Units in the import template's columns."""
    name = download_name(ExportKind.UNITS, ext="xlsx")
    return xlsx_response(export.table_xlsx("单位", structure.UNIT_COLUMNS, structure.unit_rows(units)), name)


def posts_response(posts_qs, *, acting_user):
    """Posts in the import template's columns; audited like the member export."""
    reveal = has_capability(acting_user, REVEAL_PERSONAL)
    rows = posts.export_rows(posts_qs, reveal=reveal)
    member_services.do_record_export(
        kind=ExportKind.POSTS, count=len(rows), revealed=reveal, query="", acting_user=acting_user
    )
    name = download_name(ExportKind.POSTS, scope=user_scope_name(acting_user, VIEW_REGISTRY), ext="xlsx")
    return xlsx_response(export.table_xlsx("职务", posts.COLUMNS, rows), name)


def members_response(members, *, query: str, acting_user, organization=None):
    """The member list in the import template's columns, streamed from a temporary file; a list
    longer than `DANGJIAN_EXPORT_INLINE_ROWS` is written by a task instead, and the user is sent
    to its page. `query` is the list's filters, which the task applies again; `organization`,
    the one it is filtered to, names the file."""
    reveal = has_capability(acting_user, REVEAL_PERSONAL)
    expected = members.count()
    if expected > settings.DANGJIAN_EXPORT_INLINE_ROWS:  # too long for one request: a task writes it
        job = ExportFile.objects.create(
            kind="members",
            query=query,
            revealed=reveal,
            scope=scope_paths(acting_user, VIEW_REGISTRY),
            expected_rows=expected,
            created_by=acting_user,
        )
        tasks.export_members.enqueue(job.pk)
        return redirect("exchange:export", pk=job.pk)
    content, count = export.members_xlsx(members, reveal=reveal)
    member_services.do_record_export(
        kind=ExportKind.MEMBERS, count=count, revealed=reveal, query=query, acting_user=acting_user
    )
    scope = organization.name if organization is not None else user_scope_name(acting_user, VIEW_REGISTRY)
    return xlsx_response(content, download_name(ExportKind.MEMBERS, scope=scope, ext="xlsx"))


TRANSFER_HEADERS = [
    "姓名",
    "类型",
    "转出组织",
    "转入组织",
    "开具介绍信的党组织",
    "介绍信编号",
    "开具日期",
    "有效期至",
    "党费交至",
    "状态",
    "办结日期",
    "原因",
]


def transfers_response(transfers, *, title: str, name: str, acting_user):
    """One list of the transfer register (`transfers`, a queryset of `transfers.Transfer` with
    member, source, destination and issuer selected) under `title`; audited."""
    rows = [
        (
            t.member.name,
            t.get_kind_display(),
            t.from_label,
            t.to_label,
            t.issuing_organization.name if t.issuing_organization else "",
            t.letter_number,
            t.issued_on.isoformat() if t.issued_on else "",
            t.valid_until.isoformat() if t.valid_until else "",
            f"{t.dues_paid_until:%Y-%m}" if t.dues_paid_until else "",
            t.get_status_display(),
            t.decided_on.isoformat() if t.decided_on else "",
            t.return_reason or t.reason,
        )
        for t in transfers.iterator(chunk_size=2000)
    ]
    member_services.do_record_export(
        kind=ExportKind.TRANSFERS,
        count=len(rows),
        revealed=False,
        query=f"transfers:{name}",
        acting_user=acting_user,
        part=title,
    )
    # The file is named by the list it holds (口袋党员, 待接收…), a part of the register.
    filename = download_name(title, scope=user_scope_name(acting_user, EDIT_REGISTRY), ext="xlsx")
    return xlsx_response(export.list_xlsx(title, TRANSFER_HEADERS, rows), filename)


BOARD_HEADERS = ["姓名", "所在党组织", "阶段", "申请入党日期", "下一步", "应办日期", "是否逾期"]


def development_board_response(organization, board, *, acting_user):
    """A branch's development board: `board` is its rows (candidate, next step, due date,
    overdue), as `development.queries.board_rows` gives them; audited (names of people)."""
    rows = [
        (
            c.name,
            c.organization.name,
            c.get_stage_display(),
            c.applied_on.isoformat(),
            str(step.label) if step else "",
            when.isoformat() if when else "",
            "是" if overdue else "",
        )
        for c, step, when, overdue in board
    ]
    member_services.do_record_export(
        kind=ExportKind.DEVELOPMENT,
        count=len(rows),
        revealed=False,
        query=f"development:{organization.pk}",
        acting_user=acting_user,
    )
    filename = download_name(ExportKind.DEVELOPMENT, scope=organization.name, ext="xlsx")
    return xlsx_response(export.list_xlsx("发展党员", BOARD_HEADERS, rows), filename)


def audit_events_response(events, *, filters: dict, acting_user):
    """The audit events of the audit page (`events`, filtered and scoped, actor and organization
    selected); the export is itself an audit event, with the filters and the number of rows."""
    headers = [
        _("Time"),
        _("Person"),
        _("Action"),
        _("Object"),
        _("Organization"),
        _("Change"),
        _("Reason"),
        _("IP address"),
    ]
    rows = (
        (
            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            str(e.actor or ""),
            e.action_label,
            e.target_repr,
            e.organization.name if e.organization else "",
            changes_text(e.old, e.new, e.action),
            e.reason,
            e.ip or "",
        )
        for e in events.iterator(chunk_size=2000)
    )
    handle, count = export.write_xlsx(_("Audit"), headers, rows)
    with handle:
        content = handle.read()
    record("audit.exported", actor=acting_user, target=acting_user, new={"filters": filters, "rows": count})
    filename = download_name(ExportKind.AUDIT, scope=user_scope_name(acting_user, VIEW_AUDIT), ext="xlsx")
    return xlsx_response(content, filename)
