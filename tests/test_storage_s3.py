"""Evidence, contract documents and decision reports on an S3-compatible bucket, as
when several machines serve the portal: uploaded, downloaded and deleted through the
portal's own pages, with the bucket listed directly to see what it holds.

A local S3 server (moto's) runs in a thread of this process on 127.0.0.1 and a free
port; the default storage is the one the settings build from the S3_* variables."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto.server import ThreadedMotoServer

from contracts.models import ContractDocument
from portal import uploads
from portal.env import default_storage_from_env
from portal.reports.models import Report
from tests.factories_contracts import ContractFactory
from tests.factories_diligence import ChecklistItemFactory
from vendors.diligence.models import Evidence

BUCKET = "portal-files"
REGION = "eu-central-1"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="module")
def bucket(s3_server):
    """The S3 client the tests look through, on a bucket that exists."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return client


@pytest.fixture(autouse=True)
def s3_storage(s3_server, bucket, settings, monkeypatch, tmp_path):
    """The default storage the settings build when the S3_* variables are set."""
    monkeypatch.setenv("S3_BUCKET", BUCKET)
    monkeypatch.setenv("S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("S3_REGION", REGION)
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "testing")
    default = default_storage_from_env(tmp_path)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield
    _empty(bucket)


def _keys(bucket, prefix: str = "") -> list[str]:
    listing = bucket.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def _body(bucket, key: str) -> bytes:
    return bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _empty(bucket) -> None:
    for key in _keys(bucket):
        bucket.delete_object(Bucket=BUCKET, Key=key)


# --- Due-diligence evidence ---------------------------------------------------------


def _item_url(name, item, **kwargs):
    candidate = item.checklist.candidate
    return reverse(
        f"diligence:{name}",
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk, **kwargs},
    )


def _upload_evidence(client, item, name, content) -> Evidence:
    response = client.post(
        _item_url("item-edit", item, pk=item.pk),
        {"upload": "", "evidence": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return Evidence.objects.get(item=item, original_name=name)


def test_evidence_is_uploaded_to_the_bucket_downloaded_and_deleted(
    member_client, engagement, bucket, django_capture_on_commit_callbacks
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    evidence = _upload_evidence(member_client, item, "ISO 27001 certificate.pdf", PDF)
    assert _keys(bucket, "evidence/") == [evidence.file.name]
    assert _body(bucket, evidence.file.name) == PDF

    download = member_client.get(_item_url("evidence-download", item, pk=evidence.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="ISO 27001 certificate.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_item_url("evidence-delete", item, pk=evidence.pk))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert _keys(bucket, "evidence/") == []


def test_evidence_of_another_team_is_not_downloaded_from_the_bucket(
    member_client, outsider_client, engagement, bucket
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    evidence = _upload_evidence(member_client, item, "notes.txt", b"Visited the site.\n")
    url = _item_url("evidence-download", item, pk=evidence.pk)
    assert outsider_client.get(url).status_code == 404
    assert _keys(bucket, "evidence/") == [evidence.file.name]


def test_removing_a_candidate_deletes_its_evidence_from_the_bucket(
    member_client, engagement, bucket, django_capture_on_commit_callbacks
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    kept_item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    gone = _upload_evidence(member_client, item, "visit.txt", b"Visited the site.\n")
    kept = _upload_evidence(member_client, kept_item, "kept.txt", b"Other vendor.\n")
    assert _keys(bucket, "evidence/") == sorted([gone.file.name, kept.file.name])
    candidate = item.checklist.candidate
    url = reverse("shortlist:candidate-remove", args=[candidate.engagement_id, candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, follow=True)
    assert "removed from the shortlist" in response.content.decode()
    assert _keys(bucket, "evidence/") == [kept.file.name]


# --- Contract documents -------------------------------------------------------------


def _contract_url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_contract_document_is_uploaded_to_the_bucket_downloaded_and_deleted(
    member_client, engagement, bucket, django_capture_on_commit_callbacks
):
    ContractFactory(engagement=engagement)
    pdf = SimpleUploadedFile("Signed contract.pdf", PDF, "application/pdf")
    response = member_client.post(
        _contract_url("document-upload", engagement),
        {"title": "Signed", "file": pdf},
        follow=True,
    )
    assert "Document “Signed” uploaded" in response.text
    document = ContractDocument.objects.get()
    assert _keys(bucket) == [document.file.name]
    assert _body(bucket, document.file.name) == PDF

    download = member_client.get(_contract_url("document-download", engagement, pk=document.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_contract_url("document-delete", engagement, pk=document.pk))
    assert response.status_code == 302
    assert not ContractDocument.objects.exists()
    assert _keys(bucket) == []


# --- Decision reports ---------------------------------------------------------------


def test_decision_report_is_stored_in_the_bucket_downloaded_and_removed_with_its_row(
    member_client, engagement, bucket, django_capture_on_commit_callbacks
):
    # Tasks run inline in the test settings: the request renders and stores the PDF.
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("reports:report-request", args=[engagement.pk]))
    assert response.status_code == 302
    report = Report.objects.get(engagement=engagement)
    assert report.status == Report.Status.DONE
    assert _keys(bucket, "reports/") == [f"reports/{report.public_id}.pdf"]
    stored = _body(bucket, report.file.name)
    assert stored.startswith(b"%PDF") and len(stored) == report.size

    download = member_client.get(
        reverse("reports:report-download", args=[engagement.pk, report.public_id])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == stored

    with django_capture_on_commit_callbacks(execute=True):
        uploads.delete_with_stored_files(report)
    assert not Report.objects.exists()
    assert _keys(bucket, "reports/") == []
