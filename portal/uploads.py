"""Uploaded files are hostile until proven otherwise.

``inspect_upload`` decides what a file *is* from its bytes, not its name, and
refuses anything outside the types its ``Purpose`` takes (evidence and contract
documents: PDF, PNG, JPEG, DOCX, XLSX, plain text, CSV; the CSV imports: CSV),
or larger than the purpose allows, with a message that names the purpose.
``store_upload`` saves it through Django's storage API under a generated name,
for a ``FileField``; ``delete_with_stored_files`` deletes a row and, once the
transaction commits, the files it and the rows cascading from it kept;
``private_download`` sends a file back as an attachment that a browser will not
sniff into HTML. Callers check access before calling ``private_download``: these
helpers know nothing of users. ``UploadLimitHandler`` stops reading a file larger
than any purpose takes before it reaches the disk.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from auditlog.context import set_actor
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.db import router, transaction
from django.db.models import FileField
from django.db.models.deletion import Collector
from django.http import FileResponse
from django.http.multipartparser import MultiPartParser

# extension -> (content type, human name)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", "PDF document"),
    "png": ("image/png", "PNG image"),
    "jpg": ("image/jpeg", "JPEG image"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document (DOCX)",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook (XLSX)",
    ),
    "txt": ("text/plain", "text file"),
    "csv": ("text/csv", "CSV file"),
}
_EXTENSION_ALIASES = {"jpeg": "jpg", "jpe": "jpg", "text": "txt"}
ACCEPTED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, TXT or CSV"
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|\?xml|meta|a\s)", re.I)
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Purpose:
    """What an upload is for: the words its messages use ("not accepted as
    evidence"), the types it takes and its size limit (None: EVIDENCE_MAX_BYTES)."""

    accepted_as: str
    types: tuple[str, ...] = tuple(ALLOWED_TYPES)
    types_label: str = ACCEPTED_LABEL
    max_bytes: int | None = None

    @property
    def limit(self) -> int:
        return settings.EVIDENCE_MAX_BYTES if self.max_bytes is None else self.max_bytes

    @property
    def limit_mb(self) -> int:
        return self.limit // 1_048_576

    @property
    def help_text(self) -> str:
        return (
            f"{self.types_label}; at most {self.limit_mb} MB. The content is checked, not the name."
        )


EVIDENCE = Purpose("as evidence")
CONTRACT_DOCUMENT = Purpose("in a contract document")
KPI_CSV = Purpose("in a KPI file", ("csv", "txt"), "CSV", 1024 * 1024)
VENDOR_CSV = Purpose("in a vendor file", ("csv", "txt"), "CSV", 2 * 1024 * 1024)
# A year of half-hour intervals with their date-times is about 0.5 MB.
INTERVAL_CSV = Purpose("in an interval volume file", ("csv", "txt"), "CSV", 2 * 1024 * 1024)


PURPOSES = (EVIDENCE, CONTRACT_DOCUMENT, KPI_CSV, VENDOR_CSV, INTERVAL_CSV)
# A request may carry this much besides its file: the form's other fields and the
# multipart headers.
REQUEST_MARGIN_BYTES = 1024 * 1024


def largest_upload() -> int:
    return max(purpose.limit for purpose in PURPOSES)


class RefusedUpload(UploadedFile):
    """What the view gets in place of a file ``UploadLimitHandler`` stopped reading:
    no content, ``too_large``, so ``inspect_upload`` says the file is too large and
    the form keeps what else the user typed. Its size is what was seen of it (more
    than the limit), so a form field does not call it empty."""

    too_large = True

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size)


class UploadLimitHandler(FileUploadHandler):
    """Installed first in ``FILE_UPLOAD_HANDLERS``: a request whose Content-Length is
    over the largest upload (plus ``REQUEST_MARGIN_BYTES``) has none of its files
    passed on, and a file whose data grows past the largest upload has the rest of it
    dropped; either way the view gets a ``RefusedUpload``. Without it, Django writes a
    whole 30 MB body to a temporary file before the form sees that it is too large.
    The rest of the body is still read (and discarded), so the browser gets the form
    back with its message instead of a reset connection."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = largest_upload()
        self.request_length = content_length
        self.refuse_all = content_length > self.limit + REQUEST_MARGIN_BYTES
        return None  # the parsing itself is Django's

    def new_file(self, field_name, file_name, content_type, *args, **kwargs):
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        self.received = 0
        self.refused = self.refuse_all
        if self.refused:
            raise StopFutureHandlers  # the other handlers do not even open a file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
        return None if self.refused else raw_data

    def file_complete(self, file_size):
        if self.refused:
            seen = self.request_length if self.refuse_all else self.received
            return RefusedUpload(self.file_name, self.content_type, seen)
        return None  # the next handler has the file


@dataclass(frozen=True)
class InspectedUpload:
    extension: str
    content_type: str
    kind: str
    display_name: str
    size: int


class PathRecordingParser(MultiPartParser):
    """Django strips any path from a client's file name before our code sees it.

    That keeps the file system safe, but a name like ``../../etc/passwd.pdf`` is an
    attack, not a typo, and is refused with a message rather than quietly renamed.
    This parser marks such files (``client_name_had_path``) for ``inspect_upload``.
    """

    def sanitize_file_name(self, file_name):
        clean = super().sanitize_file_name(file_name)
        raw = html.unescape(file_name)
        if clean is not None and ("/" in raw or "\\" in raw):
            self._names_with_path.add(clean)
        return clean

    def parse(self):
        self._names_with_path: set[str] = set()
        post, files = super().parse()
        for _field, uploaded_files in files.lists():
            for uploaded in uploaded_files:
                uploaded.client_name_had_path = uploaded.name in self._names_with_path
        return post, files


class UploadNameMiddleware:
    """Parse every multipart request with ``PathRecordingParser``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.multipart_parser_class = PathRecordingParser
        return self.get_response(request)


def _refuse(message: str):
    raise ValidationError(message, code="upload_refused")


def safe_display_name(name: str) -> str:
    """The name to show and offer on download: no path, no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\x00", "")
    name = re.sub(r"[\x00-\x1f\x7f\"\\/]", "_", name).strip(" .")
    return name[:150] or "file"


def _detect(head: bytes, whole) -> str | None:
    guessed = filetype.guess_extension(head)
    if guessed in ("pdf", "png", "jpg"):
        return guessed
    if head.startswith(b"PK\x03\x04"):
        # Office files are zip archives; look inside rather than trust a signature.
        try:
            with zipfile.ZipFile(whole) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
        return None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 4:
            return "not_utf8"
        text = head[: exc.start].decode("utf-8-sig", errors="strict")
    if _MARKUP.search(head) or text.lstrip().startswith("<"):
        return "markup"
    return "txt"


def inspect_upload(uploaded, *, purpose: Purpose) -> InspectedUpload:
    """Validate an uploaded file for ``purpose``; raise ``ValidationError`` with a
    message for the user."""
    max_bytes = purpose.limit
    if getattr(uploaded, "too_large", False):
        _refuse(f"The file is larger than {max_bytes / 1_048_576:.0f} MB.")
    raw_name = uploaded.name or ""
    had_path = getattr(uploaded, "client_name_had_path", False)
    if had_path or "/" in raw_name or "\\" in raw_name or raw_name in ("..", "."):
        _refuse("The file name must not contain a path (“/”, “\\” or “..”). Rename the file.")
    size = uploaded.size or 0
    if size == 0:
        _refuse("The file is empty.")
    if size > max_bytes:
        _refuse(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB."
        )
    uploaded.seek(0)
    head = uploaded.read(_SNIFF_BYTES)
    uploaded.seek(0)
    whole = uploaded.file if hasattr(uploaded, "file") else io.BytesIO(uploaded.read())
    detected = _detect(head, whole)
    uploaded.seek(0)
    name_ext = raw_name.rsplit(".", 1)[-1].lower() if "." in raw_name else ""
    name_ext = _EXTENSION_ALIASES.get(name_ext, name_ext)
    if detected == "markup":
        _refuse(
            "This file contains HTML or other markup, which is not accepted "
            f"{purpose.accepted_as}. Upload a {purpose.types_label} file."
        )
    if detected == "not_utf8":
        if purpose.types_label == "CSV":
            _refuse("The file is not UTF-8 text; save it as “CSV UTF-8”.")
        detected = None
    if detected is None:
        _refuse(
            f"This type of file is not accepted {purpose.accepted_as}. "
            f"Upload a {purpose.types_label} file."
        )
    if detected == "txt" and name_ext == "csv":
        detected = "csv"
    if name_ext and name_ext != detected:
        claimed = ALLOWED_TYPES.get(name_ext, (None, f".{name_ext} file"))[1]
        _refuse(
            f"The file is named as a {claimed} but its content is a {ALLOWED_TYPES[detected][1]}."
        )
    content_type, kind = ALLOWED_TYPES[detected]
    if detected not in purpose.types:
        _refuse(f"Upload a {purpose.types_label} file, not a {kind}.")
    display = safe_display_name(raw_name or f"file.{detected}")
    if "." not in display:
        display = f"{display}.{detected}"
    return InspectedUpload(detected, content_type, kind, display, size)


def store_upload(uploaded, inspected: InspectedUpload, *, folder: str) -> str:
    """Save under a generated name in ``folder``; return the storage name."""
    name = f"{folder.strip('/')}/{uuid.uuid4().hex}.{inspected.extension}"
    uploaded.seek(0)
    return default_storage.save(name, uploaded)


def delete_stored(name: str) -> None:
    if name:
        default_storage.delete(name)


def delete_with_stored_files(obj) -> None:
    """Delete ``obj`` (and what cascades from it), then, once the transaction
    commits, the files those rows kept in storage: every ``FileField`` of every
    deleted row, whichever app it belongs to."""
    stored = _stored_files_deleted_with(obj)
    obj.delete()
    transaction.on_commit(lambda: _delete_stored_files(stored))


def _stored_files_deleted_with(obj) -> list[tuple[object, str]]:
    """(storage, name) of every file held by ``obj`` or a row its delete cascades to,
    asked of Django's deletion collector."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    stored = []

    def add(model, rows):
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        if not file_fields:
            return
        for row in rows:
            for f in file_fields:
                name = getattr(row, f.attname)
                if name:
                    stored.append((f.storage, str(name)))

    for model, instances in collector.data.items():
        add(model, instances)
    for queryset in collector.fast_deletes:
        add(queryset.model, queryset)
    return stored


def _delete_stored_files(stored: list[tuple[object, str]]) -> None:
    # After the commit: a rolled-back delete must not lose the files of kept rows.
    for storage, name in stored:
        storage.delete(name)


class DeletesStoredFilesAdmin:
    """Admin mixin: deleting rows in the admin (one, or a selection) also removes
    the files they and the rows cascading from them kept."""

    def delete_model(self, request, obj):
        with transaction.atomic(), set_actor(request.user):
            delete_with_stored_files(obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic(), set_actor(request.user):
            for obj in queryset:
                delete_with_stored_files(obj)


def private_download(storage_name: str, *, download_name: str, content_type: str):
    """Send a stored file as an attachment the browser must not render or sniff."""
    response = FileResponse(
        default_storage.open(storage_name, "rb"),
        as_attachment=True,
        filename=safe_display_name(download_name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
