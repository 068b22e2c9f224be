"""E-mails of the approval workflow, sent after the transaction that made the move."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Membership
from vendors.models import Candidate, CandidateTransition


def _name(user) -> str:
    return user.get_full_name() or user.username


@shared_task
def transition_notify_task(transition_id: int) -> int:
    """Tell the team's managers about a submission, the submitter about a decision.

    Safe to run twice: the conditional UPDATE claims the record, so only one run
    sends. Returns the number of recipients.
    """
    claimed = CandidateTransition.objects.filter(pk=transition_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0
    record = CandidateTransition.objects.select_related(
        "actor", "candidate__vendor", "candidate__engagement__team", "candidate__recommended_by"
    ).get(pk=transition_id)
    candidate = record.candidate
    engagement = candidate.engagement
    url = settings.PORTAL_BASE_URL + reverse("vetting:candidate-list", args=[engagement.pk])
    if record.to_status == Candidate.Status.RECOMMENDED:
        recipients = sorted(
            Membership.objects.filter(team=engagement.team, role=Membership.Role.MANAGER)
            .exclude(user=record.actor)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        subject = f"Approval needed: {candidate.vendor} for “{engagement}”"
        body = (
            f"{_name(record.actor)} recommends {candidate.vendor} for “{engagement}”.\n\n"
            f"Rationale:\n{record.reason}\n\n"
            f"Another manager of {engagement.team} must approve or reject it: {url}\n"
        )
    else:
        submitter = candidate.recommended_by
        recipients = [submitter.email] if submitter and submitter.email else []
        verdict = record.get_to_status_display().lower()
        subject = f"Recommendation {verdict}: {candidate.vendor} for “{engagement}”"
        body = (
            f"{_name(record.actor)} {verdict} your recommendation of {candidate.vendor} "
            f"for “{engagement}”.\n\nReason:\n{record.reason}\n\n{url}\n"
        )
    if recipients:
        send_mail(subject, body, None, recipients)
    return len(recipients)
