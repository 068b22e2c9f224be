"""The broker and task limits that keep a lost report from being lost, or run twice."""

from django.conf import settings

from portal.reports.tasks import render_report_task


def test_the_render_task_is_acknowledged_late_and_requeued_when_its_worker_dies():
    assert render_report_task.acks_late is True
    assert render_report_task.reject_on_worker_lost is True
    assert render_report_task.soft_time_limit < render_report_task.time_limit
    assert settings.CELERY_WORKER_MAX_TASKS_PER_CHILD > 0


def test_redis_gives_a_lost_task_back_within_a_minute_but_never_while_it_runs(monkeypatch):
    import importlib

    import portal.settings.base as base

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis_settings = importlib.reload(base)
        options = redis_settings.CELERY_BROKER_TRANSPORT_OPTIONS
        longest_hold = (
            redis_settings.REPORT_HARD_TIME_LIMIT + redis_settings.REPORT_RETRY_BACKOFF_MAX
        )
    finally:
        monkeypatch.undo()
        importlib.reload(base)
    assert options["visibility_timeout"] > longest_hold
    back_after = options["visibility_timeout"] + (
        options["unacked_restore_interval"] * options["unacked_restore_throttle"]
    )
    assert back_after <= 60


def test_the_sweep_runs_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep"]
    assert entry["task"] == "portal.reports.tasks.sweep_reports_task"
    assert entry["schedule"] <= 60
