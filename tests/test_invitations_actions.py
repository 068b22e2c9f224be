"""Invitations: the link token, the contact's drafts and the team's review."""

import datetime
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.errors import DomainError
from portal.tokens import token_hash
from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_invitations import InvitationFactory
from vendors.diligence.models import Evidence
from vendors.diligence.queries import candidate_summary
from vendors.invitations import actions, respond_actions, review_actions
from vendors.invitations.models import Invitation, ProposedAnswer, ProposedEvidence, Review
from vendors.models import Quote

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(engagement=engagement, added_by=member)


@pytest.fixture
def item(candidate):
    return ChecklistItemFactory(checklist__candidate=candidate)


@pytest.fixture
def invitation(candidate, member, item):
    return InvitationFactory(candidate=candidate, created_by=member)


def _invite(member, candidate, **changes):
    data = {
        "contact_name": "Ana Ruiz",
        "email": "ana.ruiz@vendor.example",
        "pricing_models": ("dedicated_per_hour",),
        **changes,
    }
    return actions.invitation_create(
        user=member, candidate=candidate, data=actions.InvitationInput(**data)
    )


def test_only_the_tokens_hash_is_stored_and_the_link_is_emailed_after_commit(
    member, candidate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = _invite(member, candidate)
    assert len(raw) >= 43  # 32 random bytes, URL-safe: 256 bits
    row = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert raw not in str(row)
    assert row["token_hash"] == token_hash(raw)
    assert all(raw not in str(entry.changes) for entry in LogEntry.objects.all())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana.ruiz@vendor.example"]
    assert f"/respond/{raw}/" in mail.outbox[0].body
    # Once: the task run again sends nothing.
    from vendors.invitations.tasks import invitation_email_task

    assert invitation_email_task(invitation.pk, raw) == 0
    assert len(mail.outbox) == 1


def test_default_deadline_is_fourteen_days(member, candidate):
    invitation, _ = _invite(member, candidate)
    days = (timezone.localtime(invitation.deadline).date() - timezone.localdate()).days
    assert days == 15  # the end of the 14th day is the start of the 15th


def test_invitation_needs_a_pricing_model_when_a_quote_is_asked(member, candidate):
    with pytest.raises(DomainError) as caught:
        _invite(member, candidate, pricing_models=())
    assert "pricing_models" in caught.value.fields
    assert Invitation.objects.count() == 0


def test_revoked_and_expired_invitations_stop_being_usable(member, invitation):
    assert invitation.usable()
    actions.invitation_revoke(user=member, invitation=invitation)
    invitation.refresh_from_db()
    assert not invitation.usable()
    assert invitation.state() == Invitation.State.REVOKED
    expired = InvitationFactory(
        candidate=invitation.candidate, deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert expired.state() == Invitation.State.EXPIRED and not expired.usable()


def test_extend_moves_the_deadline(member, invitation):
    day = timezone.localdate() + datetime.timedelta(days=30)
    actions.invitation_extend(user=member, invitation=invitation, deadline=day)
    invitation.refresh_from_db()
    assert timezone.localtime(invitation.deadline).date() == day + datetime.timedelta(days=1)


def _save(invitation, item, **data):
    return respond_actions.respondent_answer_save(
        invitation=invitation,
        item=item,
        data=respond_actions.ProposedAnswerInput(**data),
        address="203.0.113.9",
    )


def _stored(folder="proposed") -> set[str]:
    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def test_a_draft_answer_with_a_document_is_saved_and_logged(invitation, item):
    proposal = _save(
        invitation,
        item,
        answer="yes",
        notes="Certified.",
        files=(SimpleUploadedFile("c.pdf", PDF),),
    )
    assert proposal.status == Review.PENDING
    stored = ProposedEvidence.objects.get()
    assert stored.original_name == "c.pdf"
    assert re.fullmatch(r"proposed/[0-9a-f]{32}\.pdf", stored.file.name)
    event = invitation.events.get()
    assert event.address == "203.0.113.9" and "Saved the answer" in event.action
    # The contact's write is audited with no user and the contact named as its source.
    entry = LogEntry.objects.get_for_object(proposal).get()
    assert entry.actor is None
    assert entry.additional_data["source"] == f"Ana Ruiz, {invitation.candidate.vendor}"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"answer": "yes", "notes": "x" * 100_000}, "notes", "5,000 characters"),
        ({"answer": "yes", "notes": "nul\x00byte"}, "notes", "NUL"),
        ({"answer": "maybe"}, "answer", "Choose yes, partly"),
        (
            {"answer": "yes", "files": (SimpleUploadedFile("c.pdf", b"<html><script>x</script>"),)},
            "files",
            "c.pdf",
        ),
        (
            {
                "answer": "yes",
                "files": (SimpleUploadedFile("ok.pdf", PDF), SimpleUploadedFile("e.pdf", b"")),
            },
            "files",
            "empty",
        ),
    ],
)
def test_bad_respondent_input_is_refused_and_nothing_is_half_saved(
    invitation, item, data, field, message
):
    before = _stored()
    with pytest.raises(DomainError) as caught:
        _save(invitation, item, **data)
    assert message in " ".join(caught.value.fields[field])
    assert ProposedAnswer.objects.count() == 0
    assert ProposedEvidence.objects.count() == 0
    assert _stored() == before
    assert invitation.events.count() == 0


def test_oversized_document_is_refused(invitation, item, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024 + 1))
    with pytest.raises(DomainError) as caught:
        _save(invitation, item, answer="yes", files=(big,))
    assert "the limit is 1 MB" in " ".join(caught.value.fields["files"])
    assert ProposedAnswer.objects.count() == 0


def _quote(invitation, **changes):
    data = {"pricing_model": "dedicated_per_hour", "rate": Decimal("14.50"), "currency": "USD"}
    return respond_actions.respondent_quote_save(
        invitation=invitation,
        data=respond_actions.ProposedQuoteInput(**{**data, **changes}),
        address="203.0.113.9",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rate": Decimal("-1")}, "rate"),
        ({"rate": Decimal("5000000")}, "rate"),
        ({"setup_fee": Decimal("-10")}, "setup_fee"),
        ({"pricing_model": "commission", "rate": Decimal(0)}, None),
    ],
)
def test_negative_or_absurd_rates_are_refused(invitation, changes, field):
    with pytest.raises(DomainError) as caught:
        _quote(invitation, **changes)
    assert field in caught.value.fields
    assert invitation.quotes.count() == 0


def _submitted(invitation, item, django_capture_on_commit_callbacks, **answer):
    _save(invitation, item, **({"answer": "yes", "notes": "Certified."} | answer))
    with django_capture_on_commit_callbacks(execute=True):
        respond_actions.respondent_submit(invitation=invitation, address="203.0.113.9")
    invitation.refresh_from_db()
    return invitation.answers.get(item=item)


def test_submit_tells_the_team_once_and_makes_the_response_read_only(
    invitation, item, manager, django_capture_on_commit_callbacks
):
    _submitted(invitation, item, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [
        sorted({manager.email, invitation.created_by.email})
    ]
    assert "Response received: Ana Ruiz" in mail.outbox[0].subject
    with pytest.raises(DomainError, match="read-only"):
        _save(invitation, item, answer="no")
    from vendors.invitations.tasks import response_submitted_notify_task

    assert response_submitted_notify_task(invitation.pk) == 0


def test_accept_writes_the_answer_audited_with_member_and_contact(
    invitation, item, member, django_capture_on_commit_callbacks
):
    proposal = _submitted(
        invitation,
        item,
        django_capture_on_commit_callbacks,
        files=(SimpleUploadedFile("c.pdf", PDF),),
    )
    before = candidate_summary(invitation.candidate)
    review_actions.proposal_accept(user=member, proposal=proposal)
    item.refresh_from_db()
    assert item.answer == "yes"
    assert "Certified." in item.notes
    evidence = Evidence.objects.get(item=item)
    assert evidence.original_name == "c.pdf"
    entry = LogEntry.objects.get_for_object(item).order_by("-timestamp").first()
    assert entry.actor == member
    assert entry.additional_data["proposed_by"] == invitation.source
    assert entry.additional_data["invitation_id"] == invitation.pk
    after = candidate_summary(invitation.candidate)
    assert after.answered_share > before.answered_share
    assert after.evidence_count == before.evidence_count + 1


def test_rejected_answer_never_changes_the_score(
    invitation, item, member, django_capture_on_commit_callbacks
):
    proposal = _submitted(invitation, item, django_capture_on_commit_callbacks, answer="no")
    before = candidate_summary(invitation.candidate)
    with pytest.raises(DomainError):
        review_actions.proposal_reject(user=member, proposal=proposal, note="  ")
    review_actions.proposal_reject(user=member, proposal=proposal, note="No certificate attached.")
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.status == Review.REJECTED
    assert item.answer == ""
    assert candidate_summary(invitation.candidate) == before
    entry = LogEntry.objects.get_for_object(proposal).order_by("-timestamp").first()
    assert entry.actor == member
    assert entry.additional_data["source"] == invitation.source


def test_proposals_wait_for_the_submission(invitation, item, member):
    proposal = _save(invitation, item, answer="yes")
    with pytest.raises(DomainError, match="not submitted"):
        review_actions.proposal_accept(user=member, proposal=proposal)


def test_accepted_quote_becomes_a_candidate_quote(
    invitation, item, member, django_capture_on_commit_callbacks
):
    proposed = _quote(invitation, includes="Training and QA included.")
    _submitted(invitation, item, django_capture_on_commit_callbacks)
    assert Quote.objects.count() == 0  # nothing counts before it is accepted
    quote = review_actions.proposed_quote_accept(user=member, proposed=proposed)
    assert quote.candidate == invitation.candidate
    assert (quote.rate, quote.unit, quote.currency) == (Decimal("14.5"), "per_hour", "USD")
    entry = LogEntry.objects.get_for_object(quote).get()
    assert entry.actor == member
    assert entry.additional_data["proposed_by"] == invitation.source


def test_accept_all(invitation, item, member, django_capture_on_commit_callbacks):
    second = ChecklistItemFactory(checklist=item.checklist)
    _save(invitation, second, answer="partial")
    _quote(invitation)
    _submitted(invitation, item, django_capture_on_commit_callbacks)
    assert review_actions.proposals_review_all(user=member, invitation=invitation, accept=True) == 3
    assert set(invitation.answers.values_list("status", flat=True)) == {Review.ACCEPTED}
    assert Quote.objects.filter(candidate=invitation.candidate).count() == 1
    assert review_actions.proposals_review_all(user=member, invitation=invitation, accept=True) == 0


def test_outsider_cannot_review(invitation, item, outsider, django_capture_on_commit_callbacks):
    from django.http import Http404

    proposal = _submitted(invitation, item, django_capture_on_commit_callbacks)
    with pytest.raises(Http404):
        review_actions.proposal_accept(user=outsider, proposal=proposal)


def test_reject_all_needs_a_note_and_changes_nothing_of_the_checklist(
    invitation, item, member, django_capture_on_commit_callbacks
):
    _quote(invitation)
    _submitted(invitation, item, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError):
        review_actions.proposals_review_all(user=member, invitation=invitation, accept=False)
    count = review_actions.proposals_review_all(
        user=member, invitation=invitation, accept=False, note="Please send the certificates."
    )
    assert count == 2
    item.refresh_from_db()
    assert item.answer == ""
    assert Quote.objects.count() == 0
