"""Write operations of invitations: the team's (invite, revoke, extend, reopen, review)
and the vendor contact's (answer, upload, quote, submit). Each is one transaction
with its audit record; e-mails go out through Celery once the transaction commits.

The contact has no account: their writes are audited with no actor and the
invitation's contact as the source, and each is also logged (time and address) as
a ``RespondentEvent``. An accepted proposal is written under the accepting member,
with the invitation's contact named in the audit record beside them.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import access, uploads
from portal.errors import DomainError
from portal.reference import PricingModel
from portal.tokens import token_hash
from vendors import actions as vendor_actions
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem, Evidence, Reassessment
from vendors.invitations.models import (
    ANSWER_MAX_CHARS,
    Invitation,
    ProposedAnswer,
    ProposedEvidence,
    ProposedQuote,
    RespondentEvent,
    Review,
)
from vendors.models import UNIT_FOR_PRICING_MODEL, Candidate

DEFAULT_DAYS = 14
MAX_DAYS = 180
# Rates above these are typing errors, not prices (per minute, hour, month; percent).
ABSURD_RATE = Decimal(1_000_000)
MAX_COMMISSION = Decimal(100)


def new_token() -> str:
    """A link token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


# --- The team's side ----------------------------------------------------------


@dataclass(frozen=True)
class InvitationInput:
    contact_name: str
    email: str
    may_answer_checklist: bool = True
    may_upload_evidence: bool = True
    may_quote: bool = True
    pricing_models: tuple[str, ...] = ()
    deadline: datetime.date | None = None  # None: DEFAULT_DAYS from today
    message: str = ""


def end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def deadline_problem(day: datetime.date, today: datetime.date) -> str:
    if day < today:
        return "Choose a deadline of today or later."
    if day > today + datetime.timedelta(days=MAX_DAYS):
        return f"Choose a deadline within {MAX_DAYS} days."
    return ""


def _reassessment_open(candidate: Candidate) -> bool:
    """The approved vendor's checklist has a re-assessment round under way: its contact
    may be sent it to answer."""
    return (
        candidate.status == Candidate.Status.APPROVED
        and Reassessment.objects.filter(
            checklist__candidate=candidate, completed_at__isnull=True
        ).exists()
    )


@transaction.atomic
def invitation_create(
    *, user, candidate: Candidate, data: InvitationInput, round_=None
) -> tuple[Invitation, str]:
    """A new invitation and its link token (shown once, never stored; e-mailed after
    commit); ``round_``: the request-for-proposal round it is part of."""
    access.require(user, access.CHANGE, candidate.engagement)
    today = timezone.localdate()
    problems = {}
    if not data.contact_name.strip():
        problems["contact_name"] = "Give the contact's name."
    if not (data.may_answer_checklist or data.may_upload_evidence or data.may_quote):
        problems["may_answer_checklist"] = "Let the contact answer at least one thing."
    if data.may_quote and not data.pricing_models:
        problems["pricing_models"] = "Choose the pricing models the vendor may quote under."
    if bad := [m for m in data.pricing_models if m not in PricingModel.values]:
        problems["pricing_models"] = f"Unknown pricing model {bad[0]}."
    day = data.deadline or today + datetime.timedelta(days=DEFAULT_DAYS)
    if problem := deadline_problem(day, today):
        problems["deadline"] = problem
    if candidate.status not in (
        Candidate.Status.SHORTLISTED,
        Candidate.Status.RECOMMENDED,
    ) and not _reassessment_open(candidate):
        problems[None] = (
            "Only a shortlisted candidate's contacts can be invited (or the contracted "
            "vendor's while a re-assessment is open)."
        )
    if problems:
        raise DomainError(fields=problems)
    raw = new_token()
    with set_actor(user):
        invitation = Invitation.objects.create(
            candidate=candidate,
            round=round_,
            contact_name=data.contact_name.strip(),
            email=data.email.strip(),
            may_answer_checklist=data.may_answer_checklist,
            may_upload_evidence=data.may_upload_evidence,
            may_quote=data.may_quote,
            pricing_models=list(data.pricing_models) if data.may_quote else [],
            message=data.message.strip(),
            deadline=end_of(day),
            token_hash=token_hash(raw),
            created_by=user,
        )
    from vendors.invitations.tasks import invitation_email_task

    # The token travels in the task's message only: the broker holds it until a
    # worker sends the e-mail; the database never does.
    transaction.on_commit(lambda: invitation_email_task.delay(invitation.pk, raw))
    return invitation, raw


@transaction.atomic
def invitation_revoke(*, user, invitation: Invitation) -> Invitation:
    """Shut the link at once: every page of it answers 410 from now on."""
    access.require(user, access.CHANGE, invitation.candidate.engagement)
    if invitation.revoked_at is None:
        with set_actor(user):
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_extend(*, user, invitation: Invitation, deadline: datetime.date) -> Invitation:
    access.require(user, access.CHANGE, invitation.candidate.engagement)
    if invitation.revoked_at is not None:
        raise DomainError("A revoked invitation cannot be extended; invite the contact again.")
    if problem := deadline_problem(deadline, timezone.localdate()):
        raise DomainError(problem, field="deadline")
    with set_actor(user):
        invitation.deadline = end_of(deadline)
        invitation.save(update_fields=["deadline"])
    return invitation


@transaction.atomic
def invitation_reopen(*, user, invitation: Invitation) -> Invitation:
    """Let the contact change a submitted response again (until they submit once more)."""
    access.require(user, access.CHANGE, invitation.candidate.engagement)
    if invitation.submitted_at is None:
        raise DomainError("This response has not been submitted; it is open already.")
    with set_actor(user):
        invitation.submitted_at = None
        invitation.team_notified_at = None
        invitation.save(update_fields=["submitted_at", "team_notified_at"])
    return invitation


# --- Review -------------------------------------------------------------------


def _require_reviewable(proposal) -> None:
    if proposal.invitation.submitted_at is None:
        raise DomainError("The contact has not submitted this response yet.")
    if proposal.status != Review.PENDING:
        raise DomainError(f"This proposal is {proposal.get_status_display().lower()} already.")


def _mark(proposal, *, user, status: str, note: str = "") -> None:
    proposal.status = status
    proposal.review_note = note
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    proposal.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])


def _accept_answer(*, user, proposal: ProposedAnswer) -> ChecklistItem:
    item = proposal.item
    invitation = proposal.invitation
    extra = {"proposed_by": invitation.source, "invitation_id": invitation.pk}
    with set_actor(user):
        # The checklist item's own audit entry names the member (actor) and, through
        # its additional data, the contact and invitation the answer came from.
        item.audit_extra = extra
        item.answer = proposal.answer
        if proposal.notes:
            note = f"{proposal.notes}\n(proposed by {invitation.source})"
            item.notes = f"{item.notes}\n\n{note}".strip()
        # Like a save by the team: it confirms an answer a re-assessment left "to confirm".
        diligence_actions.save_answered(item, ["answer", "notes"])
        for proposed in proposal.files.filter(evidence__isnull=True):
            evidence = Evidence(
                item=item,
                original_name=proposed.original_name,
                content_type=proposed.content_type,
                size=proposed.size,
                uploaded_by=user,
            )
            evidence.file.name = proposed.file.name
            evidence.audit_extra = extra
            evidence.save()
            proposed.evidence = evidence
            proposed.save(update_fields=["evidence"])
        _mark(proposal, user=user, status=Review.ACCEPTED)
    return item


def _engagement_of(proposal):
    return proposal.invitation.candidate.engagement


@transaction.atomic
def proposal_accept(*, user, proposal: ProposedAnswer) -> ChecklistItem:
    """The contact's answer becomes the item's answer, their files its evidence."""
    access.require(user, access.CHANGE, _engagement_of(proposal))
    _require_reviewable(proposal)
    return _accept_answer(user=user, proposal=proposal)


def _note(note: str) -> str:
    note = note.strip()
    if not note:
        raise DomainError(
            "Say why it is rejected (the vendor contact reads the note).", field="note"
        )
    if len(note) > 500:
        raise DomainError("Keep the note to 500 characters.", field="note")
    return note


@transaction.atomic
def proposal_reject(*, user, proposal, note: str) -> None:
    """Refuse a proposed answer or quote: nothing of it reaches the checklist or quotes."""
    access.require(user, access.CHANGE, _engagement_of(proposal))
    _require_reviewable(proposal)
    note = _note(note)
    with set_actor(user):
        _mark(proposal, user=user, status=Review.REJECTED, note=note)


@transaction.atomic
def proposals_review_all(*, user, invitation: Invitation, accept: bool, note: str = "") -> int:
    """Accept (or reject, with one note) every pending proposal of a submitted response."""
    access.require(user, access.CHANGE, invitation.candidate.engagement)
    if invitation.submitted_at is None:
        raise DomainError("The contact has not submitted this response yet.")
    if not accept:
        note = _note(note)
    answers = list(
        invitation.answers.select_related("item", "invitation__candidate__vendor").filter(
            status=Review.PENDING
        )
    )
    quotes = list(
        invitation.quotes.select_related("invitation__candidate__vendor").filter(
            status=Review.PENDING
        )
    )
    for proposal in answers:
        if accept:
            _accept_answer(user=user, proposal=proposal)
        else:
            with set_actor(user):
                _mark(proposal, user=user, status=Review.REJECTED, note=note)
    for proposed in quotes:
        if accept:
            _accept_quote(user=user, proposed=proposed)
        else:
            with set_actor(user):
                _mark(proposed, user=user, status=Review.REJECTED, note=note)
    return len(answers) + len(quotes)


def _as_submitted(invitation: Invitation) -> str:
    """How an accepted quote's notes name its source: "as submitted in round 2 by …"."""
    if invitation.round_id is None:
        return f"proposed by {invitation.source}"
    return f"as submitted in round {invitation.round.number} by {invitation.source}"


def _accept_quote(*, user, proposed: ProposedQuote):
    invitation = proposed.invitation
    extra = {"proposed_by": invitation.source, "invitation_id": invitation.pk}
    quote = vendor_actions.quote_save(
        user=user,
        audit_extra=extra,
        candidate=invitation.candidate,
        data=vendor_actions.QuoteInput(
            pricing_model=proposed.pricing_model,
            rate=proposed.rate,
            unit=proposed.unit,
            currency=proposed.currency,
            commission_percent=proposed.commission_percent,
            minimum_monthly=proposed.minimum_monthly,
            setup_fee=proposed.setup_fee,
            notes=f"{proposed.includes}\n({_as_submitted(invitation)})".strip(),
        ),
    )
    with set_actor(user):
        proposed.quote = quote
        proposed.save(update_fields=["quote"])
        _mark(proposed, user=user, status=Review.ACCEPTED)
    return quote


@transaction.atomic
def proposed_quote_accept(*, user, proposed: ProposedQuote):
    """The proposed price becomes one of the candidate's quotes (the quote rules apply)."""
    access.require(user, access.CHANGE, _engagement_of(proposed))
    _require_reviewable(proposed)
    return _accept_quote(user=user, proposed=proposed)


# --- The vendor contact's side ------------------------------------------------


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
