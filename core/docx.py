"""The one writer of Word documents the committee prints: paragraphs in 宋体 and plain tables,
every text cleaned by `core.export.xml_text` first, so a stored name holding a control
character still prints (python-docx refuses such text). Nothing else writes with python-docx
(tests/test_exports_hold_any_text.py holds every module to it)."""

from collections.abc import Iterable, Sequence
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

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


def table(doc, headers: Sequence[str], rows: Iterable[Sequence[str]]):
    """A grid table: `headers`, then one line per row."""
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.text = xml_text(text)
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = xml_text(text)
    return grid


def new() -> Document:
    return Document()


def to_bytes(doc) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
