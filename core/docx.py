"""Word documents the committee prints: one way to write a paragraph in 宋体."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt


def paragraph(doc, text: str, *, size: int = 12, bold: bool = False, center: bool = False, right: bool = False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.font.size, run.bold = Pt(size), bold
    run.font.name = "SimSun"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def new() -> Document:
    return Document()


def to_bytes(doc) -> bytes:
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
