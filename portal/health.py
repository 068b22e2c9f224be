"""``/healthz``: can we reach the database and the broker, and does a worker answer?"""

from __future__ import annotations

import time
import warnings
from datetime import timedelta

from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.celery import app as celery_app
from portal.models import WorkerPing
from portal.tasks import HEALTH_PING_TASK


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; say which
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_broker() -> str:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _check_worker() -> tuple[str, list[str]]:
    """Send a ping task through the broker and wait for a worker to answer it."""
    timeout = settings.PORTAL_HEALTH_PING_TIMEOUT
    try:
        WorkerPing.objects.filter(sent_at__lt=timezone.now() - timedelta(hours=1)).delete()
        ping = WorkerPing.objects.create()
        # send_task goes through the broker even where tasks otherwise run eagerly;
        # a ping nobody took in time is dropped instead of piling up.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            celery_app.send_task(HEALTH_PING_TASK, args=[str(ping.token)], expires=timeout * 10)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}", []
    deadline = time.monotonic() + timeout
    while True:
        answered_by = (
            WorkerPing.objects.filter(pk=ping.pk, answered_at__isnull=False)
            .values_list("answered_by", flat=True)
            .first()
        )
        if answered_by is not None:
            return "ok", [answered_by]
        if time.monotonic() >= deadline:
            return "no worker answered", []
        time.sleep(0.05)


@never_cache
@require_GET
def healthz(request):
    database = _check_database()
    broker = _check_broker()
    if database != "ok" or broker != "ok":
        worker, workers = "not checked", []
    else:
        worker, workers = _check_worker()
    healthy = database == broker == worker == "ok"
    return JsonResponse(
        {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "broker": broker,
            "worker": worker,
            "workers": workers,
        },
        status=200 if healthy else 503,
    )
