"""Background work of steps 5-7: the daily contract reminders."""

from __future__ import annotations

import logging
from datetime import date

from celery import shared_task
from django.utils import timezone

from contracts.contract.actions import contract_reminders_send
from contracts.models import Contract
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
