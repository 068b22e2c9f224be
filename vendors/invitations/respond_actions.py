"""Write operations of the vendor contact: answer, upload, quote, remove a file,
submit. Each is one transaction; the team is told of a submission by e-mail (through
Celery) once it commits.

The contact has no account: their writes are audited with no actor and the
invitation's contact as the source, and each is also logged (time and address) as
a ``RespondentEvent``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import uploads
from portal.errors import DomainError
from vendors import actions as vendor_actions
from vendors.diligence.models import ChecklistItem
from vendors.invitations.models import (
    ANSWER_MAX_CHARS,
    Invitation,
    ProposedAnswer,
    ProposedEvidence,
    ProposedQuote,
    RespondentEvent,
    Review,
)
from vendors.models import UNIT_FOR_PRICING_MODEL

# Rates above these are typing errors, not prices (per minute, hour, month; percent).
ABSURD_RATE = Decimal(1_000_000)
MAX_COMMISSION = Decimal(100)


def log_event(invitation: Invitation, action: str, address: str | None) -> None:
    RespondentEvent.objects.create(invitation=invitation, action=action[:200], address=address)


def _require_open(invitation: Invitation) -> None:
    if not invitation.usable():
        raise DomainError("This invitation has been revoked or has expired.")
    if invitation.submitted_at is not None:
        raise DomainError(
            "Your response has been submitted; it is read-only until the team reopens it."
        )


@dataclass(frozen=True)
class ProposedAnswerInput:
    answer: str
    notes: str = ""
    files: tuple = ()


@transaction.atomic
def respondent_answer_save(
    *, invitation: Invitation, item: ChecklistItem, data: ProposedAnswerInput, address
) -> ProposedAnswer:
    """Save the contact's draft answer and files, all or nothing (a refused file
    refuses the whole post, so nothing is half-saved and the page shows the reason)."""
    _require_open(invitation)
    if item.checklist.candidate_id != invitation.candidate_id:
        raise DomainError("This item is not part of your invitation.")
    problems = {}
    if not invitation.may_answer_checklist and (data.answer or data.notes):
        problems["answer"] = "This invitation does not ask you to answer the checklist."
    if data.answer and data.answer not in ChecklistItem.Answer.values:
        problems["answer"] = "Choose yes, partly, no or not applicable."
    if "\x00" in data.notes:
        problems["notes"] = "The notes contain a NUL character; remove it."
    elif len(data.notes) > ANSWER_MAX_CHARS:
        problems["notes"] = (
            f"Keep the notes to {ANSWER_MAX_CHARS:,} characters (these have {len(data.notes):,})."
        )
    if data.files and not invitation.may_upload_evidence:
        problems["files"] = "This invitation does not ask you for documents."
    inspected, refused = [], []
    for upload in data.files if "files" not in problems else ():
        try:
            inspected.append((upload, uploads.inspect_upload(upload, purpose=uploads.EVIDENCE)))
        except ValidationError as exc:
            refused.append(f"{upload.name}: {' '.join(exc.messages)}")
    if refused:
        problems["files"] = " ".join(refused)
    existing = ProposedAnswer.objects.filter(invitation=invitation, item=item).first()
    if existing is not None and existing.status == Review.ACCEPTED:
        problems[None] = "The team has accepted this answer already; it cannot be changed."
    if problems:
        raise DomainError(fields=problems)
    proposal = existing or ProposedAnswer(invitation=invitation, item=item)
    proposal.answer = data.answer
    proposal.notes = data.notes.strip()
    proposal.status = Review.PENDING  # a changed rejected answer asks for review again
    proposal.save()
    stored: list[str] = []
    try:
        for upload, checked in inspected:
            name = uploads.store_upload(upload, checked, folder="proposed")
            stored.append(name)
            proposed = ProposedEvidence(
                proposal=proposal,
                original_name=checked.display_name,
                content_type=checked.content_type,
                size=checked.size,
            )
            proposed.file.name = name
            proposed.save()
    except Exception:
        for name in stored:
            uploads.delete_stored(name)
        raise
    files = f" with {len(inspected)} file(s)" if inspected else ""
    log_event(invitation, f"Saved the answer to item {item.pk}{files}", address)
    return proposal


@dataclass(frozen=True)
class ProposedQuoteInput:
    pricing_model: str
    rate: Decimal
    currency: str
    commission_percent: Decimal | None = None
    minimum_monthly: Decimal = Decimal(0)
    setup_fee: Decimal = Decimal(0)
    includes: str = ""


def _quote_problems(invitation: Invitation, data: ProposedQuoteInput) -> dict:
    problems = {}
    if not invitation.may_quote or data.pricing_model not in invitation.pricing_models:
        problems[None] = "The team has not asked for a quote under this pricing model."
    if data.rate < 0:
        problems["rate"] = "A rate cannot be negative."
    elif data.rate >= ABSURD_RATE:
        problems["rate"] = f"A rate of {data.rate:,} is not a price; check the figure."
    for name in ("minimum_monthly", "setup_fee"):
        if getattr(data, name) < 0:
            problems[name] = "An amount cannot be negative."
    commission = data.commission_percent
    if commission is not None and not 0 <= commission <= MAX_COMMISSION:
        problems["commission_percent"] = "A commission runs from 0 to 100 %."
    elif data.pricing_model in vendor_actions.COMMISSION_MODELS and not commission:
        problems["commission_percent"] = "This pricing model needs the commission %."
    if len(data.includes) > ANSWER_MAX_CHARS:
        problems["includes"] = f"Keep this to {ANSWER_MAX_CHARS:,} characters."
    return problems


@transaction.atomic
def respondent_quote_save(
    *, invitation: Invitation, data: ProposedQuoteInput, address
) -> ProposedQuote:
    _require_open(invitation)
    problems = _quote_problems(invitation, data)
    existing = ProposedQuote.objects.filter(
        invitation=invitation, pricing_model=data.pricing_model
    ).first()
    if existing is not None and existing.status == Review.ACCEPTED:
        problems[None] = "The team has accepted this quote already; it cannot be changed."
    if problems:
        raise DomainError(fields=problems)
    proposed = existing or ProposedQuote(invitation=invitation, pricing_model=data.pricing_model)
    proposed.rate = data.rate
    proposed.unit = UNIT_FOR_PRICING_MODEL[data.pricing_model]
    proposed.currency = data.currency
    proposed.commission_percent = data.commission_percent
    proposed.minimum_monthly = data.minimum_monthly
    proposed.setup_fee = data.setup_fee
    proposed.includes = data.includes.strip()
    proposed.status = Review.PENDING
    proposed.save()
    log_event(invitation, f"Saved the {proposed.get_pricing_model_display()} quote", address)
    return proposed


@transaction.atomic
def respondent_file_remove(*, invitation: Invitation, proposed: ProposedEvidence, address) -> None:
    _require_open(invitation)
    if proposed.proposal.invitation_id != invitation.pk or proposed.evidence_id is not None:
        raise DomainError("This file cannot be removed.")
    log_event(invitation, f"Removed the file “{proposed.original_name}”", address)
    uploads.delete_with_stored_files(proposed)


@transaction.atomic
def respondent_submit(*, invitation: Invitation, address) -> Invitation:
    """Send the response to the team (read-only from now on; the team is told by e-mail)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _require_open(invitation)
    has_answers = invitation.answers.exclude(answer="").exists() or invitation.quotes.exists()
    if not has_answers:
        raise DomainError("Answer at least one question or send a quote before submitting.")
    invitation.submitted_at = timezone.now()
    invitation.save(update_fields=["submitted_at"])
    log_event(invitation, "Submitted the response", address)
    from vendors.invitations.tasks import response_submitted_notify_task

    transaction.on_commit(lambda: response_submitted_notify_task.delay(invitation.pk))
    return invitation
