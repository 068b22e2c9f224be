"""Monthly scorecards: one per engagement and month from the first working day, the
same renderer as the decision report, the link e-mailed once after commit to the
managers and the monitor. Tasks run inline here; tests/test_reports_scorecard_worker.py
runs them in a real worker."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.models import Engagement
from portal.reports import scorecard_actions, tasks
from portal.reports.models import Report, ReportRead
from tests.factories_contracts import (
    ContractFactory,
    GovernanceFactory,
    KpiRecordFactory,
    SlaFactory,
)
from tests.factories_diligence import TestCallFactory

# Tuesday 1 December 2026 is the month's first working day; 1 August 2026 is a Saturday.
FIRST = "2026-12-01"


@pytest.fixture(autouse=True)
def _failures_stay_in_the_task():
    from portal.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


@pytest.fixture
def live(engagement, member, manager):
    contract = ContractFactory(engagement=engagement)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.LIVE)
    GovernanceFactory(engagement=engagement, monitor=member)
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2026, 11, 1), value=Decimal("74.5"))
    TestCallFactory(
        candidate=contract.candidate,
        called_at=datetime(2026, 11, 10, 15, tzinfo=timezone.get_current_timezone()),
    )
    engagement.refresh_from_db()
    return engagement


def _pdf_text(report) -> str:
    with default_storage.open(report.file.name) as stored:
        reader = PdfReader(io.BytesIO(stored.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_first_working_day_makes_last_months_scorecard_and_mails_it(
    live, member, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.create_scorecards_task(FIRST) == 1
    report = Report.objects.get(engagement=live)
    assert (report.kind, report.period, report.status) == ("scorecard", date(2026, 11, 1), "done")
    assert report.page_count <= 2
    text = _pdf_text(report)
    assert "Monthly vendor scorecard" in text
    assert "November 2026" in text
    assert "1 SLA breached in November: Service level (20 s)." in text
    assert "Standing" in text
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == sorted([manager.email, member.email])
    assert sent.subject == f"Scorecard for November 2026: {live}"
    assert reverse("reports:report-download", args=[live.pk, report.public_id]) in sent.body
    report.refresh_from_db()
    assert report.notified_at is not None


def test_running_beat_again_makes_no_second_scorecard_nor_mail(
    live, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.create_scorecards_task(FIRST)
        assert tasks.create_scorecards_task(FIRST) == 0
        assert tasks.create_scorecards_task("2026-12-04") == 0
    assert Report.objects.filter(engagement=live).count() == 1
    assert len(mail.outbox) == 1


def test_before_the_first_working_day_nothing_is_made(live):
    # August 2026 starts on a Saturday: its first working day is Monday the 3rd.
    assert scorecard_actions.first_working_day(date(2026, 8, 1)) == date(2026, 8, 3)
    assert tasks.create_scorecards_task("2026-08-01") == 0
    assert tasks.create_scorecards_task("2026-08-02") == 0
    assert not Report.objects.exists()


def test_an_engagement_not_live_gets_no_scorecard(engagement):
    assert tasks.create_scorecards_task(FIRST) == 0


def test_a_failed_send_is_retried_and_mailed_once(
    live, monkeypatch, django_capture_on_commit_callbacks
):
    real_send = scorecard_actions.send_mail
    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(1)
        if len(attempts) == 1:
            raise SMTPException("451 try again later")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(scorecard_actions, "send_mail", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.create_scorecards_task(FIRST)
    assert len(attempts) == 2
    assert len(mail.outbox) == 1
    report = Report.objects.get()
    assert report.notified_at is not None
    # Sending again (a duplicate message, the sweep) sends nothing.
    assert tasks.scorecard_notify_task.apply(args=[report.pk]).result == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_what_the_retries_could_not(
    live, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr(scorecard_actions, "send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.create_scorecards_task(FIRST)
    report = Report.objects.get()
    assert report.notified_at is None
    assert tasks.scorecard_notify_sweep_task() == 0  # too recent: the retries' turn
    monkeypatch.undo()
    Report.objects.filter(pk=report.pk).update(finished_at=timezone.now() - timedelta(minutes=11))
    assert tasks.scorecard_notify_sweep_task() == 1
    assert len(mail.outbox) == 1
    assert tasks.scorecard_notify_sweep_task() == 0


def test_a_manager_asks_for_last_months_scorecard_and_again_rerenders_the_same_one(
    live, manager_client, django_capture_on_commit_callbacks
):
    url = reverse("reports:scorecard-request", args=[live.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, follow=True)
    assert "requested" in response.text
    report = Report.objects.get(kind="scorecard")
    assert report.period == scorecard_actions.previous_month(timezone.localdate())
    first_sha = report.sha256
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, follow=True)
    assert "rendered again" in response.text
    assert Report.objects.filter(kind="scorecard").count() == 1
    report.refresh_from_db()
    assert report.status == "done" and report.sha256  # a fresh render of the same row
    assert first_sha
    assert len(mail.outbox) == 1  # the link went out once


def test_a_member_may_not_ask_for_a_scorecard(live, member_client):
    response = member_client.post(reverse("reports:scorecard-request", args=[live.pk]))
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_downloading_a_scorecard_notes_it_read(
    live, member, member_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.create_scorecards_task(FIRST)
    report = Report.objects.get()
    url = reverse("reports:report-download", args=[live.pk, report.public_id])
    assert member_client.get(url).status_code == 200
    assert member_client.get(url).status_code == 200
    assert ReportRead.objects.filter(report=report, user=member).count() == 1


def test_the_report_list_names_each_report(
    live, manager_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tasks.create_scorecards_task(FIRST)
    page = manager_client.get(reverse("reports:report-list", args=[live.pk])).text
    assert "Scorecard for November 2026" in page
    assert "Last month's scorecard now" in page
