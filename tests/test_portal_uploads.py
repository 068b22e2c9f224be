import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import (
    EVIDENCE,
    PathRecordingParser,
    inspect_upload,
    private_download,
    store_upload,
)

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
def test_accepted_types_are_recognised_by_content(name, content, extension):
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
