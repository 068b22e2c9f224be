"""Evidence uploads treated as hostile input, and their private download.

The type is decided by the file's content (magic bytes, the parts inside an
Office zip, or text that decodes cleanly and is not markup), never by the name
or the browser's Content-Type; the name must agree with the content. The name
the uploader chose is kept only, sanitised, for display and as the download
name; the stored name is a uuid (see ``models._evidence_path``).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse

ACCEPTED = "PDF, PNG, JPEG, DOCX, XLSX, TXT or CSV"

# extension -> (kind found in the content, content type served back)
_EXTENSIONS = {
    "pdf": ("pdf", "application/pdf"),
    "png": ("png", "image/png"),
    "jpg": ("jpg", "image/jpeg"),
    "jpeg": ("jpg", "image/jpeg"),
    "docx": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "txt": ("text", "text/plain; charset=utf-8"),
    "csv": ("text", "text/csv; charset=utf-8"),
}
_KIND_LABELS = {
    "pdf": "a PDF document",
    "png": "a PNG image",
    "jpg": "a JPEG image",
    "docx": "a Word (DOCX) document",
    "xlsx": "an Excel (XLSX) workbook",
    "text": "plain text",
}
# Office files are zips; these parts prove which one (and that it is not any zip).
_OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# Text that a browser could render as a page or script is not evidence.
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|object|embed|svg|meta|link|style|form|img|a\s)"
    rb"|<\?xml|javascript:",
    re.IGNORECASE,
)
_NAME_UNSAFE = re.compile(r"[^\w.\- ()+]", re.UNICODE)
MAX_NAME = 150
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    content_type: str
    size: int


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def display_name(raw: str) -> str:
    """A safe name to show and offer on download; the file system never sees it.

    Refuses (rather than quietly repairs) names that try to leave a folder, so
    the uploader learns why; Django's parser already drops directory parts of
    names sent by a browser, this catches other callers.
    """
    name = unicodedata.normalize("NFKC", raw or "").strip()
    if not name or name in {".", ".."} or any(sep in name for sep in ("/", "\\", "\x00")):
        raise ValidationError("The file name is not acceptable; rename the file and try again.")
    if ".." in name or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise ValidationError("The file name is not acceptable; rename the file and try again.")
    name = _NAME_UNSAFE.sub("_", name).lstrip(". ")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem[: MAX_NAME - len(extension) - 1] or "evidence"
    return f"{stem}.{extension}" if extension else stem


def _extension(name: str) -> str:
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot else ""


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f" for ch in text
    ) and not _MARKUP.search(data)


def _kind_of(upload, head: bytes) -> str | None:
    """What the content is, as one of the kinds above, or None."""
    guess = filetype.guess(head)
    if guess is not None:
        if guess.extension in ("pdf", "png", "jpg"):
            return guess.extension
        if guess.extension in ("docx", "xlsx", "zip"):
            return _office_kind(upload)
        return None
    upload.seek(0)
    return "text" if _is_text(upload.read()) else None


def _office_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for kind, part in _OFFICE_PARTS.items():
        if part in names:
            return kind
    return None


def check_evidence_upload(upload) -> CheckedUpload:
    """Accept an uploaded file as evidence or raise ValidationError saying why."""
    if upload is None:
        raise ValidationError("Choose a file to upload.")
    name = display_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > max_bytes():
        raise ValidationError(
            f"The file is {_megabytes(size)}; evidence files may be at most "
            f"{_megabytes(max_bytes())}."
        )
    extension = _extension(name)
    if extension not in _EXTENSIONS:
        raise ValidationError(f"Only {ACCEPTED} files are accepted as evidence.")
    expected_kind, content_type = _EXTENSIONS[extension]
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    kind = _kind_of(upload, head)
    upload.seek(0)
    if kind != expected_kind:
        found = _KIND_LABELS.get(kind, "not a file type we accept")
        raise ValidationError(
            f"“{name}” is named like {_KIND_LABELS[expected_kind]} but its content is {found}. "
            f"Only {ACCEPTED} files are accepted, and the name must match the content."
        )
    return CheckedUpload(display_name=name, content_type=content_type, size=size)


def private_download(stored_file, *, filename: str, content_type: str) -> FileResponse:
    """Serve a private file as a download the browser must not render or sniff."""
    response = FileResponse(
        stored_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
