"""The one writer of .xlsx files: every workbook we hand out is built here, so every value,
header, comment and sheet title goes through `core.export.safe_cell` / `xml_text` — old data
cannot make an export fail, and no cell runs as a formula. Nothing else writes with openpyxl
(tests/test_exports_hold_any_text.py holds every module to it); reading uploads is `exchange.reader`'s.

A `Book(stream=True)` writes in openpyxl's write-only mode, for long lists (memory stays flat);
widths are then set before the first row."""

import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.export import safe_cell, xml_text

MAX_INLINE_LIST = 255  # characters Excel keeps in a list rule's own formula
LISTS_SHEET = "选项"  # the hidden sheet of the longer drop-down lists
_NOT_IN_TITLE = re.compile(r"[\\*?:/\[\]]")  # openpyxl refuses these in a sheet title


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float | None = None
    fill: str | None = None  # RGB, e.g. "F8D7DA"
    wrap: bool = False


BOLD = Style(bold=True)


def sheet_title(title: str) -> str:
    """A sheet title Excel accepts: no separators, at most 31 characters, never empty."""
    return _NOT_IN_TITLE.sub("_", xml_text(title)).strip()[:31] or "Sheet"


class Sheet:
    def __init__(self, worksheet) -> None:
        self._ws = worksheet

    def widths(self, widths: Mapping[int, float]) -> None:
        """Column widths by column number (1 is A)."""
        for column, width in widths.items():
            self._ws.column_dimensions[get_column_letter(column)].width = width

    def append(
        self,
        values: Iterable,
        *,
        style: Style | None = None,
        notes: Mapping[int, str] | None = None,
        note_style: Style | None = None,
    ) -> None:
        """One row. `notes` puts a comment on the cells of those column numbers (1 is A), drawn
        in `note_style`."""
        notes = notes or {}
        row = []
        for column, value in enumerate(values, start=1):
            cell = WriteOnlyCell(self._ws, value=safe_cell(value))
            _apply(cell, note_style if column in notes and note_style else style)
            if column in notes:
                cell.comment = Comment(xml_text(notes[column])[:2000], "dangjian")
            row.append(cell)
        self._ws.append(row)

    def choices(self, column: int, options: Sequence[str], *, rows: tuple[int, int]) -> None:
        """A drop-down list of `options` on `column` for rows `rows` (first, last). Excel keeps a
        list written into the rule to 255 UTF-16 code units (the 58 nationalities take 236); a
        longer one is written as a row of the book's hidden sheet `LISTS_SHEET` and the rule
        points there. Not for a streamed book (its sheets are written row by row, once)."""
        letter = get_column_letter(column)
        cleaned = [xml_text(o).replace('"', "") for o in options]
        formula = '"' + ",".join(cleaned) + '"'
        if len(formula.encode("utf-16-le")) // 2 > MAX_INLINE_LIST:
            lists = self._lists_sheet()
            lists.append([safe_cell(o) for o in cleaned])
            end = get_column_letter(len(cleaned))
            formula = f"'{LISTS_SHEET}'!$A${lists.max_row}:${end}${lists.max_row}"
        rule = DataValidation(type="list", formula1=formula, allow_blank=True)
        rule.add(f"{letter}{rows[0]}:{letter}{rows[1]}")
        self._ws.add_data_validation(rule)

    def _lists_sheet(self):
        book = self._ws.parent
        if LISTS_SHEET in book.sheetnames:
            return book[LISTS_SHEET]
        lists = book.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        return lists

    def freeze(self, cell: str) -> None:
        self._ws.freeze_panes = cell

    def print_a4(self, *, landscape: bool = False, repeat_rows: str = "") -> None:
        """Printed on A4, every column on one page's width; `repeat_rows` (e.g. "1:2") heads
        every printed page."""
        ws = self._ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_options.horizontalCentered = True
        if repeat_rows:
            ws.print_title_rows = repeat_rows


def _apply(cell, style: Style | None) -> None:
    if style is None:
        return
    if style.bold or style.size:
        cell.font = Font(bold=style.bold, size=style.size)
    if style.fill:
        cell.fill = PatternFill("solid", fgColor=style.fill)
    if style.wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="center")


class Book:
    def __init__(self, *, stream: bool = False) -> None:
        self._book = Workbook(write_only=stream)
        self._fresh = not stream  # a normal workbook starts with one empty sheet, used first

    def sheet(self, title: str) -> Sheet:
        if self._fresh:
            worksheet = self._book.active
            worksheet.title = sheet_title(title)
            self._fresh = False
        else:
            worksheet = self._book.create_sheet(sheet_title(title))
        return Sheet(worksheet)

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()

    def to_file(self) -> IO[bytes]:
        """The workbook in an open temporary file, rewound; the caller closes it (a
        FileResponse does)."""
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open; the caller closes it
        self._book.save(handle)
        handle.seek(0)
        return handle
