"""Request-for-proposal rounds: several candidates invited at once with one deadline,
the weights frozen while the round is open, reminders before the deadline and the
close at it (both run by Celery beat, each safe to run twice)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal import access
from portal.errors import DomainError
from portal.models import Engagement
from vendors.invitations import actions
from vendors.invitations.models import Invitation, RfpRound
from vendors.invitations.queries import open_round
from vendors.models import Candidate

REMINDERS = (  # (field, how long before the deadline), the nearest first
    ("reminded_1_day_at", datetime.timedelta(days=1)),
    ("reminded_3_days_at", datetime.timedelta(days=3)),
)


@dataclass(frozen=True)
class RoundContact:
    candidate: Candidate
    contact_name: str
    email: str


@dataclass(frozen=True)
class RoundInput:
    contacts: tuple[RoundContact, ...]
    deadline: datetime.date
    message: str = ""
    may_answer_checklist: bool = True
    may_upload_evidence: bool = True
    may_quote: bool = True
    pricing_models: tuple[str, ...] = field(default_factory=tuple)


@transaction.atomic
def round_open(
    *, user, engagement: Engagement, data: RoundInput
) -> tuple[RfpRound, list[tuple[Invitation, str]]]:
    """Open a round: one invitation per contact, all with the round's deadline. Returns
    the round and each invitation with its link token (shown once, e-mailed after commit)."""
    access.require(user, access.CHANGE, engagement)
    if open_round(engagement) is not None:
        raise DomainError("A round is open already; extend it or wait for its close.")
    if not data.contacts:
        raise DomainError("Invite at least one contact of a shortlisted candidate.")
    if any(contact.candidate.engagement_id != engagement.pk for contact in data.contacts):
        raise DomainError("A candidate of another engagement cannot be invited.")
    number = (
        RfpRound.objects.filter(engagement=engagement).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    with set_actor(user):
        round_ = RfpRound.objects.create(
            engagement=engagement,
            number=number,
            deadline=actions.end_of(data.deadline),
            message=data.message.strip(),
            opened_by=user,
        )
    issued = []
    for contact in data.contacts:
        invitation, raw = actions.invitation_create(
            user=user,
            candidate=contact.candidate,
            data=actions.InvitationInput(
                contact_name=contact.contact_name,
                email=contact.email,
                may_answer_checklist=data.may_answer_checklist,
                may_upload_evidence=data.may_upload_evidence,
                may_quote=data.may_quote,
                pricing_models=data.pricing_models,
                deadline=data.deadline,
                message=data.message,
            ),
            round_=round_,
        )
        issued.append((invitation, raw))
    return round_, issued


@transaction.atomic
def round_extend(*, user, round_: RfpRound, deadline: datetime.date) -> RfpRound:
    """A later deadline for the round and its invitations (a closed round opens again)."""
    access.require(user, access.CHANGE, round_.engagement)
    if problem := actions.deadline_problem(deadline, timezone.localdate()):
        raise DomainError(problem, field="deadline")
    new_deadline = actions.end_of(deadline)
    with set_actor(user):
        round_.deadline = new_deadline
        round_.closed_at = None
        round_.save(update_fields=["deadline", "closed_at"])
        for invitation in round_.invitations.filter(revoked_at__isnull=True):
            invitation.deadline = new_deadline
            invitation.save(update_fields=["deadline"])
        # Reminders count from the new deadline.
        round_.invitations.update(reminded_3_days_at=None, reminded_1_day_at=None)
    return round_


@transaction.atomic
def round_reopen_weights(*, user, round_: RfpRound, reason: str) -> RfpRound:
    """A manager lets the weights change during the round; the reason is recorded."""
    access.require(user, access.APPROVE, round_.engagement)
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why the weights must change during the round.", field="reason")
    if len(reason) > 500:
        raise DomainError("Keep the reason to 500 characters.", field="reason")
    with set_actor(user):
        round_.weights_reopened_by = user
        round_.weights_reopened_at = timezone.now()
        round_.weights_reopened_reason = reason
        round_.save(
            update_fields=["weights_reopened_by", "weights_reopened_at", "weights_reopened_reason"]
        )
    return round_


def rounds_close_due(now: datetime.datetime | None = None) -> int:
    """Close the rounds whose deadline has passed: one conditional UPDATE, so a second
    run (or two beats at once) closes nothing more."""
    now = now or timezone.now()
    return RfpRound.objects.filter(closed_at__isnull=True, deadline__lte=now).update(closed_at=now)


def due_reminders(now: datetime.datetime) -> list[tuple[int, str]]:
    """(invitation id, reminder field) of the reminders due: an open round's invitation
    not submitted nor revoked, within 3 days (or 1 day) of its deadline, not yet sent."""
    due = []
    seen = set()
    for name, before in REMINDERS:
        rows = Invitation.objects.filter(
            round__closed_at__isnull=True,
            submitted_at__isnull=True,
            revoked_at__isnull=True,
            deadline__gt=now,
            deadline__lte=now + before,
            **{f"{name}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in rows:
            if pk not in seen:  # the nearest reminder only
                seen.add(pk)
                due.append((pk, name))
    return due


def claim_reminder(invitation_id: int, name: str, now: datetime.datetime) -> bool:
    """Mark the reminder sent, once: True for the one caller whose UPDATE changed the
    row. Claiming the 1-day reminder also claims a 3-day one not sent (one e-mail)."""
    marks = {name: now}
    if name == "reminded_1_day_at":
        Invitation.objects.filter(pk=invitation_id, reminded_3_days_at__isnull=True).update(
            reminded_3_days_at=now
        )
    return bool(
        Invitation.objects.filter(pk=invitation_id, **{f"{name}__isnull": True}).update(**marks)
    )
