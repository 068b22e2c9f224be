"""Write operations on an invitation itself, by the team: invite, revoke, extend,
reopen. Each is one transaction with its audit record; the invitation e-mail goes out
through Celery once the transaction commits. The contact's writes are in
``respond_actions``, the team's review of what they proposed in ``review_actions``.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from portal import access
from portal.errors import DomainError
from portal.reference import PricingModel
from portal.tokens import token_hash
from vendors.diligence.models import Reassessment
from vendors.invitations.models import Invitation
from vendors.models import Candidate

DEFAULT_DAYS = 14
MAX_DAYS = 180


def new_token() -> str:
    """A link token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


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
