import io
import os
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

from contracts.models import ContractDocument
from portal.uploads import (
    EVIDENCE,
    KPI_CSV,
    REQUEST_MARGIN_BYTES,
    PathRecordingParser,
    inspect_upload,
    largest_upload,
    private_download,
    store_upload,
)
from tests.factories_contracts import ContractFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("policy.pdf", PDF, "pdf"),
        ("badge.png", PNG, "png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "jpg"),
        ("report.docx", _office("docx"), "docx"),
        ("figures.xlsx", _office("xlsx"), "xlsx"),
        ("notes.txt", "Référence vérifiée par téléphone".encode(), "txt"),
        ("kpis.csv", b"month,service_level\n2026-01,0.82\n", "csv"),
    ],
)
def test_accepted_types_are_recognized_by_content(name, content, extension):
    inspected = inspect_upload(SimpleUploadedFile(name, content), purpose=EVIDENCE)
    assert inspected.extension == extension
    assert inspected.display_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script></html>", "HTML or other markup"),
        ("drawing.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "markup"),
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "not accepted"),
        ("badge.pdf", PNG, "named as a PDF document but its content is a PNG image"),
        ("empty.pdf", b"", "empty"),
        ("archive.docx", b"PK\x03\x04garbage", "not accepted"),
    ],
)
def test_hostile_files_are_refused_with_a_message(name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        inspect_upload(SimpleUploadedFile(name, content), purpose=EVIDENCE)
    assert message in excinfo.value.messages[0]


def test_oversized_file_is_refused_before_reading(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="limit is"):
        inspect_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048), purpose=EVIDENCE)


def test_stored_under_generated_name_and_served_as_attachment():
    upload = SimpleUploadedFile("Contract draft.pdf", PDF)
    inspected = inspect_upload(upload, purpose=EVIDENCE)
    name = store_upload(upload, inspected, folder="evidence")
    try:
        assert name.startswith("evidence/") and name.endswith(".pdf")
        assert "Contract" not in name
        response = private_download(
            name, download_name=inspected.display_name, content_type=inspected.content_type
        )
        assert response["Content-Disposition"].startswith("attachment")
        assert "Contract draft.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF
    finally:
        default_storage.delete(name)


def test_client_file_name_with_a_path_is_refused(rf):
    """Through the real multipart parser, which strips the path before views see it."""
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; '
        b'filename="../../etc/passwd.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        + PDF
        + b"\r\n--B--\r\n"
    )
    request = rf.generic("POST", "/upload/", body, content_type="multipart/form-data; boundary=B")
    request.multipart_parser_class = PathRecordingParser
    uploaded = request.FILES["file"]
    assert uploaded.name == "passwd.pdf"
    with pytest.raises(ValidationError, match="must not contain a path"):
        inspect_upload(uploaded, purpose=EVIDENCE)


def test_plain_client_file_name_is_accepted(rf):
    body = (
        b'--B\r\nContent-Disposition: form-data; name="file"; '
        b'filename="passwd.pdf"\r\nContent-Type: application/pdf\r\n\r\n' + PDF + b"\r\n--B--\r\n"
    )
    request = rf.generic("POST", "/upload/", body, content_type="multipart/form-data; boundary=B")
    request.multipart_parser_class = PathRecordingParser
    assert inspect_upload(request.FILES["file"], purpose=EVIDENCE).extension == "pdf"


# --- The upload limit handler: too large is refused before it reaches the disk ----


class RecordingHandler(FileUploadHandler):
    """Stands where Django's own handlers do (after the limit handler) and counts the
    bytes of file data that reached it: what could have been written to a temp file."""

    received: list[int] = []

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        RecordingHandler.received.append(0)

    def receive_data_chunk(self, raw_data, start):
        RecordingHandler.received[-1] += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def recorded(settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    settings.FILE_UPLOAD_HANDLERS = [
        "portal.uploads.UploadLimitHandler",
        "tests.test_portal_uploads.RecordingHandler",
        *settings.FILE_UPLOAD_HANDLERS[1:],
    ]
    RecordingHandler.received = []
    return RecordingHandler.received


def _all_stored_files() -> list[str]:
    root = default_storage.location
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def _upload_document(client, engagement, size: int):
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (size - len(PDF)), "application/pdf")
    url = reverse("contracts:document-upload", kwargs={"engagement_pk": engagement.pk})
    return client.post(url, {"title": "Signed scan", "file": big})


@pytest.mark.parametrize(
    "size",
    [
        8 * 1024 * 1024,  # the request's Content-Length is over the limit: no file data kept
        2 * 1024 * 1024 + 300 * 1024,  # the body fits the margin, the file's data does not
    ],
)
def test_a_file_over_the_limit_never_reaches_the_disk_whole(
    member_client, engagement, recorded, size
):
    ContractFactory(engagement=engagement)
    before = _all_stored_files()
    response = _upload_document(member_client, engagement, size)
    assert response.status_code == 400
    assert "The file is larger than 1 MB." in response.text
    assert 'value="Signed scan"' in response.text  # what else was typed stays
    assert ContractDocument.objects.count() == 0
    assert _all_stored_files() == before
    # At most the largest upload any purpose takes (2 MB) went past the limit handler.
    assert sum(recorded) <= largest_upload() + FileUploadHandler.chunk_size
    if size > largest_upload() + REQUEST_MARGIN_BYTES:
        assert recorded == []  # no handler after it even opened a file


def test_a_file_within_the_limit_passes_the_handler_whole(member_client, engagement, recorded):
    ContractFactory(engagement=engagement)
    response = _upload_document(member_client, engagement, 900 * 1024)
    assert response.status_code == 302
    assert recorded == [900 * 1024]
    assert ContractDocument.objects.get().size == 900 * 1024


def test_the_handler_limit_is_the_largest_purpose(settings):
    settings.EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
    assert largest_upload() == 20 * 1024 * 1024
    settings.EVIDENCE_MAX_BYTES = 1024
    assert largest_upload() == 2 * 1024 * 1024  # the vendor CSV's own limit


def test_text_that_is_not_utf8_is_refused_with_how_to_save_it_for_a_csv_import():
    latin1 = "période,niveau\n".encode("latin-1") * 3
    with pytest.raises(ValidationError, match="not UTF-8 text; save it as “CSV UTF-8”"):
        inspect_upload(SimpleUploadedFile("kpis.csv", latin1), purpose=KPI_CSV)
    with pytest.raises(ValidationError, match="This type of file is not accepted as evidence"):
        inspect_upload(SimpleUploadedFile("notes.txt", latin1), purpose=EVIDENCE)
