"""Helpers for spreadsheets we write."""

from typing import IO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value that a spreadsheet will not run as a formula (CSV/formula injection): text
    beginning with = + - @ or a tab gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes | IO[bytes], filename: str):
    """A finished workbook as a download: bytes, or an open file that is streamed and closed."""
    from django.http import FileResponse, HttpResponse

    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(content, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
