"""What every file we hand out goes through: the text of each cell or paragraph
(`xml_text`, `safe_cell`) and the download response with its file name (`download`).

Old rows can hold anything the database accepted before inputs were checked (control
characters, lone surrogates, `=HYPERLINK(...)`), and audit rows cannot be corrected, so the
writers clean what they write instead of trusting what is stored: a stored string never makes
an export fail, and never runs as a formula in the spreadsheet that opens it."""

import datetime as dt
import re
import unicodedata
from typing import IO

from django.db import models
from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import clock

# Everything outside XML 1.0's Char production: C0 controls but tab, newline and carriage
# return; lone surrogates; U+FFFE and U+FFFF. Neither .xlsx nor .docx can hold these.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CELL_MAX = 32_767  # characters a spreadsheet cell holds; longer text is cut, not refused

CALENDAR_TYPE = "text/calendar; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xml_text(value) -> str:
    """`value` as text a document can hold: what XML cannot carry is dropped."""
    return _NOT_XML.sub("", str(value))


def safe_cell(value):
    """A cell value that opens and does not run: text loses what XML cannot carry, is cut to
    what a cell holds, and text beginning with = + - @ tab or CR (a formula to a spreadsheet,
    CSV/formula injection) gets a leading apostrophe. Numbers, dates and None pass."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = xml_text(value)[: CELL_MAX - 1]
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


# Control characters (C0, DEL, C1), bidirectional overrides (a name shown backwards hides its
# extension), quotes and path separators have no place in a file name; whatever else a name
# holds (Chinese) is sent as RFC 5987 `filename*`.
_NOT_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"\'\\/:*?<>|;]')


def safe_filename(name: str, *, default: str = "download") -> str:
    """`name` as a file name a browser saves where it should: no control characters, quotes,
    separators or reserved characters, no leading dots, at most 150 characters."""
    name = xml_text(unicodedata.normalize("NFC", str(name)))
    name = _NOT_IN_FILENAME.sub("_", name).strip().lstrip(".")
    return name[:150] or default


class ExportKind(models.TextChoices):
    """What a file handed out is: its code is audited (an export of people names its kind), its
    label begins the file's name and names the export in the audit trail."""

    MEMBERS = "members", _("Member register")
    POSTS = "posts", _("Post register")
    ORGANIZATIONS = "organizations", _("Party organization register")
    UNITS = "units", _("Unit register")
    TRANSFERS = "transfers", _("Transfer register")
    DEVELOPMENT = "development", _("Member development list")
    AUDIT = "audit", _("Audit trail")
    STATISTICS = "statistics", _("Party statistics")
    ANNUAL_STATISTICS = "annual_statistics", _("Annual party statistics")
    LETTER = "letter", _("Introduction letter")
    AUTHORITY_LIST = "authority_list", _("Authority list")
    ADJUSTMENT_LEDGER = "adjustment_ledger", _("Adjustment ledger")
    IMPORT_ERRORS = "import_errors", _("Import errors")
    TEMPLATE = "template", _("Import template")
    ROSTER = "roster", _("Member roster")
    SUPERIORS = "superiors", pgettext_lazy("file name", "Multi-headed management")
    STUDY = "study", _("Central-group study of the departments")
    ORGLIFE_LEDGER = "orglife_ledger", _("Organizational life ledger")
    ORGLIFE_SUMMARY = "orglife_summary", _("Organizational life summary")
    EVALUATION = "evaluation", _("Democratic evaluation results")
    ORGLIFE_COMPLIANCE = "orglife_compliance", _("Organizational life held and expected")


def export_label(kind: str) -> str | Promise:
    """The label of an export kind's code (lazy: read in the reader's language); an unknown
    code as it is."""
    return ExportKind(kind).label if kind in ExportKind.values else kind


def download_name(what: str | Promise, *, scope: str | Promise = "", day: dt.date | None = None, ext: str) -> str:
    """The one way a download is named: what it is (an `ExportKind`, or a document's own title),
    the scope it covers (an organization's name, a candidate, a list), the date it is as of
    (today unless given), e.g. "党员名册-万州区直机关工委-2026-11-30.xlsx"."""
    label = export_label(what) if isinstance(what, str) else what
    parts = [str(label), str(scope), f"{day or clock.today():%Y-%m-%d}"]
    return "-".join(part for part in parts if part) + f".{ext}"


def download(content: bytes | IO[bytes], filename: str, content_type: str) -> HttpResponse:
    """`content` (bytes, or an open file that is streamed and closed) as an attachment named
    `filename`, with the one Content-Disposition builder (Django's, RFC 6266/5987)."""
    name = safe_filename(filename)
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
    return FileResponse(content, as_attachment=True, filename=name, content_type=content_type)


def xlsx_response(content: bytes | IO[bytes], filename: str) -> HttpResponse:
    """A finished workbook as a download."""
    return download(content, filename, XLSX_TYPE)


def docx_response(content: bytes, filename: str) -> HttpResponse:
    """A finished Word document as a download."""
    return download(content, filename, DOCX_TYPE)
