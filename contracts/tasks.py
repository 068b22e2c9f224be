"""Background work of steps 5-7: the daily contract reminders."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from contracts import actions
from contracts.models import Contract
from portal.models import Engagement


@shared_task
def send_contract_reminders_task(today: str | None = None) -> int:
    """Run daily by Celery beat: e-mail every reminder due today, once each.

    Safe to run twice or after a worker restart: each reminder is claimed in
    the database before its e-mail goes out (see actions.contract_reminders_send).
    ``today`` (ISO date) is for tests and catch-up runs.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    ids = Contract.objects.exclude(engagement__status=Engagement.Status.CLOSED).values_list(
        "pk", flat=True
    )
    return sum(actions.contract_reminders_send(contract_id=pk, today=day) for pk in ids)
