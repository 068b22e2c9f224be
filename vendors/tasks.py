"""E-mails of the approval workflow, sent after the transaction that made the move."""

from __future__ import annotations

from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.models import Membership
from portal.people import display_name
from portal.validators import one_line
from vendors.models import Candidate, CandidateTransition

# A failed send leaves the record unclaimed and is retried a few times soon after.
# The delays stay under Redis's visibility timeout (a message waiting longer than that
# is handed to a second worker); a mail server down for longer is the sweep's job.
_SEND_ERRORS = (SMTPException, OSError)
# Unsent notices older than this are sent again by ``transition_notify_sweep_task``;
# older than NOTIFY_GIVE_UP_AFTER they are stale news and left alone.
NOTIFY_SWEEP_AFTER = timedelta(minutes=10)
NOTIFY_GIVE_UP_AFTER = timedelta(days=7)


@shared_task(
    autoretry_for=_SEND_ERRORS,
    retry_backoff=5,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=4,
)
def transition_notify_task(transition_id: int) -> int:
    """Tell the team's managers about a submission, the submitter about a decision.

    Safe to run twice: the record is locked (select_for_update) while its e-mail
    goes out, and marked notified in the same transaction only once the send
    succeeded. A second run waits for the lock and then finds it notified; a
    failed send rolls the mark back, so the retry still sends it. Returns the
    number of recipients.
    """
    with transaction.atomic():
        claimed = (
            CandidateTransition.objects.select_for_update()
            .filter(pk=transition_id, notified_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        if claimed is None:
            return 0
        record = CandidateTransition.objects.select_related(
            "actor", "candidate__vendor", "candidate__engagement__team", "candidate__recommended_by"
        ).get(pk=transition_id)
        subject, body, recipients = _message(record)
        if recipients:
            send_mail(subject, body, None, recipients)
        # A plain UPDATE: the mark is bookkeeping, not a decision for the History page.
        CandidateTransition.objects.filter(pk=transition_id).update(notified_at=timezone.now())
    return len(recipients)


@shared_task(ignore_result=True)
def transition_notify_sweep_task() -> int:
    """Send again the approval e-mails whose sends all failed (a mail server down for
    longer than the task's retries). Safe beside a running send: each goes through
    ``transition_notify_task``'s lock. Returns how many were sent again."""
    now = timezone.now()
    pending = list(
        CandidateTransition.objects.filter(
            notified_at__isnull=True,
            created_at__lte=now - NOTIFY_SWEEP_AFTER,
            created_at__gte=now - NOTIFY_GIVE_UP_AFTER,
        ).values_list("pk", flat=True)
    )
    for transition_id in pending:
        transition_notify_task.delay(transition_id)
    return len(pending)


def _message(record: CandidateTransition) -> tuple[str, str, list[str]]:
    candidate = record.candidate
    engagement = candidate.engagement
    # PORTAL_BASE_URL is the address the portal is served on (``make run`` sets it
    # from its port); the managers' link opens the decision page itself.
    base = settings.PORTAL_BASE_URL
    url = base + reverse("shortlist:candidate-list", args=[engagement.pk])
    if record.to_status == Candidate.Status.RECOMMENDED:
        url = base + reverse("shortlist:candidate-approve", args=[engagement.pk, candidate.pk])
        recipients = sorted(
            Membership.objects.filter(team=engagement.team, role=Membership.Role.MANAGER)
            .exclude(user=record.actor)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        subject = f"Approval needed: {candidate.vendor} for “{engagement}”"
        body = (
            f"{display_name(record.actor)} recommends {candidate.vendor} for “{engagement}”.\n\n"
            f"Rationale:\n{record.reason}\n\n"
            f"A manager of {engagement.team} other than {display_name(record.actor)} must decide. "
            f"Approve or reject it here: {url}\n"
        )
    else:
        submitter = candidate.recommended_by
        recipients = [submitter.email] if submitter and submitter.email else []
        verdict = record.get_to_status_display().lower()
        subject = f"Recommendation {verdict}: {candidate.vendor} for “{engagement}”"
        body = (
            f"{display_name(record.actor)} {verdict} your recommendation of {candidate.vendor} "
            f"for “{engagement}”.\n\nReason:\n{record.reason}\n\n{url}\n"
        )
    # A header refuses line breaks: a name stored with one must not stop the mail for good.
    return one_line(subject), body, recipients
