"""Write operations on decision reports: asked for by a member, rendered by a worker.

The web process only creates the row and hands its id to the broker after the
transaction commits. The worker claims the row with a conditional UPDATE, so two
deliveries of the same message (a redelivery after a lost worker, a sweep) cannot
both think they own a fresh report, and stores the PDF and marks the row done
under one row lock, so exactly one file with the recorded SHA-256 remains.

Status changes the worker makes are plain UPDATEs (auditlog does not see those);
each one that took effect writes its audit entry explicitly.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import ChannelError
from kombu.exceptions import OperationalError as BrokerError

from portal import access, derived
from portal.errors import DomainError
from portal.models import Engagement
from portal.reports.models import Report, ReportRead

logger = logging.getLogger(__name__)

Status = Report.Status
# What a publish raises when the broker cannot be reached: kombu's OperationalError
# (Redis refused or timed out), its ChannelError (the filesystem broker cannot write
# its folder) or a bare OSError.
BROKER_ERRORS = (BrokerError, ChannelError, OSError)

BROKER_DOWN_MESSAGE = (
    "The report is queued, but the background service that renders reports cannot be "
    "reached right now. It will be rendered automatically once the service is back; "
    "there is no need to ask again."
)


def _audit(report: Report, changes: dict[str, tuple]) -> None:
    """Audit a status change made with a conditional UPDATE (auditlog only sees save())."""
    LogEntry.objects.log_create(
        report,
        action=LogEntry.Action.UPDATE,
        changes={field: [str(before), str(after)] for field, (before, after) in changes.items()},
    )


def _send(report_id: int) -> None:
    """Hand the render task to the broker and note when; raises BROKER_ERRORS.

    The time limits travel in the message, as the settings say when it is sent."""
    from portal.reports.tasks import render_report_task

    render_report_task.apply_async(
        (report_id,),
        soft_time_limit=settings.REPORT_SOFT_TIME_LIMIT,
        time_limit=settings.REPORT_HARD_TIME_LIMIT,
    )
    Report.objects.filter(pk=report_id).update(enqueued_at=timezone.now())


def _notify(report_id: int) -> None:
    from portal.reports.tasks import scorecard_notify_task

    try:
        scorecard_notify_task.delay(report_id)
    except BROKER_ERRORS as exc:
        logger.warning(
            "Scorecard %s: e-mail left to the sweep, broker unreachable: %r", report_id, exc
        )


def _send_after_commit(report: Report) -> None:
    def send() -> None:
        try:
            _send(report.pk)
        except BROKER_ERRORS as exc:
            # The row is committed and stays queued: the sweep sends it later.
            logger.warning("Report %s stays queued, broker unreachable: %r", report.pk, exc)
            report.broker_error = BROKER_DOWN_MESSAGE
        else:
            report.broker_error = ""

    report.broker_error = ""
    transaction.on_commit(send)


def report_request(*, user, engagement: Engagement) -> Report:
    """A member asks for the decision report of ``engagement``.

    Returns the queued report; ``report.broker_error`` is a message for the user when
    the broker could not be reached (the report stays queued for the sweep).
    """
    access.require(user, access.CHANGE, engagement)
    with transaction.atomic(), set_actor(user):
        report = Report.objects.create(engagement=engagement, requested_by=user)
        _send_after_commit(report)
    return report


def report_retry(*, user, report: Report) -> Report:
    """Send a report that failed for good through the worker again."""
    access.require(user, access.CHANGE, report.engagement)
    with transaction.atomic(), set_actor(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status != Status.FAILED:
            raise DomainError("Only a report that failed can be retried.")
        report.status = Status.QUEUED
        report.attempts = 0
        report.error = ""
        report.started_at = report.finished_at = None
        report.save(update_fields=["status", "attempts", "error", "started_at", "finished_at"])
        _send_after_commit(report)
    return report


def report_claim(*, report_id: int) -> Report | None:
    """Claim a report for rendering; ``None`` when there is nothing to do.

    Queued or running (a redelivery after the previous worker died) -> running, one
    more attempt. Done, failed or missing -> nothing. A report that used up its
    attempts is marked failed instead.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = Report.objects.filter(
            pk=report_id,
            status__in=[Status.QUEUED, Status.RUNNING],
            attempts__lt=settings.REPORT_MAX_ATTEMPTS,
        ).update(status=Status.RUNNING, started_at=now, attempts=F("attempts") + 1, error="")
        report = Report.objects.select_related("engagement", "requested_by").filter(pk=report_id)
        report = report.first()
        if report is None:
            return None
        if not claimed:
            # A render that started within the hard time limit may still be going (this
            # is a duplicate message: the sweep re-sent a report while no worker ran, say):
            # leave it to finish instead of failing it under its feet.
            rendering_since = now - timedelta(seconds=settings.REPORT_HARD_TIME_LIMIT)
            still_rendering = (
                report.status == Status.RUNNING
                and report.started_at is not None
                and report.started_at > rendering_since
            )
            if report.status in (Status.QUEUED, Status.RUNNING) and not still_rendering:
                report_fail(
                    report_id=report_id,
                    error=f"Gave up after {report.attempts} attempts: the worker rendering "
                    "it stopped or ran out of time each time.",
                )
            return None
        # A first attempt was queued; a later one was left running by a lost worker.
        before = Status.QUEUED if report.attempts == 1 else Status.RUNNING
        _audit(report, {"status": (before, Status.RUNNING), "attempts": ("", report.attempts)})
    return report


def report_finish(*, report: Report, pdf: bytes, pages: int) -> bool:
    """Store the PDF and mark the report done, as one step. False if already done.

    The conditional UPDATE comes first, inside the transaction: it takes the row's
    write lock, so a second render of the same report waits here and then finds the
    report done. Only the winner writes the file, so the stored bytes are the ones
    whose size and SHA-256 the row records. If storing fails, the UPDATE rolls back
    and the report stays running for the retry.
    """
    # Fixed by the public id, so a second render overwrites the first instead of
    # leaving a second file.
    name = f"reports/{report.public_id}.pdf"
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        updated = Report.objects.filter(pk=report.pk, status=Status.RUNNING).update(
            status=Status.DONE,
            finished_at=timezone.now(),
            file=name,
            size=len(pdf),
            sha256=digest,
            page_count=pages,
            error="",
        )
        if not updated:
            return False
        # Overwrite, never "name_<random>.pdf": a crashed attempt may have left a file.
        report.file.storage.delete(name)
        report.file.save(name, ContentFile(pdf), save=False)
        if (stored := report.file.name) != name:
            report.file.delete(save=False)
            raise OSError(f"Storage saved the report as {stored!r}, not {name!r}.")
        report.status = Status.DONE  # so the audit entry names the report as it now is
        _audit(report, {"status": (Status.RUNNING, Status.DONE), "sha256": ("", digest)})
        if report.kind == Report.Kind.SCORECARD and report.notified_at is None:
            # The link goes out once the row says done, never for a rolled-back finish.
            transaction.on_commit(lambda: _notify(report.pk))
    return True


def report_fail(*, report_id: int, error: str) -> bool:
    """Mark a report that cannot be rendered as failed, with the reason shown to users."""
    with transaction.atomic():
        updated = Report.objects.filter(
            pk=report_id, status__in=[Status.QUEUED, Status.RUNNING]
        ).update(status=Status.FAILED, finished_at=timezone.now(), error=error[:2000])
        if updated:
            report = Report.objects.get(pk=report_id)
            _audit(report, {"status": ("", Status.FAILED), "error": ("", report.error)})
    return bool(updated)


def _stale_reports(now):
    queued_before = now - timedelta(seconds=settings.REPORT_SWEEP_AFTER)
    running_before = now - timedelta(
        seconds=settings.REPORT_HARD_TIME_LIMIT + settings.REPORT_SWEEP_AFTER
    )
    return Q(status=Status.QUEUED) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=queued_before)
    ) | Q(status=Status.RUNNING, started_at__lt=running_before) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=running_before)
    )


def report_sweep(*, limit: int = 100) -> int:
    """Re-send reports no worker took; return how many were sent.

    Queued reports that were never handed to the broker (it was down at the click)
    or were handed over longer ago than ``REPORT_SWEEP_AFTER``; running reports whose
    render started longer ago than the hard time limit allows (the worker died with
    the message). Running it twice in a row sends nothing the second time: a sent
    report's ``enqueued_at`` is now. A duplicate message is harmless: the task
    claims the row first.
    """
    now = timezone.now()
    sent = 0
    ids = list(
        Report.objects.filter(_stale_reports(now))
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    for report_id in ids:
        try:
            _send(report_id)
        except BROKER_ERRORS as exc:
            logger.warning("Report sweep stopped, broker unreachable: %r", exc)
            break
        sent += 1
    return sent


def report_read(*, user, report: Report) -> None:
    """Note that ``user`` opened the report (the dashboard's scorecards to read)."""
    # One INSERT that a second read leaves as it was (the pair is unique).
    ReportRead.objects.bulk_create([ReportRead(report=report, user=user)], ignore_conflicts=True)
    # The team's dashboards list the scorecards each member has not read yet.
    derived.bump_team(report.engagement.team_id)
