"""Evidence uploads are hostile input: refused ones leave no row and no file behind;
accepted ones are stored under a generated name and only downloaded through access checks.
Files are posted with the item's answer, in its one form; a refused file saves nothing
and the page shows again what was typed."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CandidateFactory, EngagementFactory
from tests.factories_diligence import ChecklistItemFactory, EvidenceFactory
from vendors.diligence import actions
from vendors.diligence.models import Evidence

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored_files() -> set[str]:
    if not default_storage.exists("evidence"):
        return set()
    return set(default_storage.listdir("evidence")[1])


@pytest.fixture
def item(engagement):
    return ChecklistItemFactory(checklist__candidate__engagement=engagement)


def _item_edit_url(item):
    return reverse(
        "diligence:item-edit",
        kwargs={
            "engagement_pk": item.checklist.candidate.engagement_id,
            "candidate_pk": item.checklist.candidate_id,
            "pk": item.pk,
        },
    )


def _post_raw_name(client, url, filename: str, content: bytes):
    """Post a file with exactly this client-side name (the test client would strip paths)."""
    boundary = "BoUnDaRy"
    body = (
        (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="evidence"; filename="{filename}"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(url, body, content_type=f"multipart/form-data; boundary={boundary}")


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


# --- Attacks: refused with a message, nothing stored ---------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"<html><body><script>alert(document.cookie)</script></body></html>",
            "HTML or other markup",
        ),
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not accepted"),
        ("badge.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "named as a PDF document"),
        ("notes.pdf", b"", "file is empty"),
        ("policy.html", b"<!doctype html><p>hi</p>", "markup"),
    ],
)
def test_hostile_upload_is_refused_and_nothing_is_stored(
    member_client, item, name, content, message
):
    before = _stored_files()
    response = member_client.post(
        _item_edit_url(item), {"upload": "", "evidence": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved: a file was refused" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


def test_oversized_upload_is_refused(member_client, item, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    before = _stored_files()
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024 + 1))
    response = member_client.post(_item_edit_url(item), {"evidence": big})
    assert response.status_code == 200
    assert "the limit is 1 MB" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


@pytest.mark.parametrize(
    "filename", ["../../../etc/passwd.pdf", "..\\..\\portal\\settings\\base.pdf", "/tmp/x.pdf"]
)
def test_path_traversal_file_name_is_refused(member_client, item, filename):
    before = _stored_files()
    response = _post_raw_name(member_client, _item_edit_url(item), filename, PDF)
    assert response.status_code == 200
    assert "must not contain a path" in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


def test_upload_without_a_file_saves_the_answer_alone(member_client, item, member):
    response = member_client.post(
        _item_edit_url(item), {"upload": "", "answer": "yes", "risk": "low", "reviewer": member.pk}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.answer == "yes"
    assert Evidence.objects.count() == 0


# --- Nothing typed is lost ------------------------------------------------------


def _typed(member, upload):
    return {
        "upload": "",
        "answer": "yes",
        "risk": "medium",
        "reviewer": member.pk,
        "notes": "Spoke to their DPO on 3 March",
        "evidence": upload,
    }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("empty.pdf", b""), "The file is empty."),
        (SimpleUploadedFile("cert.pdf", b"<html><script>x</script></html>"), "markup"),
    ],
)
def test_refused_file_keeps_the_typed_answer_and_saves_nothing(
    member_client, member, item, upload, message
):
    before = _stored_files()
    response = member_client.post(_item_edit_url(item), _typed(member, upload))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    # The typed answer, risk and notes are on the re-shown page...
    assert '<option value="yes" selected>' in html
    assert '<option value="medium" selected>' in html
    assert "Spoke to their DPO on 3 March</textarea>" in html
    # ...and nothing of the post was saved.
    item.refresh_from_db()
    assert (item.answer, item.risk, item.notes) == ("", "", "")
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


def test_good_file_saves_answer_notes_and_file(member_client, member, item):
    response = member_client.post(
        _item_edit_url(item), _typed(member, SimpleUploadedFile("dpa.pdf", PDF))
    )
    assert response.status_code == 302
    assert response["Location"] == _item_edit_url(item)
    item.refresh_from_db()
    assert (item.answer, item.risk) == ("yes", "medium")
    assert item.notes == "Spoke to their DPO on 3 March"
    assert Evidence.objects.get().original_name == "dpa.pdf"
    page = member_client.get(response["Location"]).content.decode()
    assert "Answer saved, with “dpa.pdf”." in page
    assert "dpa.pdf</a>" in page


def test_several_files_in_one_post(member_client, member, item):
    files = [
        SimpleUploadedFile("dpa.pdf", PDF),
        SimpleUploadedFile("calls.txt", b"Three references called.\n"),
    ]
    response = member_client.post(_item_edit_url(item), _typed(member, files))
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == [
        "calls.txt",
        "dpa.pdf",
    ]


def test_one_bad_file_among_good_ones_stores_none(member_client, member, item):
    before = _stored_files()
    files = [SimpleUploadedFile("dpa.pdf", PDF), SimpleUploadedFile("empty.txt", b"")]
    response = member_client.post(_item_edit_url(item), _typed(member, files))
    assert "empty.txt: The file is empty." in response.content.decode()
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


# --- Accepted uploads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("ISO 27001 certificate.pdf", PDF, "application/pdf"),
        ("reference-calls.csv", b"company,contact,date\nAcme,J. Doe,2026-03-02\n", "text/csv"),
        ("site-visit.docx", _docx(), "application/vnd.openxmlformats-officedocument"),
    ],
)
def test_upload_stores_under_a_generated_name(
    member_client, member, item, name, content, content_type
):
    response = member_client.post(
        _item_edit_url(item), {"upload": "", "evidence": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.content_type.startswith(content_type)
    assert evidence.size == len(content)
    assert evidence.uploaded_by == member
    assert evidence.file.name.startswith("evidence/")
    assert name.split(".")[0] not in evidence.file.name
    assert default_storage.open(evidence.file.name).read() == content
    page = member_client.get(response["Location"])
    assert name in page.content.decode()
    assert f"Answer saved, with “{name}”." in page.content.decode()


# --- Download -------------------------------------------------------------------


def _download_url(evidence):
    return reverse(
        "diligence:evidence-download",
        kwargs={
            "engagement_pk": evidence.item.checklist.candidate.engagement_id,
            "candidate_pk": evidence.item.checklist.candidate_id,
            "pk": evidence.pk,
        },
    )


def test_download_is_an_attachment_that_is_not_sniffed(member_client, member, item):
    evidence = actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("policy.pdf", PDF)
    )
    response = member_client.get(_download_url(evidence))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="policy.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_evidence_of_another_engagement_is_404_through_mine(member_client, engagement, member):
    theirs = EvidenceFactory(item__checklist__candidate__engagement=EngagementFactory())
    mine = CandidateFactory(engagement=engagement)
    url = reverse(
        "diligence:evidence-download",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": mine.pk, "pk": theirs.pk},
    )
    assert member_client.get(url).status_code == 404


def test_download_is_get_only(member_client, item):
    evidence = EvidenceFactory(item=item)
    assert member_client.post(_download_url(evidence)).status_code == 405


# --- Delete ---------------------------------------------------------------------


def test_delete_removes_row_and_file(
    member_client, member, item, django_capture_on_commit_callbacks
):
    evidence = actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("notes.txt", b"Visited the site.\n")
    )
    name = evidence.file.name
    url = reverse(
        "diligence:evidence-delete",
        kwargs={
            "engagement_pk": item.checklist.candidate.engagement_id,
            "candidate_pk": item.checklist.candidate_id,
            "pk": evidence.pk,
        },
    )
    item_page = member_client.get(_item_edit_url(item)).content.decode()
    assert f'href="{url}" aria-label="Remove notes.txt">Remove…</a>' in item_page
    page = member_client.get(url).content.decode()
    assert "Remove the file?" in page and "“notes.txt”" in page
    assert "The file is deleted." in page
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url)
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not default_storage.exists(name)


def test_outsider_cannot_delete_evidence(outsider_client, item):
    evidence = EvidenceFactory(item=item)
    url = reverse(
        "diligence:evidence-delete",
        kwargs={
            "engagement_pk": item.checklist.candidate.engagement_id,
            "candidate_pk": item.checklist.candidate_id,
            "pk": evidence.pk,
        },
    )
    assert outsider_client.post(url).status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()
