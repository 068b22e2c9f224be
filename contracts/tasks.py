"""Background work of steps 5-7: the daily contract reminders and re-assessments,
and the monthly test-call plans."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from contracts.contract.actions import contract_reminders_send
from contracts.models import Contract
from contracts.monitoring.plan_actions import test_call_plans_generate
from contracts.monitoring.review_actions import reassessments_start_due
from portal.models import Engagement

logger = logging.getLogger(__name__)


@shared_task
def send_contract_reminders_task(today: str | None = None) -> int:
    """Run daily by Celery beat: e-mail every reminder due today, once each.

    Safe to run twice or after a worker restart: each reminder is claimed in
    the database before its e-mail goes out (see contract_reminders_send).
    ``today`` (ISO date) is for tests and catch-up runs.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    ids = Contract.objects.exclude(engagement__status=Engagement.Status.CLOSED).values_list(
        "pk", flat=True
    )
    sent = 0
    for pk in ids:
        # One team's failure (a refused address, the mail server dropping) must not
        # hold back every other team's reminders; its claims were rolled back, so
        # the next run sends them.
        try:
            sent += contract_reminders_send(contract_id=pk, today=day)
        except Exception:
            logger.exception("Contract %s: reminders not sent, retried on the next run", pk)
    return sent


@shared_task
def start_due_reassessments_task(today: str | None = None) -> int:
    """Run daily by Celery beat: start each re-assessment round that came due, and
    e-mail its assignee after commit.

    Safe to run twice or at once: a round is claimed under a lock on its checklist
    and a unique (checklist, due day); its e-mail by a claim on the round, released
    if sending fails so the next run sends it (see reassessments_start_due).
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    return reassessments_start_due(today=day)


@shared_task
def generate_test_call_plans_task(today: str | None = None) -> int:
    """Run by Celery beat on the 1st (and the 2nd and 3rd, to catch up): this month's
    test-call plan for every live engagement. Safe to run twice or at once with a
    member's click: one plan per engagement and month (a unique constraint); returns
    how many were made. ``today`` (ISO date) is for tests and catch-up runs."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return test_call_plans_generate(month=day.replace(day=1))
