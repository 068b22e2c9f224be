"""Monthly scorecards through a real broker and a real ``celery worker`` process: beat
delivering twice, a worker child killed mid-render and a worker killed outright still
give one scorecard per engagement and month, one file, its e-mail sent once."""

from __future__ import annotations

import os
import signal
import time
from datetime import date
from decimal import Decimal

import pytest

from portal.models import Engagement
from portal.reports.models import Report
from portal.reports.tasks import create_scorecards_task, sweep_reports_task
from tests import test_reports_worker as worker_tests
from tests.factories_contracts import (
    ContractFactory,
    GovernanceFactory,
    KpiRecordFactory,
    SlaFactory,
)
from tests.test_reports_worker import WAIT_SECONDS, _stored_files_of, _wait_for, _worker_children

pytestmark = pytest.mark.django_db(transaction=True)

# The real worker of the decision report tests, one for this module too.
worker = worker_tests.worker
through_broker = worker_tests.through_broker

FIRST = "2026-12-01"  # a Tuesday: the month's first working day


@pytest.fixture
def live(engagement, member, manager):
    ContractFactory(engagement=engagement)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.LIVE)
    GovernanceFactory(engagement=engagement, monitor=member)
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2026, 11, 1), value=Decimal("74.5"))
    return engagement


def _scorecard(engagement) -> Report:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = Report.objects.filter(engagement=engagement, kind="scorecard").first()
        if found is not None:
            return found
        time.sleep(0.1)
    raise AssertionError("no scorecard was made")


def _wait_notified(report: Report) -> Report:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.notified_at is not None:
            return report
        time.sleep(0.1)
    raise AssertionError("the scorecard's e-mail was not sent")


def test_beat_delivered_twice_and_a_child_killed_mid_render_give_one_scorecard(
    through_broker, live
):
    through_broker.slow_flag.write_text("30")
    create_scorecards_task.delay(FIRST)
    create_scorecards_task.delay(FIRST)  # beat running twice, or a redelivery
    report = _wait_for(_scorecard(live), "running")
    children = _worker_children(through_broker.pid)
    assert len(children) == 1, children
    os.kill(children[0], signal.SIGKILL)

    report = _wait_for(report, "done", "failed")
    assert report.status == "done", report.error
    assert report.attempts == 2
    assert _stored_files_of(report) == [f"{report.public_id}.pdf"]
    assert Report.objects.filter(engagement=live).count() == 1
    notified_at = _wait_notified(report).notified_at
    create_scorecards_task.delay(FIRST)  # a later morning of the first week
    time.sleep(1)
    report.refresh_from_db()
    assert Report.objects.filter(engagement=live).count() == 1
    assert report.notified_at == notified_at  # not sent again


def test_a_worker_killed_outright_mid_render_leaves_one_scorecard_after_the_sweep(
    through_broker, live, settings
):
    through_broker.slow_flag.write_text("30")
    create_scorecards_task.delay(FIRST)
    report = _wait_for(_scorecard(live), "running")
    through_broker.kill_outright()
    through_broker.start()

    settings.REPORT_SWEEP_AFTER = 0
    settings.REPORT_HARD_TIME_LIMIT = 0  # as if the render's time were up
    assert sweep_reports_task() == 1
    report = _wait_for(report, "done", "failed")
    assert report.status == "done", report.error
    assert _stored_files_of(report) == [f"{report.public_id}.pdf"]
    assert Report.objects.filter(engagement=live).count() == 1
    assert _wait_notified(report).notified_at is not None
