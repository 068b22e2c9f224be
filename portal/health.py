"""``/healthz``: can we reach the database and the broker, and does a worker answer?"""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.celery import app as celery_app

PING_TIMEOUT_SECONDS = 1.0


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
    try:
        replies = celery_app.control.ping(timeout=PING_TIMEOUT_SECONDS)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}", []
    workers = sorted(name for reply in replies for name in reply)
    return ("ok" if workers else "no worker answered"), workers


@never_cache
@require_GET
def healthz(request):
    database = _check_database()
    broker = _check_broker()
    worker, workers = _check_worker() if broker == "ok" else ("broker unreachable", [])
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
