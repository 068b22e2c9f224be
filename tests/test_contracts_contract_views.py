"""The contract page: recording the terms, its dates, and its documents."""

import os
import re
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.contract.actions import DocumentInput, contract_document_add
from contracts.models import Contract, ContractDocument, SentReminder
from portal.models import Engagement
from tests.factories import CandidateFactory, EngagementFactory, QuoteFactory, UserFactory
from tests.factories_contracts import ContractFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


CONTRACT_POST = {
    "start_date": "2025-01-31",
    "initial_term_months": "1",
    "auto_renew": "on",
    "renewal_term_months": "12",
    "notice_period_days": "14",
    "termination_fee": "5000",
    "currency": "USD",
    "attorney_review": "not_requested",
}


def test_no_contract_before_approval(member_client, engagement):
    response = member_client.get(url("contract-detail", engagement))
    assert "No vendor is approved yet" in response.text
    response = member_client.get(url("contract-edit", engagement))
    assert response.status_code == 302  # sent back with a message


def test_member_records_the_contract_and_sees_its_notice_deadline(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    quote = QuoteFactory(candidate=candidate)
    response = member_client.get(url("contract-detail", engagement))
    assert "Record the contract" in response.text
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "quote": quote.pk}, follow=True
    )
    assert response.status_code == 200
    contract = Contract.objects.get()
    assert contract.candidate == candidate and contract.quote == quote
    # 31 Jan 2025 + 1 month ends 28 Feb 2025; 14 days' notice: by 14 Feb 2025.
    assert "Last day to give notice" in response.text
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.LIVE


def test_contract_form_errors_save_nothing(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "initial_term_months": "0"}
    )
    assert response.status_code == 200
    assert "Enter 1 or more." in response.text
    assert Contract.objects.count() == 0


def test_a_cleared_review_names_the_attorney_and_the_date(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "attorney_review": "cleared"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["attorney_name"] == ["Name the attorney who cleared the contract."]
    assert form.errors["attorney_reviewed_on"] == ["Give the date of the attorney's review."]
    assert "Name the attorney who cleared the contract" in response.text
    assert Contract.objects.count() == 0


def test_notice_longer_than_the_initial_term_is_refused_and_nothing_saved(
    member_client, engagement
):
    CandidateFactory(engagement=engagement, status="approved")
    # 12 months from 29 Feb 2028 end on 28 Feb 2029; 400 days before is 25 Jan 2028.
    too_long = {
        **CONTRACT_POST,
        "start_date": "2028-02-29",
        "initial_term_months": "12",
        "notice_period_days": "400",
    }
    response = member_client.post(url("contract-edit", engagement), too_long)
    assert response.status_code == 200
    assert (
        "400 days&#x27; notice is longer than the 12-month initial term (2028-02-29 to "
        "2029-02-28): the last day to give notice would be 2028-01-25, before the contract "
        "starts." in response.text
    )
    assert Contract.objects.count() == 0


def test_a_start_date_out_of_range_is_refused_and_nothing_saved(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    typo = {**CONTRACT_POST, "start_date": "9999-12-31", "initial_term_months": "120"}
    response = member_client.post(url("contract-edit", engagement), typo)
    assert (
        "Give a start date between 1990-01-01 and 2100-12-31 (9999-12-31 is out of range)."
        in response.text
    )
    assert Contract.objects.count() == 0


def test_contract_quote_must_be_the_approved_vendors(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    other = QuoteFactory(candidate=CandidateFactory(engagement=engagement))
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "quote": other.pk}
    )
    assert "Select a valid choice" in response.text
    assert Contract.objects.count() == 0


def test_contract_detail_shows_dates(member_client, engagement):
    today = timezone.localdate()
    ContractFactory(
        engagement=engagement,
        start_date=today.replace(day=1),
        initial_term_months=12,
        notice_period_days=30,
    )
    response = member_client.get(url("contract-detail", engagement))
    dates = response.context["dates"]
    assert f"{dates.notice.date:%Y-%m-%d}" in response.text
    assert f"{dates.notice_days_left} days left" in response.text


def test_reminder_dates_already_passed_are_marked_as_passed(member_client, engagement):
    today = timezone.localdate()
    # The term ends about 65 days ahead: its 90-day reminder date has passed, the others not.
    ContractFactory(
        engagement=engagement,
        start_date=today - timedelta(days=300),
        initial_term_months=12,
        notice_period_days=0,
    )
    response = member_client.get(url("contract-detail", engagement))
    deadline = response.context["dates"].reminder_dates[0]
    passed, coming = [d for d in deadline[1] if d < today], [d for d in deadline[1] if d >= today]
    assert passed and coming
    for day in passed:
        # Struck through, and read out as passed.
        assert re.search(rf"{day:%Y-%m-%d}</s><span[^>]*> \(passed\)</span>", response.text)
    for day in coming:
        assert f"{day:%Y-%m-%d}</s>" not in response.text


def test_wrong_method_is_405(member_client, engagement):
    assert member_client.post(url("contract-detail", engagement)).status_code == 405
    assert member_client.get(url("document-upload", engagement)).status_code == 405


def test_document_upload_and_private_download(member_client, engagement):
    ContractFactory(engagement=engagement)
    pdf = SimpleUploadedFile("Signed contract.pdf", b"%PDF-1.4\n%contract\n", "application/pdf")
    response = member_client.post(
        url("document-upload", engagement), {"title": "Signed", "file": pdf}, follow=True
    )
    assert "Document “Signed” uploaded" in response.text
    document = ContractDocument.objects.get()
    assert document.file.name.endswith(".pdf") and "Signed" not in document.file.name
    download = member_client.get(url("document-download", engagement, pk=document.pk))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.pdf", b"<html><script>alert(1)</script></html>", "markup"),
        ("contract.pdf", b"PK\x03\x04not really a zip", "not accepted"),
        ("contract.pdf", b"", "empty"),
        ("contract.docx", b"%PDF-1.4\n", "named as a Word document"),
    ],
)
def test_hostile_documents_are_refused(member_client, engagement, name, content, message):
    ContractFactory(engagement=engagement)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    response = member_client.post(url("document-upload", engagement), {"file": upload})
    assert response.status_code == 400
    assert message in response.text
    assert "The document was not uploaded; see the reason below." in response.text
    assert ContractDocument.objects.count() == 0


def _stored_files() -> set[str]:
    root = default_storage.location
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def test_refused_document_is_called_a_document_not_evidence(member_client, engagement):
    ContractFactory(engagement=engagement)
    before = _stored_files()
    upload = SimpleUploadedFile("contract.pdf", b"<html><body>x</body></html>", "application/pdf")
    response = member_client.post(url("document-upload", engagement), {"file": upload})
    assert response.status_code == 400
    assert "not accepted in a contract document" in response.text
    assert "evidence" not in response.text.lower()
    assert ContractDocument.objects.count() == 0
    assert _stored_files() == before  # no file stored either


def test_document_help_lists_exactly_the_accepted_types(member_client, engagement):
    ContractFactory(engagement=engagement)
    page = member_client.get(url("contract-detail", engagement)).text
    assert "PDF, PNG, JPEG, DOCX, XLSX, TXT or CSV; at most" in page
    assert "Word document or image" not in page


def test_download_of_a_document_whose_file_is_gone_is_404(member_client, engagement, member):
    contract = ContractFactory(engagement=engagement)
    document = _add_document(member, contract, "Signed contract")
    default_storage.delete(document.file.name)
    response = member_client.get(url("document-download", engagement, pk=document.pk))
    assert response.status_code == 404
    assert "The file of “Signed contract” is no longer stored" in response.text


def test_document_of_another_engagement_is_404(member_client, engagement, team, member):
    other = EngagementFactory(team=team, owner=member)
    contract = ContractFactory(engagement=other)
    document = _add_document(member, contract, "x")
    response = member_client.get(url("document-download", engagement, pk=document.pk))
    assert response.status_code == 404


def test_contract_page_query_count_with_many_documents_and_reminders(
    member_client, engagement, member, django_assert_max_num_queries
):
    contract = ContractFactory(engagement=engagement)
    for i in range(30):
        ContractDocument.objects.create(
            contract=contract,
            title=f"Schedule {i}",
            file=f"contracts/x/{i}.pdf",
            original_name=f"{i}.pdf",
            content_type="application/pdf",
            kind="PDF document",
            size=100,
            uploaded_by=member if i % 2 else UserFactory(),
        )
        SentReminder.objects.create(
            contract=contract,
            kind="notice",
            deadline=date(2025, 1, 1) + timedelta(days=i),
            days_before=30,
        )
    with django_assert_max_num_queries(8):
        response = member_client.get(url("contract-detail", engagement))
    assert response.text.count("Schedule ") == 30


def _add_document(user, contract, title, name="a.pdf"):
    return contract_document_add(
        user=user,
        contract=contract,
        data=DocumentInput(
            uploaded=SimpleUploadedFile(name, b"%PDF-1.4\n", "application/pdf"), title=title
        ),
    )


def test_deleting_a_document_asks_first_then_removes_it_and_its_file(
    member_client, engagement, member, django_capture_on_commit_callbacks
):
    contract = ContractFactory(engagement=engagement)
    document = _add_document(member, contract, "Signed contract", name="signed.pdf")
    delete_url = url("document-delete", engagement, pk=document.pk)
    page = member_client.get(url("contract-detail", engagement)).text
    assert f'href="{delete_url}">Delete</a>' in page  # a link, not a one-click form
    confirm = member_client.get(delete_url)
    assert confirm.status_code == 200
    assert "Delete document?" in confirm.text and "Signed contract" in confirm.text
    assert "The stored file signed.pdf will be deleted too." in confirm.text
    assert ">Delete document</button>" in confirm.text
    assert "Cancel, keep it" in confirm.text
    assert ContractDocument.objects.filter(pk=document.pk).exists()
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(delete_url)
    assert response.status_code == 302
    assert not ContractDocument.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(stored)
