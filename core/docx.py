"""The one writer of Word documents the committee prints: paragraphs in 宋体 and plain tables,
every text cleaned by `core.export.xml_text` first, so a stored name holding a control
character still prints (python-docx refuses such text). Nothing else writes with python-docx
(tests/test_exports_hold_any_text.py holds every module to it).

Documents whose wording a locality may change are templates (docxtpl: a .docx whose text holds
Jinja tags), filled by `render("<app>/<name>.docx", context)`. Ours lie in
`templates/documents/<app>/<name>.docx`, built by `manage.py document_templates` (`make
document-templates`) from each app's `document_templates.TEMPLATES` with the writers below, every
tag in one run so docxtpl reads it whole; the built files are committed. A locality edits a copy
in Word and puts it at the same path under the folder `DANGJIAN_DOCUMENT_TEMPLATES` names: that
file replaces ours, file by file. Every value a tag prints is cleaned by `xml_text` and escaped
(autoescape), so a name holding `<b>&"` prints as typed and one holding a control character
still opens; the templates run sandboxed and refuse a name the context does not hold."""

import zipfile
from collections.abc import Iterable, Mapping, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from core.errors import DomainError
from core.export import xml_text

# Ours, by "<app>/<name>.docx"; a locality's folder (DANGJIAN_DOCUMENT_TEMPLATES) comes first.
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "documents"


def paragraph(doc, text: str, *, size: int = 12, bold: bool = False, center: bool = False, right: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(xml_text(text))
    run.font.size, run.bold = Pt(size), bold
    run.font.name = "SimSun"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def table(
    doc,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    size: float | None = None,
    widths_cm: Sequence[float] | None = None,
):
    """A grid table: `headers` (repeated atop every printed page), then one line per row;
    `size` in points sets the font of every cell (a wide table on a narrow page); `widths_cm`
    the columns' widths (else equal)."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = xml_text(text)
    header_props = grid.rows[0]._tr.get_or_add_trPr()
    header_props.append(header_props.makeelement(qn("w:tblHeader"), {}))
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = xml_text(text)
    if size:
        for row in grid.rows:
            for cell in row.cells:
                for run in (r for p in cell.paragraphs for r in p.runs):
                    run.font.size = Pt(size)
    if widths_cm:
        _widths(grid, [Cm(w) for w in widths_cm])
    return grid


def _widths(grid, widths) -> None:
    """Column widths on the grid and on every cell: Word reads the cells, LibreOffice the grid."""
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def fields(
    doc,
    rows: Iterable[tuple[str, str]],
    *,
    size: float | None = None,
    label_cm: float = 3.5,
    width_cm: float = 17,
    row_cm: float = 0.8,
    heights: Mapping[str, float] | None = None,
):
    """A form of labels and values, two columns and no header row (a meeting's record): the
    label column bold and `label_cm` wide, the value column the rest of `width_cm` (A4 within
    2 cm margins); each row at least `row_cm` high, or as `heights` says for its label (room
    for a record's content)."""
    heights = heights or {}
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    for label, value in rows:
        row = grid.add_row()
        row.height, row.height_rule = Cm(heights.get(label, row_cm)), WD_ROW_HEIGHT_RULE.AT_LEAST
        cells = row.cells
        cells[0].text, cells[1].text = xml_text(label), xml_text(value)
        cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for run in cells[0].paragraphs[0].runs:
            run.bold = True
    if size:
        for row in grid.rows:
            for cell in row.cells:
                for run in (r for p in cell.paragraphs for r in p.runs):
                    run.font.size = Pt(size)
    _widths(grid, [Cm(label_cm), Cm(width_cm - label_cm)])
    return grid


def page_break(doc) -> None:
    doc.add_page_break()


def new(*, a4: bool = False) -> Document:
    """A new document; `a4`: on A4 paper (python-docx starts on US Letter) with 2 cm margins."""
    doc = Document()
    if a4:
        section = doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    return doc


def to_bytes(doc) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- templates --------------------------------------------------------------------------------


def template_path(name: str) -> Path:
    """The template `name` ("elections/request.docx"): the locality's copy when its folder holds
    one, else ours."""
    local = settings.DANGJIAN_DOCUMENT_TEMPLATES
    if local and (Path(local) / name).is_file():
        return Path(local) / name
    return TEMPLATES / name


def _printed(value: Any) -> str:
    """What a tag prints: nothing for None; text without what XML cannot hold, a carriage return
    as the line break python-docx makes of it (docxtpl breaks the line at "\n")."""
    if value is None:
        return ""
    text = xml_text(value).replace("\r\n", "\n").replace("\r", "\n")
    # escaped already (a filter's result, as `join`'s): cleaned, and not escaped twice
    return Markup(text) if isinstance(value, Markup) else text  # noqa: S704 (escaped before, only cleaned here)


_ENVIRONMENT = SandboxedEnvironment(autoescape=True, finalize=_printed, undefined=StrictUndefined)


def render(name: str, context: Mapping[str, Any]) -> bytes:
    """The template `name` filled with `context`; a template that cannot be filled (a locality's
    copy with a broken tag or a name the context lacks) is a DomainError naming the file."""
    path = template_path(name)
    document = DocxTemplate(path)
    try:
        document.render(dict(context), _ENVIRONMENT, autoescape=True)
    except TemplateError as e:
        raise DomainError(
            _("The document template %(file)s cannot be filled: %(error)s") % {"file": name, "error": e}
        ) from e
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def template_bytes(doc) -> bytes:
    """A built template as a file, byte for byte the same on every build (the zip entries' times
    fixed), so the committed files can be compared with what the builders make."""
    built = zipfile.ZipFile(BytesIO(to_bytes(doc)))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in built.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(entry, built.read(item))
    return buffer.getvalue()
