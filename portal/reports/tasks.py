"""Render decision reports in Celery workers; nothing lost, nothing twice.

- The task takes a report id and re-reads the row; ``report_claim`` decides whether
  there is work (a report already done is left alone).
- ``acks_late`` + ``reject_on_worker_lost``: the message is acknowledged only once
  the task has finished, and a child process killed mid-render puts it back.
- Transient errors (database or broker hiccup, storage I/O) retry with exponential
  backoff; after the last retry, or on any other error, the report is marked failed
  with its error text, and a member may press Retry.
- The soft time limit fails the report with a plain message; the hard limit kills a
  render stuck in C code and fails the report the same way (the worker's main process
  says so: the child is gone). Both limits travel in the message, from the sender's
  settings when it sends (``actions._send``); the decorator's are for inline runs.
"""

from __future__ import annotations

import gc
import logging
import os
from contextlib import suppress
from datetime import date
from pathlib import Path
from smtplib import SMTPException

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure, worker_process_init
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from portal.reports import actions, render, scorecard_actions
from portal.reports.render import render_report

TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, OSError)
log = logging.getLogger(__name__)
# Where a worker's child says it is ready (``scripts/run-dev`` waits for it before it
# prints the URL): a file named after its process id, once its renderer is warm.
READY_DIR_VARIABLE = "PORTAL_WORKER_READY_DIR"


@worker_process_init.connect
def warm_renderer(**kwargs) -> None:
    """Each child warms its renderer before it takes a task, so the first click on
    Generate report waits only for its own report (about a second and a half less)."""
    try:
        render.warm_up()
    except Exception:  # a report still renders without it, only slower the first time
        log.exception("The report renderer could not be warmed up.")
    if folder := os.environ.get(READY_DIR_VARIABLE):
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        (path / f"child-{os.getpid()}").touch()


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """The task gave up (last retry spent, or an error retrying cannot fix)."""
        report_id = args[0] if args else kwargs.get("report_id")
        # Database down too: the row stays running and the sweep sends it again.
        with suppress(DatabaseError):
            actions.report_fail(report_id=report_id, error=_error_text(exc))


def _seconds(limit) -> str:
    limit = int(limit)
    return f"{limit} second" if limit == 1 else f"{limit} seconds"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, TimeLimitExceeded):
        limit = exc.args[0] if exc.args else settings.REPORT_HARD_TIME_LIMIT
        return f"Rendering was stopped after {_seconds(limit)}."
    detail = str(exc).strip()
    return f"{exc.__class__.__name__}: {detail}" if detail else exc.__class__.__name__


@shared_task(
    bind=True,
    base=ReportTask,
    name="portal.reports.tasks.render_report_task",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_HARD_TIME_LIMIT,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=settings.REPORT_MAX_RETRIES,
    retry_backoff=1,
    retry_backoff_max=settings.REPORT_RETRY_BACKOFF_MAX,
    retry_jitter=True,
)
def render_report_task(self, report_id: int) -> None:
    report = actions.report_claim(report_id=report_id)
    if report is None:
        return
    try:
        rendered = render_report(report)
    except SoftTimeLimitExceeded:
        # The limit this message carried (the sender's settings), else this worker's.
        limit = (self.request.timelimit or (None, None))[1] or settings.REPORT_SOFT_TIME_LIMIT
        actions.report_fail(
            report_id=report_id,
            error=f"Rendering took longer than {_seconds(limit)} and was stopped.",
        )
        return
    actions.report_finish(report=report, pdf=rendered.pdf, pages=rendered.pages)
    # The laid-out pages are tens of megabytes of cyclic objects: collect them now, so
    # the next report does not start on this one's garbage, but only once this one is
    # downloadable (a full collection takes a tenth of a second).
    del rendered
    gc.collect()


@task_failure.connect(sender=render_report_task, weak=False)
def _killed_at_the_hard_limit(sender=None, task_id=None, exception=None, args=(), **kwargs):
    """The hard limit killed the child: say it here, in the worker's main process,
    rather than leave the report "running" (Celery before 5.5 does not call the
    task's on_failure for a hard time limit; later ones do, with the same text)."""
    if isinstance(exception, TimeLimitExceeded) and args:
        with suppress(DatabaseError):
            actions.report_fail(report_id=args[0], error=_error_text(exception))


@shared_task(name="portal.reports.tasks.sweep_reports_task", ignore_result=True)
def sweep_reports_task() -> int:
    """Beat, every minute: re-send queued reports no worker took (see report_sweep)."""
    return actions.report_sweep()


# --- Monthly scorecards ---------------------------------------------------------

_SEND_ERRORS = (SMTPException, OSError)


@shared_task(name="portal.reports.tasks.create_scorecards_task", ignore_result=True)
def create_scorecards_task(today: str | None = None) -> int:
    """Beat, every morning of the month's first week: from its first working day on,
    last month's scorecard for each live engagement that has none (one per engagement
    and month under a unique constraint, so the later mornings make nothing new).
    ``today`` (ISO date) is for tests and catch-up runs."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    return scorecard_actions.scorecards_create(today=day)


@shared_task(
    name="portal.reports.tasks.scorecard_notify_task",
    ignore_result=True,
    autoretry_for=_SEND_ERRORS,
    retry_backoff=5,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=4,
)
def scorecard_notify_task(report_id: int) -> int:
    """E-mail a finished scorecard's link once (see ``scorecard_actions.scorecard_notify``)."""
    return scorecard_actions.scorecard_notify(report_id=report_id)


@shared_task(name="portal.reports.tasks.scorecard_notify_sweep_task", ignore_result=True)
def scorecard_notify_sweep_task() -> int:
    """Beat, every ten minutes: send again the scorecard e-mails whose sends all failed.
    Safe beside a running send: each goes through the notify task's row lock."""
    pending = scorecard_actions.scorecard_notify_pending()
    for report_id in pending:
        scorecard_notify_task.delay(report_id)
    return len(pending)
