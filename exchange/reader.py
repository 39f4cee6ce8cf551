"""Reading an uploaded spreadsheet safely. The type is taken from the content, not the name;
an .xlsx is checked as a zip (entry count, declared and actual uncompressed size, no document
type declarations) before openpyxl sees it; formulas are read as their text and never evaluated;
rows are read lazily and counted, so a file of a million rows is refused without being held in
memory. Every refusal is a DomainError with a Chinese message."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

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
        raise DomainError("文件是空的。")
    if len(data) > max_bytes():
        raise DomainError(f"文件超过{max_bytes() // (1024 * 1024)} MB，请拆分后再导入。")
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise DomainError("这是旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DomainError("文件已损坏，无法作为 Excel 文件打开。") from None
    infos = archive.infolist()
    if len(infos) > _limit("entries", 1000):
        raise DomainError("文件内部结构异常（条目过多），已拒绝导入。")
    declared = sum(i.file_size for i in infos)
    if declared > _limit("uncompressed", 200 * 1024 * 1024):
        raise DomainError("文件解压后过大（可能是压缩炸弹），已拒绝导入。")
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise DomainError("这不是有效的 Excel（.xlsx）文件。")
    budget = _limit("uncompressed", 200 * 1024 * 1024)
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        # Read in chunks and count real bytes: a lying header does not get past this.
        with archive.open(info) as entry:
            head = entry.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DomainError("文件中含有不安全的 XML 声明，已拒绝导入。")
            size = len(head)
            while chunk := entry.read(1024 * 1024):
                size += len(chunk)
                if size > budget:
                    raise DomainError("文件解压后过大（可能是压缩炸弹），已拒绝导入。")
            budget -= size


def _read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - whatever openpyxl raises on a broken file is the user's message
        raise DomainError("文件无法作为 Excel 文件读取，请检查后重新保存。") from None
    sheet = next((ws for ws in book.worksheets if ws.sheet_state == "visible"), None)
    if sheet is None:
        raise DomainError("文件中没有可见的工作表。")
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise DomainError("工作表是空的。")
    headers = _headers(header)

    def numbered():
        for n, row in enumerate(rows, start=2):
            if n - 1 > max_rows():
                raise DomainError(f"文件超过{max_rows():,}行，请拆分后再导入。")
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
        raise DomainError("无法识别文件类型：请上传 .xlsx，或 UTF-8 / GB18030 编码的 .csv 文件。")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise DomainError("文件是空的。")
    headers = _headers(header)

    def numbered():
        for n, row in enumerate(reader, start=2):
            if n - 1 > max_rows():
                raise DomainError(f"文件超过{max_rows():,}行，请拆分后再导入。")
            if any(v.strip() for v in row):
                yield n, row

    return Table(headers, numbered(), text.rstrip("\r\n").count("\n"))


def _headers(values) -> list[str]:
    headers = [_header(h) for h in values]
    if not any(headers):
        raise DomainError("第一行没有列名：请使用导入模板（文件也可能是空的）。")
    return headers


def _header(value) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", str(value or "")).strip().replace(" ", "").rstrip("*")
