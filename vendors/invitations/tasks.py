"""E-mails of invitations: the link to the vendor contact, and the team's notice
that a response was submitted. Both are sent after the commit that made them and
are safe to run twice (the row is locked while its e-mail goes out and marked in
the same transaction once the send succeeded, as ``vendors.tasks`` does)."""

from __future__ import annotations

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
from vendors.invitations import round_actions
from vendors.invitations.models import Invitation

_SEND_ERRORS = (SMTPException, OSError)


def _claim(invitation_id: int, mark: str) -> Invitation | None:
    claimed = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation_id, **{f"{mark}__isnull": True})
        .values_list("pk", flat=True)
        .first()
    )
    if claimed is None:
        return None
    return Invitation.objects.select_related(
        "candidate__vendor", "candidate__engagement__team", "created_by"
    ).get(pk=invitation_id)


@shared_task(
    autoretry_for=_SEND_ERRORS,
    retry_backoff=5,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=4,
)
def invitation_email_task(invitation_id: int, raw_token: str) -> int:
    """Send the contact their link (once). Returns the number of e-mails sent."""
    with transaction.atomic():
        invitation = _claim(invitation_id, "emailed_at")
        if invitation is None or invitation.revoked_at is not None:
            return 0
        engagement = invitation.candidate.engagement
        link = settings.PORTAL_BASE_URL + reverse("respond:enter", args=[raw_token])
        inviter = display_name(invitation.created_by)
        deadline = timezone.localtime(invitation.deadline)
        subject = f"{engagement.team}: please answer for {invitation.candidate.vendor}"
        body = (
            f"Hello {invitation.contact_name},\n\n"
            f"{inviter} of {engagement.team} invites you to answer for "
            f"{invitation.candidate.vendor}: the brief, the due-diligence questions and a "
            f"price quote, as far as they apply to you.\n\n"
            + (f"{invitation.message}\n\n" if invitation.message else "")
            + f"Open this link (it is personal; do not forward it): {link}\n\n"
            f"It works until {deadline:%Y-%m-%d %H:%M} ({settings.TIME_ZONE}). "
            "No account or password is needed.\n"
        )
        send_mail(one_line(subject), body, None, [invitation.email])
        Invitation.objects.filter(pk=invitation_id).update(emailed_at=timezone.now())
    return 1


@shared_task(
    autoretry_for=_SEND_ERRORS,
    retry_backoff=5,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=4,
)
def response_submitted_notify_task(invitation_id: int) -> int:
    """Tell the inviter and the team's managers a response is in. Returns the recipients."""
    with transaction.atomic():
        invitation = _claim(invitation_id, "team_notified_at")
        if invitation is None or invitation.submitted_at is None:
            return 0
        candidate = invitation.candidate
        engagement = candidate.engagement
        recipients = set(
            Membership.objects.filter(team=engagement.team, role=Membership.Role.MANAGER)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if invitation.created_by.email:
            recipients.add(invitation.created_by.email)
        url = settings.PORTAL_BASE_URL + reverse(
            "invitations:invitation-list", args=[engagement.pk, candidate.pk]
        )
        subject = f"Response received: {invitation.source} for “{engagement}”"
        body = (
            f"{invitation.source} submitted their response for “{engagement}”.\n\n"
            f"Nothing counts until a member of {engagement.team} reviews it: accept or "
            f"reject each answer and quote here: {url}\n"
        )
        if recipients:
            send_mail(one_line(subject), body, None, sorted(recipients))
        Invitation.objects.filter(pk=invitation_id).update(team_notified_at=timezone.now())
    return len(recipients)


@shared_task(ignore_result=True)
def rfp_round_beat_task() -> dict:
    """Every quarter hour (Celery beat): close the rounds past their deadline and remind
    the contacts who have not submitted, 3 days and 1 day before it. Each reminder goes
    out once: it is claimed by a conditional UPDATE inside the transaction that sends
    it (a failed send rolls the claim back for the next beat), so two beats at once,
    or one run twice, send nothing twice."""
    now = timezone.now()
    closed = round_actions.rounds_close_due(now)
    sent = 0
    for invitation_id, name in round_actions.due_reminders(now):
        try:
            with transaction.atomic():
                if not round_actions.claim_reminder(invitation_id, name, now):
                    continue
                invitation = Invitation.objects.select_related(
                    "candidate__vendor", "candidate__engagement__team"
                ).get(pk=invitation_id)
                _send_reminder(invitation)
                sent += 1
        except _SEND_ERRORS:
            continue  # unclaimed again: the next beat tries once more
    return {"closed": closed, "reminded": sent}


def _send_reminder(invitation: Invitation) -> None:
    engagement = invitation.candidate.engagement
    deadline = timezone.localtime(invitation.deadline)
    subject = f"Reminder: your response for {engagement.team} is due {deadline:%Y-%m-%d}"
    body = (
        f"Hello {invitation.contact_name},\n\n"
        f"{engagement.team} has not received your response for "
        f"{invitation.candidate.vendor} yet. It is due by {deadline:%Y-%m-%d %H:%M} "
        f"({settings.TIME_ZONE}); after that the link closes.\n\n"
        "Open the link from your invitation e-mail to finish and submit it; what you "
        "saved so far is kept.\n"
    )
    send_mail(one_line(subject), body, None, [invitation.email])
