"""List exports as .xlsx: Chinese headers in bold, sensible widths, written by `core.xlsx`
(which cleans and escapes every cell) in write-only mode to a temporary file. Member exports use
the import template's columns, so an export can be imported again. What each list holds is
built in `exchange.lists`."""

from collections.abc import Callable, Iterable
from typing import IO

from django.db.models import OuterRef, Subquery

from core.text import mask_id_number, mask_phone
from core.xlsx import BOLD, Book
from exchange import members as member_import
from members.models import Membership

PROGRESS_EVERY = 2000  # rows between two progress writes
CHUNK = 2000  # members read at a time
WIDTHS = {"姓名": 10, "身份证号": 22, "所在党支部": 28, "工作岗位": 16, "党组织编码": 12}


def _list_width(header: str) -> int:
    return 30 if "名称" in header or "组织" in header else 14


def write_xlsx(
    sheet_name: str,
    headers: list[str],
    rows: Iterable,
    *,
    width: Callable[[str], int] = _list_width,
    progress: Callable[[int], object] | None = None,
) -> tuple[IO[bytes], int]:
    """`rows` under `headers` in one sheet, as an open temporary file, rewound, and the number of
    rows written. `rows` may be a generator: the workbook is written in write-only mode and the
    download streams, so memory stays flat however many rows there are. `progress(n)` is called
    every `PROGRESS_EVERY` rows. The caller closes the file (a FileResponse does)."""
    book = Book(stream=True)
    sheet = book.sheet(sheet_name)
    sheet.widths({i: width(h) for i, h in enumerate(headers, start=1)})
    sheet.append(headers, style=BOLD)
    count = 0
    for row in rows:
        sheet.append([str(v) for v in row])
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    return book.to_file(), count


def members_xlsx(queryset, *, reveal: bool, progress=None) -> tuple[IO[bytes], int]:
    """The members of `queryset` (already filtered and scoped) in the import template's columns,
    ID and phone numbers masked unless `reveal`: an open temporary file, rewound, and the count."""
    headers = [h for h, _r, _e in member_import.COLUMNS]
    return write_xlsx(
        "党员", headers, _member_rows(queryset, reveal), width=lambda h: WIDTHS.get(h, 12), progress=progress
    )


def _member_rows(queryset, reveal: bool):
    since = Membership.objects.filter(member=OuterRef("pk"), valid_to__isnull=True).values("valid_from")[:1]
    rows = queryset.select_related("organization").annotate(since=Subquery(since))
    for m in _in_chunks(rows, queryset):
        number, phone = m.id_number, m.phone
        yield [
            m.name,
            number if reveal else mask_id_number(number),
            m.get_gender_display(),
            m.get_ethnicity_display(),
            m.get_education_display(),
            m.get_degree_display(),
            m.join_date.isoformat(),
            m.full_member_date.isoformat() if m.full_member_date else "",
            m.get_category_display(),
            m.organization.name if m.organization else "",
            m.since.isoformat() if m.since else "",
            phone if reveal else mask_phone(phone),
            m.work_post,
            "是" if m.is_leading_cadre else "否",
            m.get_cadre_rank_display() if m.cadre_rank else "",
            m.get_occupation_display(),
            m.retired_on.isoformat() if m.retired_on else "",
            m.organization.code if m.organization else "",
        ]


def _in_chunks(rows, queryset):
    """The rows of `queryset`, in its order, read a chunk at a time with each read finished
    before a row is handed on. A cursor left open across the writing would keep a read
    transaction open: on SQLite the task's progress write then takes the write lock inside it
    and holds it until the export ends (logins wait, then fail with "database is locked"), or
    fails itself once another connection has written."""
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        by_pk = {m.pk: m for m in rows.filter(pk__in=chunk).order_by()}
        yield from (by_pk[pk] for pk in chunk if pk in by_pk)


def table_xlsx(sheet_name: str, columns, rows) -> bytes:
    """A list as .xlsx under the import template's headers (so it can be imported again)."""
    return list_xlsx(sheet_name, [h for h, _r, _e in columns], rows)


def list_xlsx(sheet_name: str, headers: list[str], rows) -> bytes:
    """A list page as .xlsx, whole, for the lists that are a district's size at most."""
    handle, _count = write_xlsx(sheet_name, headers, rows)
    with handle:
        return handle.read()
