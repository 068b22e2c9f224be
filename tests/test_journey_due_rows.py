"""The dashboard's due panel rows of the test-call plan and the scorecards: this
week's open planned calls (the user's first) and the scorecards not opened yet."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from contracts.due import DUE_PANEL_QUERIES
from contracts.models import PlannedCall, TestCallPlan
from contracts.monitoring.plan_due import PLANNED_DUE_QUERIES
from contracts.standing import STANDING_QUERIES
from portal import week
from portal.models import Engagement
from portal.reports.due import SCORECARD_DUE_QUERIES
from portal.reports.models import Report
from portal.reports.scorecard_actions import previous_month
from tests.factories import EngagementFactory
from tests.factories_contracts import ContractFactory
from tests.factories_diligence import TestCallFactory
from tests.factories_planning import ChannelLineFactory

DASHBOARD_QUERIES = (
    8 + DUE_PANEL_QUERIES + STANDING_QUERIES + PLANNED_DUE_QUERIES + SCORECARD_DUE_QUERIES
)


def _live(team, owner, title="Outsource chat"):
    engagement = EngagementFactory(team=team, owner=owner, title=title)
    ContractFactory(engagement=engagement)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.LIVE)
    ChannelLineFactory(engagement=engagement, open_hours=list(week.ALL_WEEK))
    engagement.refresh_from_db()
    return engagement


def _plan(engagement, assignees, when):
    plan = TestCallPlan.objects.create(
        engagement=engagement, month=when.date().replace(day=1), calls_per_month=len(assignees)
    )
    for position, user in enumerate(assignees, start=1):
        PlannedCall.objects.create(
            plan=plan,
            position=position,
            channel="inbound_phone",
            language="Spanish",
            suggested_at=when,
            assignee=user,
        )
    return plan


def _scorecard(engagement, period):
    report = Report.objects.create(
        engagement=engagement,
        kind="scorecard",
        period=period,
        status="done",
        finished_at=timezone.now(),
    )
    stored = default_storage.save(f"reports/{report.public_id}.pdf", ContentFile(b"%PDF-1.7\n"))
    Report.objects.filter(pk=report.pk).update(file=stored, size=9)
    return report


@pytest.fixture
def this_week():
    """Today at noon, local time: inside this week whatever the weekday."""
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)


def test_this_weeks_open_planned_calls_are_listed_and_link_to_logging(
    member_client, team, member, manager, this_week
):
    engagement = _live(team, member)
    plan = _plan(engagement, [member, manager], this_week)
    page = member_client.get("/").text
    assert page.count("Test call:") == 2
    assert "Inbound phone in Spanish, suggested" in page
    assert page.count("(yours)") == 1
    mine = plan.calls.get(assignee=member)
    assert reverse("contracts:planned-call-log", args=[engagement.pk, mine.pk]) in page


def test_a_planned_call_filled_by_a_logged_call_leaves_the_panel(
    member_client, team, member, this_week
):
    engagement = _live(team, member)
    _plan(engagement, [member], this_week)
    TestCallFactory(candidate=engagement.contract.candidate, called_at=timezone.now())
    assert "Test call:" not in member_client.get("/").text


def test_planned_calls_of_other_weeks_and_teams_are_not_listed(
    member_client, outsider_client, team, member, this_week
):
    engagement = _live(team, member)
    _plan(engagement, [member], this_week + timedelta(days=8))
    assert "Test call:" not in member_client.get("/").text
    _plan(_live(team, member, "Outsource e-mail"), [member], this_week)
    assert "Test call:" not in outsider_client.get("/").text


def test_a_scorecard_is_to_read_until_the_user_opens_it(
    member_client, manager_client, team, member
):
    engagement = _live(team, member)
    report = _scorecard(engagement, previous_month(timezone.localdate()))
    _scorecard(engagement, previous_month(previous_month(timezone.localdate())))  # older
    page = member_client.get("/").text
    assert page.count("Scorecard:") == 1
    download = reverse("reports:report-download", args=[engagement.pk, report.public_id])
    assert download in page
    assert member_client.get(download).status_code == 200
    assert "Scorecard:" not in member_client.get("/").text
    assert "Scorecard:" in manager_client.get("/").text  # read by each person


def test_the_dashboard_reads_the_rows_in_a_fixed_number_of_queries(
    member_client, team, member, manager, this_week, django_assert_max_num_queries
):
    for number in range(6):
        engagement = _live(team, member, f"Outsource line {number}")
        _plan(engagement, [member, manager, member], this_week)
        _scorecard(engagement, previous_month(timezone.localdate()))
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = member_client.get("/").text
    # 18 planned calls and 6 scorecards, beside the standing's rows: the first 20 shown.
    assert "Scorecard:" in page and "Test call:" in page
    assert "more not shown" in page
