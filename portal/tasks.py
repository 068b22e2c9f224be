"""Background work of the core."""

from celery import shared_task
from django.utils import timezone

from portal.models import WorkerPing

HEALTH_PING_TASK = "portal.health_ping"


@shared_task(name=HEALTH_PING_TASK, ignore_result=True)
def health_ping_task(token: str) -> None:
    """Answer a /healthz ping; a second delivery of the same ping changes nothing."""
    WorkerPing.objects.filter(token=token, answered_at__isnull=True).update(
        answered_at=timezone.now(), answered_by=health_ping_task.request.hostname or "worker"
    )
