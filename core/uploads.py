"""Optional files kept with a record (a meeting's minutes, a spending's receipt): what may be
kept and how it is judged. The type is judged by the file's first bytes, not only its name; the
size by the caller's local rule. Files are stored under MEDIA_ROOT, which no URL serves: each
app hands its files out through a view that checks access."""

import uuid
import zipfile
from pathlib import PurePath

from django.utils.translation import gettext as _

from core.errors import DomainError

# What may be attached: the extension, the type it is sent as, and how its first bytes begin.
ATTACHMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
}


def _is_docx(upload) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        upload.seek(0)


def check_attachment(upload, *, max_mb: int, citation) -> tuple[str, str]:
    """(name as uploaded, content type) of `upload` — a PDF, JPEG, PNG or Word .docx file of at
    most `max_mb` megabytes (the limit's rule cited) — or a DomainError on the field "file"."""
    if upload.size > max_mb * 1024 * 1024:
        raise DomainError(
            _("An attachment may be at most %(mb)s MB (%(citation)s).") % {"mb": max_mb, "citation": citation},
            field="file",
        )
    name = PurePath(upload.name or "").name[:200]
    extension = PurePath(name).suffix.lower()
    kind = ATTACHMENT_TYPES.get(extension)
    head = upload.read(8)
    upload.seek(0)
    if kind is None or not head.startswith(kind[1]) or (extension == ".docx" and not _is_docx(upload)):
        raise DomainError(_("Attach a PDF, JPG, PNG or Word (.docx) file."), field="file")
    return name, kind[0]


def stored_name(folder: str, filename: str) -> str:
    """Where a file is stored: a random name under `folder` keeping only the checked extension
    (never the name a person typed: the record keeps that)."""
    return f"{folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
