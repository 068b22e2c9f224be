"""Monthly scorecards: one report per live engagement and month, made by the beat
from the month's first working day (or by a manager's click) and e-mailed once done.

Rendering, claiming and the sweep are the report lifecycle in ``actions``.
"""

from __future__ import annotations

from datetime import date, timedelta

from auditlog.context import set_actor
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from contracts.monitoring.plan_queries import live_engagements
from contracts.monitoring.queries import governance_for
from portal import access
from portal.models import Engagement, Membership
from portal.reports.actions import _send_after_commit
from portal.reports.models import Report
from portal.validators import one_line

Status = Report.Status


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def first_working_day(month: date) -> date:
    """The month's first day from Monday to Friday (public holidays are not known)."""
    day = month.replace(day=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def scorecard_create(*, engagement: Engagement, period: date, user=None) -> tuple[Report, bool]:
    """The scorecard of ``engagement`` for the month ``period``: (report, created).

    Exactly one per engagement and month: the row is inserted under the unique
    constraint on (engagement, kind, period), so a second beat run, a duplicate
    message or a manager's click at the same moment finds the first row instead of
    making another (the loser's insert rolls back to its savepoint). The render task is
    handed to the broker after the commit; the sweep sends it again if that fails or a
    worker dies with it.
    """
    period = period.replace(day=1)
    existing = Report.objects.filter(
        engagement=engagement, kind=Report.Kind.SCORECARD, period=period
    ).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic(), set_actor(user):
            report = Report.objects.create(
                engagement=engagement,
                kind=Report.Kind.SCORECARD,
                period=period,
                requested_by=user,
            )
            _send_after_commit(report)
    except IntegrityError:
        found = Report.objects.get(engagement=engagement, kind=Report.Kind.SCORECARD, period=period)
        return found, False
    return report, True


def scorecard_request(*, user, engagement: Engagement, today: date) -> tuple[Report, bool]:
    """A manager asks for last month's scorecard now: made if there is none, rendered
    again with today's figures if it is done or failed (the same row and file, and no
    second e-mail). Returns (report, made)."""
    access.require(user, access.APPROVE, engagement)
    report, created = scorecard_create(
        engagement=engagement, period=previous_month(today), user=user
    )
    if created:
        return report, True
    with transaction.atomic(), set_actor(user):
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.is_finished:
            report.broker_error = ""
            return report, False  # still queued or rendering: it will be ready soon
        report.status = Status.QUEUED
        report.attempts = 0
        report.error = ""
        report.started_at = report.finished_at = None
        report.save(update_fields=["status", "attempts", "error", "started_at", "finished_at"])
        _send_after_commit(report)
    return report, False


def scorecards_create(*, today: date) -> int:
    """Beat, from the month's first working day: last month's scorecard for every live
    engagement that has none yet; returns how many were made."""
    if today < first_working_day(today):
        return 0
    made = 0
    for engagement in live_engagements().order_by("pk"):
        _, created = scorecard_create(engagement=engagement, period=previous_month(today))
        made += created
    return made


def scorecard_recipients(report: Report) -> list[str]:
    """The team's managers and the person named to monitor the vendor."""
    engagement = report.engagement
    emails = set(
        Membership.objects.filter(team=engagement.team, role=Membership.Role.MANAGER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    governance = governance_for(engagement)
    if governance and governance.monitor and governance.monitor.email:
        emails.add(governance.monitor.email)
    return sorted(emails)


def scorecard_notify(*, report_id: int) -> int:
    """E-mail the link to a finished scorecard, once; returns how many were sent to.

    The row is locked while the e-mail goes out and marked in the same transaction
    only once the send succeeded: a second run waits for the lock and finds it sent, a
    failed send rolls the mark back so the retry (or the sweep) sends it.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update()
            .filter(
                pk=report_id,
                kind=Report.Kind.SCORECARD,
                status=Status.DONE,
                notified_at__isnull=True,
            )
            .first()
        )
        if report is None:
            return 0
        report = Report.objects.select_related("engagement__team").get(pk=report_id)
        recipients = scorecard_recipients(report)
        if recipients:
            engagement = report.engagement
            link = settings.PORTAL_BASE_URL + reverse(
                "reports:report-download", args=[engagement.pk, report.public_id]
            )
            send_mail(
                one_line(f"{report.title}: {engagement}"),
                f"The scorecard of “{engagement}” for {report.period:%B %Y} is ready: the "
                "vendor's standing, its KPIs against the SLAs, the test calls, open "
                f"follow-up actions and the deadlines to come.\n\nDownload it here: {link}\n",
                None,
                recipients,
            )
        # Bookkeeping, not a decision: a plain UPDATE, no audit entry.
        Report.objects.filter(pk=report_id).update(notified_at=timezone.now())
    return len(recipients)


NOTIFY_SWEEP_AFTER = timedelta(minutes=10)
NOTIFY_GIVE_UP_AFTER = timedelta(days=7)


def scorecard_notify_pending(now=None) -> list[int]:
    """Finished scorecards whose e-mail never went out (the mail server was down longer
    than the send's retries), finished long enough ago, and not stale news yet."""
    now = now or timezone.now()
    return list(
        Report.objects.filter(
            kind=Report.Kind.SCORECARD,
            status=Status.DONE,
            notified_at__isnull=True,
            finished_at__lte=now - NOTIFY_SWEEP_AFTER,
            finished_at__gte=now - NOTIFY_GIVE_UP_AFTER,
        ).values_list("pk", flat=True)
    )
