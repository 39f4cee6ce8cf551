"""The one writer of Word documents the committee prints: paragraphs in 宋体 and plain tables,
every text cleaned by `core.export.xml_text` first, so a stored name holding a control
character still prints (python-docx refuses such text). Nothing else writes with python-docx
(tests/test_exports_hold_any_text.py holds every module to it)."""

from collections.abc import Iterable, Sequence
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.export import xml_text


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


def table(doc, headers: Sequence[str], rows: Iterable[Sequence[str]], *, size: float | None = None):
    """A grid table: `headers` (repeated atop every printed page), then one line per row;
    `size` in points sets the font of every cell (a wide table on a narrow page)."""
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
    return grid


def fields(doc, rows: Iterable[tuple[str, str]], *, size: float | None = None, label_cm: float = 3.5):
    """A form of labels and values, two columns and no header row (a meeting's record): the
    label column bold and `label_cm` wide, the value column the rest of the line."""
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"
    grid.autofit = False
    for label, value in rows:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = xml_text(label), xml_text(value)
        cells[0].width = Cm(label_cm)
        for run in cells[0].paragraphs[0].runs:
            run.bold = True
    if size:
        for row in grid.rows:
            for cell in row.cells:
                for run in (r for p in cell.paragraphs for r in p.runs):
                    run.font.size = Pt(size)
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
