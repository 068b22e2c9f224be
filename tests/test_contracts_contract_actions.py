"""Write operations of the contract: its terms, documents and reminder e-mails."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from contracts.contract import actions
from contracts.contract.queries import contract_dates
from contracts.models import Contract, ContractDocument, SentReminder
from portal import uploads
from portal.errors import DomainError
from portal.models import Engagement
from tests.factories import CandidateFactory, QuoteFactory
from tests.factories_contracts import ContractFactory

CONTRACT = actions.ContractInput(
    start_date=date(2025, 1, 1),
    initial_term_months=24,
    auto_renew=True,
    renewal_term_months=12,
    notice_period_days=90,
    termination_fee=Decimal("15000"),
    termination_for_cause="Service level below 80% three months running.",
)


def test_contract_needs_an_approved_vendor(engagement, member):
    CandidateFactory(engagement=engagement)  # shortlisted only
    with pytest.raises(DomainError, match="approve a vendor"):
        actions.contract_save(user=member, engagement=engagement, data=CONTRACT)
    assert not Contract.objects.exists()


def test_recording_the_contract_makes_the_engagement_live(engagement, member):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    quote = QuoteFactory(candidate=candidate)
    engagement.status = Engagement.Status.VENDOR_SELECTED
    engagement.save()
    contract = actions.contract_save(
        user=member, engagement=engagement, data=replace(CONTRACT, quote=quote)
    )
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.LIVE
    assert contract.candidate == candidate and contract.quote == quote
    dates = contract_dates(contract, date(2026, 9, 1))
    assert dates.term.end == date(2026, 12, 31)
    assert dates.notice.date == date(2026, 10, 2)
    assert dates.notice_days_left == 31


def test_a_closed_engagement_stays_closed(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    engagement.status = Engagement.Status.CLOSED
    engagement.save()
    actions.contract_save(user=member, engagement=engagement, data=CONTRACT)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CLOSED


def test_price_schedule_must_be_a_quote_of_the_approved_vendor(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    other_quote = QuoteFactory(candidate=CandidateFactory(engagement=engagement))
    with pytest.raises(DomainError, match="approved vendor's quotes"):
        actions.contract_save(
            user=member, engagement=engagement, data=replace(CONTRACT, quote=other_quote)
        )


def test_notice_longer_than_the_initial_term_is_refused(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    too_long = replace(CONTRACT, initial_term_months=1, notice_period_days=60)
    with pytest.raises(DomainError, match="before the contract starts"):
        actions.contract_save(user=member, engagement=engagement, data=too_long)
    assert not Contract.objects.exists()


def test_a_start_date_past_the_calendar_is_refused(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    with pytest.raises(DomainError, match="out of range"):
        actions.contract_save(
            user=member, engagement=engagement, data=replace(CONTRACT, start_date=date(9999, 1, 1))
        )
    assert not Contract.objects.exists()


def test_outsider_cannot_record_a_contract(engagement, outsider):
    CandidateFactory(engagement=engagement, status="approved")
    with pytest.raises(Http404):
        actions.contract_save(user=outsider, engagement=engagement, data=CONTRACT)


@pytest.fixture
def live_contract(engagement):
    # 12 months from 1 Jan 2025: term ends 31 Dec 2025, notice by 2 Oct 2025.
    return ContractFactory(
        engagement=engagement,
        start_date=date(2025, 1, 1),
        initial_term_months=12,
        notice_period_days=90,
    )


def test_a_failed_send_releases_the_claim(live_contract, monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(actions, "send_mail", broken)
    with pytest.raises(ConnectionError):
        actions.contract_reminders_send(contract_id=live_contract.pk, today=date(2025, 9, 2))
    assert not SentReminder.objects.exists()  # the next run will try again


def test_each_broken_rule_of_the_terms_is_named_by_its_field(engagement, member):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    other_quote = QuoteFactory(candidate=CandidateFactory(engagement=engagement))
    with pytest.raises(DomainError) as caught:
        actions.contract_save(
            user=member,
            engagement=engagement,
            data=replace(
                CONTRACT,
                quote=other_quote,
                initial_term_months=1,
                notice_period_days=60,
                attorney_review=Contract.Review.CLEARED,
            ),
        )
    assert sorted(caught.value.fields) == [
        "attorney_name",
        "attorney_reviewed_on",
        "notice_period_days",
        "quote",
    ]
    assert not Contract.objects.exists()
    cleared = replace(
        CONTRACT,
        quote=QuoteFactory(candidate=candidate),
        attorney_review=Contract.Review.CLEARED,
        attorney_name="Laura Chen",
        attorney_reviewed_on=date(2024, 12, 1),
    )
    assert actions.contract_save(user=member, engagement=engagement, data=cleared).attorney_name


def _document(member, contract, name="signed.pdf"):
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n%signed\n", "application/pdf")
    return actions.contract_document_add(
        user=member, contract=contract, data=actions.DocumentInput(uploaded=upload)
    )


def test_a_document_is_stored_under_a_generated_name_and_titled_after_its_file(engagement, member):
    document = _document(member, ContractFactory(engagement=engagement), "Signed contract.pdf")
    assert document.title == "Signed contract.pdf"
    assert document.file.name.startswith(f"contracts/{document.contract_id}/")
    assert "Signed" not in document.file.name
    assert default_storage.exists(document.file.name)


def test_a_refused_document_is_named_on_the_file_field(engagement, member):
    upload = SimpleUploadedFile("contract.pdf", b"<html></html>", "application/pdf")
    with pytest.raises(DomainError) as caught:
        actions.contract_document_add(
            user=member,
            contract=ContractFactory(engagement=engagement),
            data=actions.DocumentInput(uploaded=upload, title="Signed"),
        )
    assert list(caught.value.fields) == ["file"]
    assert "not accepted in a contract document" in str(caught.value)
    assert not ContractDocument.objects.exists()


def test_deleting_a_document_removes_its_file_once_committed(
    engagement, member, django_capture_on_commit_callbacks
):
    document = _document(member, ContractFactory(engagement=engagement))
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.contract_document_delete(user=member, document=document)
    assert not ContractDocument.objects.exists()
    assert not default_storage.exists(stored)


def test_deleting_a_contract_removes_its_documents_files(
    engagement, member, django_capture_on_commit_callbacks
):
    contract = ContractFactory(engagement=engagement)
    stored = [_document(member, contract, f"{n}.pdf").file.name for n in ("a", "b")]
    with django_capture_on_commit_callbacks(execute=True):
        uploads.delete_with_stored_files(contract)
    assert not ContractDocument.objects.exists()
    assert not any(default_storage.exists(name) for name in stored)
