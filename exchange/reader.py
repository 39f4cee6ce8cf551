"""Reading an uploaded spreadsheet safely. The type is taken from the content, not the name;
an .xlsx is checked as a zip (entry count, declared and actual uncompressed size, no document
type declarations) before openpyxl sees it; formulas are read as their text and never evaluated;
rows are read lazily and counted, so a file of a million rows is refused without being held in
memory. Every refusal is a DomainError, translated when raised (the uploader reads it at once;
a background check runs in the site's language, `exchange.batches`)."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def _limit(name: str, default: int) -> int:
    return getattr(settings, "DANGJIAN_IMPORT_LIMITS", {}).get(name, default)


def max_bytes() -> int:
    return _limit("bytes", 20 * 1024 * 1024)


def max_rows() -> int:
    return _limit("rows", 100_000)


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as the user sees it, cell values)
    expected_rows: int | None = None  # data rows the file declares (for progress), if it does


def read_table(data: bytes) -> Table:
    if not data:
        raise DomainError(_("The file is empty."))
    if len(data) > max_bytes():
        raise DomainError(
            _("The file is larger than %(size)s MB; please split it and import the parts.")
            % {"size": max_bytes() // (1024 * 1024)}
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise DomainError(_("This is an old Excel (.xls) file; please save it as .xlsx in Excel and import that."))
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DomainError(_("The file is damaged and cannot be opened as an Excel file.")) from None
    infos = archive.infolist()
    if len(infos) > _limit("entries", 1000):
        raise DomainError(_("The inside of the file is abnormal (too many entries); it was refused."))
    declared = sum(i.file_size for i in infos)
    if declared > _limit("uncompressed", 200 * 1024 * 1024):
        raise DomainError(_("The file is too large once uncompressed (possibly a zip bomb); it was refused."))
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise DomainError(_("This is not a valid Excel (.xlsx) file."))
    budget = _limit("uncompressed", 200 * 1024 * 1024)
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        # Read in chunks and count real bytes: a lying header does not get past this.
        with archive.open(info) as entry:
            head = entry.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DomainError(_("The file contains unsafe XML declarations; it was refused."))
            size = len(head)
            while chunk := entry.read(1024 * 1024):
                size += len(chunk)
                if size > budget:
                    raise DomainError(
                        _("The file is too large once uncompressed (possibly a zip bomb); it was refused.")
                    )
            budget -= size


def _read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises on a broken file is the user's message
        raise DomainError(_("The file cannot be read as an Excel file; please check it and save it again.")) from None
    sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
    if sheet is None:
        raise DomainError(_("The file has no visible worksheet."))
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise DomainError(_("The worksheet is empty."))
    headers = _headers(header)

    def numbered():
        for n, row in enumerate(rows, start=2):
            if n - 1 > max_rows():
                raise DomainError(_too_many_rows())
            values = list(row)
            if any(v not in (None, "") for v in values):
                yield n, values

    declared = sheet.max_row  # from the sheet's <dimension>, which writers may omit
    return Table(headers, numbered(), declared - 1 if declared else None)


def _read_csv(data: bytes) -> Table:
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise DomainError(
            _(
                "The type of the file is not recognised: please upload an .xlsx file, "
                "or a .csv file encoded in UTF-8 or GB18030."
            )
        )
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise DomainError(_("The file is empty."))
    headers = _headers(header)

    def numbered():
        for n, row in enumerate(reader, start=2):
            if n - 1 > max_rows():
                raise DomainError(_too_many_rows())
            if any(v.strip() for v in row):
                yield n, row

    return Table(headers, numbered(), text.rstrip("\r\n").count("\n"))


def _too_many_rows() -> str:
    return _("The file has more than %(rows)s rows; please split it and import the parts.") % {
        "rows": f"{max_rows():,}"
    }


def _headers(values) -> list[str]:
    headers = [_header(h) for h in values]
    if not any(headers):
        raise DomainError(
            _("The first row has no column names: please use the import template (or the file may be empty).")
        )
    return headers


def _header(value) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", str(value or "")).strip().replace(" ", "").rstrip("*")
