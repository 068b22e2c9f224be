"""The dashboard panels: the team's contract deadlines and overdue follow-up actions."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contracts.due import DUE_PANEL_QUERIES
from contracts.standing import STANDING_QUERIES
from portal.models import Engagement
from tests.factories import EngagementFactory
from tests.factories_contracts import ContractFactory, FollowUpActionFactory, LiaisonEntryFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_dashboard_panels_show_only_my_teams_deadlines_and_overdue_actions(
    member_client, engagement, member, other_team, django_assert_max_num_queries
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    ContractFactory(
        engagement=engagement, start_date=start, initial_term_months=12, notice_period_days=90
    )
    entry = LiaisonEntryFactory(engagement=engagement)
    FollowUpActionFactory(
        entry=entry,
        owner=member,
        description="Chase the recovery plan",
        due_date=today - datetime.timedelta(days=3),
    )
    FollowUpActionFactory(
        entry=entry,
        owner=member,
        description="Not due yet",
        due_date=today + datetime.timedelta(days=3),
    )
    hidden = EngagementFactory(team=other_team, title="Finance secret outsourcing")
    ContractFactory(engagement=hidden, start_date=start, initial_term_months=12)
    FollowUpActionFactory(
        entry=LiaisonEntryFactory(engagement=hidden),
        description="Secret action",
        due_date=today - datetime.timedelta(days=3),
    )
    for _ in range(15):  # more engagements with contracts: the panels stay a fixed cost
        e = EngagementFactory(team=engagement.team, owner=member)
        ContractFactory(engagement=e, start_date=start)
        FollowUpActionFactory(
            entry=LiaisonEntryFactory(engagement=e),
            owner=member,
            due_date=today - datetime.timedelta(days=1),
        )
    # The panels, the "due" panel, and the standing column of the engagement list.
    with django_assert_max_num_queries(12 + DUE_PANEL_QUERIES + STANDING_QUERIES):
        response = member_client.get("/")
    assert "Contract deadlines in the next 120 days" in response.text
    assert "Last day to give notice" in response.text
    assert "Chase the recovery plan" in response.text and "Not due yet" not in response.text
    assert "Finance secret" not in response.text and "Secret action" not in response.text


def test_dashboard_panels_leave_out_closed_engagements(member_client, team, member):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    open_one = EngagementFactory(team=team, owner=member, title="Open phone support")
    closed = EngagementFactory(
        team=team, owner=member, title="Closed chat pilot", status=Engagement.Status.CLOSED
    )
    for engagement, action in ((open_one, "Chase the open vendor"), (closed, "Chase the old one")):
        ContractFactory(engagement=engagement, start_date=start, initial_term_months=12)
        FollowUpActionFactory(
            entry=LiaisonEntryFactory(engagement=engagement),
            owner=member,
            description=action,
            due_date=today - datetime.timedelta(days=4),
        )
    page = member_client.get("/").text
    deadlines_panel = page[page.index('id="panel-deadlines"') : page.index('id="panel-overdue"')]
    overdue_panel = page[page.index('id="panel-overdue"') :]
    assert "Open phone support" in deadlines_panel
    assert "Closed chat pilot" not in deadlines_panel
    assert "Chase the open vendor" in overdue_panel
    assert "Chase the old one" not in overdue_panel
