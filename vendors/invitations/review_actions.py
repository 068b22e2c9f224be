"""The team's review of a submitted response: accept or reject each proposed answer
and quote, or all of them at once. Each is one transaction with its audit record.

An accepted proposal is written under the accepting member, with the invitation's
contact named in the audit record beside them.
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from portal import access
from portal.errors import DomainError
from vendors import actions as vendor_actions
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem, Evidence
from vendors.invitations.models import Invitation, ProposedAnswer, ProposedQuote, Review


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
