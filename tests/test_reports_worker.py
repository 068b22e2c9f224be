"""Decision reports through a real broker and a real ``celery worker`` process.

The broker is Redis when REDIS_URL is set (as in CI) and the embedded filesystem
broker otherwise; the worker (tests/reports_worker.py, prefork pool) renders against
this test's database, so these tests commit for real (transactional tests).
"""

from __future__ import annotations

import io
import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from portal.celery import app as celery_app
from portal.reports import actions
from portal.reports.models import Report
from portal.reports.tasks import sweep_reports_task
from tests.real_worker import RealWorker

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 60


def _publish_through(connection) -> None:
    """Make this process publish through ``connection`` (a kombu connection template):
    the broker connections it pools, and the producers on them, are made anew."""
    pool = celery_app.pool
    pool.connection = connection
    for resources in (celery_app.amqp.producer_pool, pool):
        resources.resize(resources.limit, reset=True)


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One real worker for this module; tests switch its slow first render on and off."""
    global _worker_log
    real_worker = RealWorker(tmp_path_factory.mktemp("worker"))
    _worker_log = real_worker.log
    real_worker.start()
    yield real_worker
    real_worker.stop()


@pytest.fixture
def through_broker(worker):
    """``.delay()`` goes to the broker (the test settings otherwise run tasks inline)."""
    celery_app.conf.task_always_eager = False
    yield worker
    celery_app.conf.task_always_eager = True
    worker.slow_flag.unlink(missing_ok=True)


@contextmanager
def _broker_unreachable():
    """Point this (web) process at a broker that does not answer; the worker is unaffected."""
    reachable = celery_app.pool.connection
    if celery_app.conf.broker_url.startswith("redis"):
        unreachable = celery_app.connection_for_write("redis://127.0.0.1:1/0")
    else:
        unreachable = celery_app.connection_for_write(
            transport_options={"data_folder_out": "/nonexistent/portal-broker/queue"}
        )
    _publish_through(unreachable)
    try:
        yield
    finally:
        _publish_through(reachable)


_worker_log: Path | None = None


def _wait_for(report: Report, *statuses: str, seconds: float = WAIT_SECONDS) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.1)
    log = _worker_log.read_text()[-3000:] if _worker_log and _worker_log.exists() else ""
    raise AssertionError(
        f"report still {report.status} after {seconds}s: {report.error}\nworker log:\n{log}"
    )


def _stored_files_of(report: Report) -> list[str]:
    """Files in the reports folder that belong to ``report`` (one, or a duplicate)."""
    try:
        names = default_storage.listdir("reports")[1]
    except FileNotFoundError:
        return []
    return sorted(name for name in names if name.startswith(str(report.public_id)))


def _worker_children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _generate(client, engagement):
    return client.post(reverse("reports:report-request", args=[engagement.pk]), follow=True)


@pytest.mark.smoke
def test_generate_report_is_rendered_by_a_worker_and_downloads(
    through_broker, member_client, engagement
):
    response = _generate(member_client, engagement)
    assert "Report requested" in response.content.decode()
    report = _wait_for(Report.objects.get(engagement=engagement), "done", "failed")
    assert report.status == "done", report.error

    page = member_client.get(reverse("reports:report-list", args=[engagement.pk]))
    assert "Download" in page.content.decode()
    download = member_client.get(
        reverse("reports:report-download", args=[engagement.pk, report.public_id])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    pdf = b"".join(download.streaming_content)
    assert len(pdf) == report.size
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Page 1 of" in text
    assert engagement.title in text
    assert report.page_count == len(PdfReader(io.BytesIO(pdf)).pages)


def test_a_child_killed_mid_render_is_run_again_and_stores_one_file(
    through_broker, member_client, engagement
):
    through_broker.slow_flag.write_text("30")
    _generate(member_client, engagement)
    report = _wait_for(Report.objects.get(engagement=engagement), "running")
    children = _worker_children(through_broker.pid)
    assert len(children) == 1, children
    os.kill(children[0], signal.SIGKILL)

    report = _wait_for(report, "done", "failed")
    assert report.status == "done", report.error
    assert report.attempts == 2
    assert _stored_files_of(report) == [f"{report.public_id}.pdf"]
    with default_storage.open(report.file.name) as stored:
        assert len(stored.read()) == report.size


def test_broker_down_keeps_the_report_and_the_sweep_sends_it_later(
    through_broker, member_client, engagement
):
    with _broker_unreachable():
        response = _generate(member_client, engagement)
    assert "cannot be reached right now" in response.content.decode()
    report = Report.objects.get(engagement=engagement)
    assert report.status == "queued" and report.enqueued_at is None

    assert sweep_reports_task() == 1
    assert sweep_reports_task() == 0  # sent once: the second sweep finds nothing to do
    report = _wait_for(report, "done", "failed")
    assert report.status == "done", report.error


def test_a_report_sent_twice_is_rendered_once(through_broker, member, engagement):
    report = actions.report_request(user=member, engagement=engagement)
    from portal.reports.tasks import render_report_task

    render_report_task.delay(report.pk)  # a duplicate message, as a redelivery would be
    report = _wait_for(report, "done", "failed")
    time.sleep(1)  # let the second message reach the worker too
    report.refresh_from_db()
    assert report.status == "done"
    assert report.attempts == 1
    assert _stored_files_of(report) == [f"{report.public_id}.pdf"]


def test_a_worker_killed_outright_loses_nothing_the_sweep_sends_its_report_again(
    through_broker, member_client, engagement, settings
):
    through_broker.slow_flag.write_text("30")
    _generate(member_client, engagement)
    report = _wait_for(Report.objects.get(engagement=engagement), "running")
    # The filesystem broker's message died with the worker; Redis would give it back
    # only after its visibility timeout. The sweep does not wait for either.
    through_broker.kill_outright()
    through_broker.start()

    settings.REPORT_SWEEP_AFTER = 0
    settings.REPORT_HARD_TIME_LIMIT = 0  # as if the render's time were up
    assert sweep_reports_task() == 1
    report = _wait_for(report, "done", "failed")
    assert report.status == "done", report.error
    assert report.attempts == 2
    assert _stored_files_of(report) == [f"{report.public_id}.pdf"]


def test_a_render_over_the_soft_time_limit_fails_with_a_plain_reason(
    through_broker, member, engagement, settings
):
    # The limits travel with the message, from the process that sends it. The render
    # waits long enough that the soft limit always falls in it, however slow the
    # machine is to claim the report first.
    settings.REPORT_SOFT_TIME_LIMIT = 3
    through_broker.slow_flag.write_text("30")
    report = actions.report_request(user=member, engagement=engagement)

    report = _wait_for(report, "done", "failed")
    assert report.status == "failed"
    assert report.error == "Rendering took longer than 3 seconds and was stopped."
    assert not _stored_files_of(report)


def test_a_render_killed_at_the_hard_time_limit_fails_with_a_plain_reason(
    through_broker, member, engagement
):
    # A render stuck where the soft limit cannot interrupt it (C code): only the hard
    # limit, which kills the child process, stops it. Only this report is sent with
    # the short limits.
    through_broker.slow_flag.write_text("30 stuck")
    with override_settings(REPORT_SOFT_TIME_LIMIT=1, REPORT_HARD_TIME_LIMIT=2):
        report = actions.report_request(user=member, engagement=engagement)

    report = _wait_for(report, "done", "failed")
    assert report.status == "failed"
    assert report.error == "Rendering was stopped after 2 seconds."
    # The worker replaced its child and renders the next report, sent with the usual
    # limits, at full speed.
    through_broker.slow_flag.unlink()
    report = actions.report_request(user=member, engagement=engagement)
    assert _wait_for(report, "done", "failed").status == "done", report.error
