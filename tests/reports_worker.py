"""A real Celery worker for the report tests, started as a subprocess by them.

``python -m tests.reports_worker`` runs ``celery worker`` with the prefork pool (one
child process, like production) on the test run's broker, media folder and test
database (see portal/settings/test.py; the database comes in DATABASE_URL).

While the file named by PORTAL_TEST_SLOW_RENDER_FLAG exists (it holds a number of
seconds), the first attempt at each report waits that long before rendering, so a
test has time to kill the child process in the middle of the task. Later attempts
render at full speed. "<seconds> stuck" holds back the soft time limit's signal from
the moment the task starts (before it claims the report, however long that takes),
like a render stuck in C code, which only the hard time limit can stop.
"""

import os
import signal
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
django.setup()

from celery.signals import task_prerun  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from portal.celery import app  # noqa: E402
from portal.reports import tasks  # noqa: E402


def _slow_first_attempts(flag: Path):
    real_render = tasks.render_report

    def render(report):
        if report.attempts == 1 and flag.exists():
            time.sleep(float(flag.read_text().split()[0]))
        return real_render(report)

    return render


def _stuck_from_the_start(flag: Path):
    def hold_back_the_soft_limit(**_kwargs) -> None:
        # The child dies at the hard limit, and its signal mask with it.
        if flag.exists() and "stuck" in flag.read_text().split():
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})

    return hold_back_the_soft_limit


def _forget_content_types(**_kwargs) -> None:
    # Transactional tests flush the database between tests, content types included,
    # and new ids come back; a worker that outlives a test must not keep the old ones.
    ContentType.objects.clear_cache()


def main() -> None:
    # The test settings run tasks inline; a worker hands the tasks it sends (a
    # scorecard's render, its e-mail) to the broker like a production worker.
    app.conf.task_always_eager = False
    task_prerun.connect(_forget_content_types, weak=False)
    flag = os.environ.get("PORTAL_TEST_SLOW_RENDER_FLAG")
    if flag:
        tasks.render_report = _slow_first_attempts(Path(flag))
        task_prerun.connect(_stuck_from_the_start(Path(flag)), weak=False)
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            f"--queues={app.conf.task_default_queue}",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ]
    )


if __name__ == "__main__":
    main()
