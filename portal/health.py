"""``/healthz``: can we reach the database and the broker, and does a worker answer?"""

from __future__ import annotations

import time
import warnings
from datetime import timedelta

from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.core.cache import cache
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


# Load balancers and monitors poll /healthz often and anonymously. The full check
# writes a WorkerPing row and may wait PORTAL_HEALTH_PING_TIMEOUT for a worker, so its
# result is kept this many seconds, and only one check runs at a time per cache.
RESULT_SECONDS = 10
_RESULT_KEY = "portal:healthz:result"  # fresh result, expires after RESULT_SECONDS
_LAST_KEY = "portal:healthz:last"  # last result ever, for requests that arrive mid-check
_LOCK_KEY = "portal:healthz:running"


def _run_checks() -> dict:
    database = _check_database()
    broker = _check_broker()
    if database != "ok" or broker != "ok":
        worker, workers = "not checked", []
    else:
        worker, workers = _check_worker()
    healthy = database == broker == worker == "ok"
    return {
        "status": "ok" if healthy else "degraded",
        "database": database,
        "broker": broker,
        "worker": worker,
        "workers": workers,
        "checked_at": timezone.now().isoformat(timespec="seconds"),
    }


def _current_result() -> dict:
    """The last check if younger than RESULT_SECONDS, else a new one.

    ``cache.add`` is atomic, so of the requests that find no fresh result only one
    runs the check; the others answer with the previous result instead of sending
    pings of their own. A lock older than the longest check (a crashed process)
    expires by itself.
    """
    result = cache.get(_RESULT_KEY)
    if result is not None:
        return result
    timeout = settings.PORTAL_HEALTH_PING_TIMEOUT
    longest_check = timeout + 10  # the broker check may wait ~2 s, the ping `timeout`
    if cache.add(_LOCK_KEY, True, timeout=longest_check):
        try:
            result = _run_checks()
            cache.set(_RESULT_KEY, result, RESULT_SECONDS)
            cache.set(_LAST_KEY, result, None)
        finally:
            cache.delete(_LOCK_KEY)
        return result
    # Another request is checking. Answer with the previous result; on the very
    # first check there is none, so wait (bounded) for the one in flight.
    deadline = time.monotonic() + longest_check
    while (result := cache.get(_LAST_KEY)) is None:
        if time.monotonic() >= deadline or cache.get(_LOCK_KEY) is None:
            return cache.get(_LAST_KEY) or _run_checks()
        time.sleep(0.05)
    return result


@never_cache
@require_GET
def healthz(request):
    try:
        result = _current_result()
    except Exception:  # the cache itself is down (Redis, shared with the broker)
        result = _run_checks()
        result["cache"] = "error"
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)
