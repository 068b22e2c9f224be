"""The render task and the sweep: safe to run twice, retried on transient errors,
failed with a readable reason, and nothing left queued for good. Tasks run inline
here; tests/test_reports_worker.py runs them in a real worker."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_failure
from django.core.files.storage import default_storage
from django.http import Http404
from django.utils import timezone

from portal.queries import engagement_history
from portal.reports import actions, tasks
from portal.reports.models import Report
from portal.reports.render import RenderedReport


@pytest.fixture
def report(engagement, member):
    return Report.objects.create(engagement=engagement, requested_by=member)


@pytest.fixture(autouse=True)
def _failures_stay_in_the_task():
    """Like a worker: a task's exception is handled by the task (retry, mark failed),
    not raised into the caller, and eager retries run one after another."""
    from portal.celery import app

    saved = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = saved


def _run(report):
    tasks.render_report_task.apply(args=[report.pk])
    report.refresh_from_db()
    return report


def test_the_task_renders_and_stores_one_pdf_named_after_the_report(report):
    report = _run(report)
    assert report.status == Report.Status.DONE
    assert report.file.name == f"reports/{report.public_id}.pdf"
    with default_storage.open(report.file.name) as stored:
        assert stored.read().startswith(b"%PDF")
    assert report.attempts == 1 and report.started_at <= report.finished_at


def test_a_report_already_done_is_left_alone(report):
    report = _run(report)
    finished_at, sha256 = report.finished_at, report.sha256
    report = _run(report)
    assert report.attempts == 1
    assert (report.finished_at, report.sha256) == (finished_at, sha256)


def test_a_second_finish_of_the_same_report_keeps_the_first_file(report):
    claimed = actions.report_claim(report_id=report.pk)
    assert actions.report_finish(report=claimed, pdf=b"%PDF first", pages=1)
    assert not actions.report_finish(report=claimed, pdf=b"%PDF second", pages=1)
    claimed.refresh_from_db()
    with default_storage.open(claimed.file.name) as stored:
        assert stored.read() == b"%PDF first"


def test_a_file_left_by_a_crashed_attempt_is_overwritten_not_duplicated(report):
    from django.core.files.base import ContentFile

    default_storage.save(f"reports/{report.public_id}.pdf", ContentFile(b"half a PDF"))
    report = _run(report)
    names = default_storage.listdir("reports")[1]
    assert [n for n in names if n.startswith(str(report.public_id))] == [f"{report.public_id}.pdf"]
    with default_storage.open(report.file.name) as stored:
        assert len(stored.read()) == report.size


def test_transient_errors_are_retried_then_the_report_fails_with_the_reason(report, monkeypatch):
    calls = []

    def disk_full(_report):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tasks, "render_report", disk_full)
    report = _run(report)
    assert len(calls) == 4  # the first try and three retries
    assert report.status == Report.Status.FAILED
    assert "No space left on device" in report.error


def test_a_transient_error_that_clears_up_still_gives_the_report(report, monkeypatch):
    real_render = tasks.render_report
    calls = []

    def flaky(the_report):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("storage briefly unavailable")
        return real_render(the_report)

    monkeypatch.setattr(tasks, "render_report", flaky)
    report = _run(report)
    assert report.status == Report.Status.DONE
    assert report.attempts == 2


def test_a_bug_in_rendering_fails_the_report_at_once(report, monkeypatch):
    def broken(_report):
        raise ValueError("Unknown section 'exit'")

    monkeypatch.setattr(tasks, "render_report", broken)
    report = _run(report)
    assert report.status == Report.Status.FAILED
    assert report.error == "ValueError: Unknown section 'exit'"
    assert report.attempts == 1


def test_the_soft_time_limit_fails_the_report_with_a_plain_message(report, monkeypatch):
    def too_slow(_report):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(tasks, "render_report", too_slow)
    report = _run(report)
    assert report.status == Report.Status.FAILED
    assert report.error == "Rendering took longer than 20 seconds and was stopped."


def test_the_hard_time_limit_fails_the_report_instead_of_leaving_it_running(report):
    actions.report_claim(report_id=report.pk)
    # What the worker's main process signals when the hard limit killed the child.
    task_failure.send(
        sender=tasks.render_report_task,
        task_id="killed",
        exception=TimeLimitExceeded(30),
        args=(report.pk,),
        kwargs={},
    )
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.error == "Rendering was stopped after 30 seconds."


def test_a_report_that_used_up_its_attempts_fails_instead_of_looping(report, settings):
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, attempts=settings.REPORT_MAX_ATTEMPTS
    )
    report = _run(report)
    assert report.status == Report.Status.FAILED
    assert report.error.startswith(f"Gave up after {settings.REPORT_MAX_ATTEMPTS} attempts")


def test_duplicate_messages_do_not_fail_a_report_that_is_rendering(report, settings):
    # A worker that was down for minutes comes back to a queue holding the report once
    # per sweep; its children take several copies at once while the first renders.
    actions.report_claim(report_id=report.pk)  # the first copy: rendering now
    for _ in range(settings.REPORT_MAX_ATTEMPTS + 2):  # the other copies
        actions.report_claim(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING
    assert report.attempts == settings.REPORT_MAX_ATTEMPTS

    pdf = b"%PDF-1.7\n%%EOF\n"
    assert actions.report_finish(report=report, pdf=pdf, pages=1)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


def test_a_missing_report_is_nothing_to_do(db):
    tasks.render_report_task.apply(args=[999_999])  # no error, nothing created
    assert not Report.objects.exists()


def test_sweep_sends_what_no_worker_took_and_nothing_else(engagement, member, settings):
    now = timezone.now()
    long_ago = now - timedelta(hours=1)

    def make(**fields):
        return Report.objects.create(engagement=engagement, requested_by=member, **fields)

    never_sent = make()
    sent_long_ago = make(enqueued_at=long_ago)
    stuck_running = make(status="running", started_at=long_ago, enqueued_at=long_ago, attempts=1)
    just_sent = make(enqueued_at=now)
    just_started = make(status="running", started_at=now, enqueued_at=now, attempts=1)
    done = make(status="done", enqueued_at=long_ago)
    failed = make(status="failed", enqueued_at=long_ago, error="x")

    assert tasks.sweep_reports_task() == 3
    for swept in (never_sent, sent_long_ago, stuck_running):
        swept.refresh_from_db()
        assert swept.status == Report.Status.DONE  # tasks run inline in tests
    for left in (just_sent, just_started, done, failed):
        before = left.status
        left.refresh_from_db()
        assert left.status == before
    assert tasks.sweep_reports_task() == 0


def test_outsider_cannot_ask_for_a_report(outsider, engagement):
    with pytest.raises(Http404):
        actions.report_request(user=outsider, engagement=engagement)
    assert not Report.objects.exists()


def test_the_report_request_and_what_the_worker_did_are_in_the_engagement_history(
    member, engagement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = actions.report_request(user=member, engagement=engagement)
    entries = LogEntry.objects.get_for_object(report).order_by("timestamp", "id")
    assert [e.action for e in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,  # claimed by a worker
        LogEntry.Action.UPDATE,  # done
    ]
    assert entries[0].actor == member
    # Each entry names the report as it was after that change, as the history shows it.
    assert [e.object_repr.rsplit(" ", 1)[1] for e in entries] == [
        "(Queued)",
        "(Rendering)",
        "(Ready)",
    ]
    assert entries[2].changes_dict["status"] == ["running", "done"]
    assert all(e.additional_data == {"engagement_id": engagement.pk} for e in entries)
    assert set(engagement_history(engagement)) >= set(entries)


def test_a_render_that_finished_but_could_not_be_stored_stays_running(report, monkeypatch):
    claimed = actions.report_claim(report_id=report.pk)

    def refuse(*_args, **_kwargs):
        raise OSError("bucket unavailable")

    monkeypatch.setattr(default_storage, "save", refuse)
    with pytest.raises(OSError):
        actions.report_finish(report=claimed, pdf=b"%PDF", pages=1)
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING  # the retry or the sweep takes it again
    assert report.sha256 == ""


def test_rendered_report_is_what_the_renderer_returns(report):
    # The contract with portal.reports.render: bytes and a page count.
    from portal.reports.render import render_report

    rendered = render_report(report)
    assert isinstance(rendered, RenderedReport)
    assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 1
