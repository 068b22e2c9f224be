"""The dashboard's "Needs your decision" panel: a manager's queue of recommendations."""

import re

import pytest
from django.urls import reverse

from contracts.due import DUE_PANEL_QUERIES
from contracts.monitoring.plan_due import PLANNED_DUE_QUERIES
from contracts.standing import STANDING_QUERIES
from portal.models import Engagement, Membership
from portal.reports.due import SCORECARD_DUE_QUERIES
from tests.factories import EngagementFactory, MembershipFactory, UserFactory, VendorFactory
from tests.factories_vendors import recommended_candidate


@pytest.fixture
def second_manager(team):
    user = UserFactory(username="manager2", first_name="Grace", last_name="Hopper")
    MembershipFactory(team=team, user=user, role=Membership.Role.MANAGER)
    return user


def _panel(html: str) -> str:
    match = re.search(r'<section[^>]*aria-labelledby="panel-decisions".*?</section>', html, re.S)
    return match.group(0) if match else ""


def _approve_url(candidate):
    return reverse("shortlist:candidate-approve", args=[candidate.engagement_id, candidate.pk])


def test_manager_sees_what_awaits_their_decision(manager_client, engagement, member, team):
    member.first_name, member.last_name = "Ada", "Lovelace"
    member.save()
    candidate = recommended_candidate(
        engagement=engagement, by=member, vendor=VendorFactory(name="Manila Contact Co")
    )
    panel = _panel(manager_client.get("/").text)
    assert "Needs your decision" in panel
    assert f'<a href="{_approve_url(candidate)}">Manila Contact Co</a>' in panel
    assert "Outsource tier-1 phone support" in panel
    assert "Ada Lovelace" in panel
    submitted = candidate.transitions.get().created_at
    assert submitted.astimezone().strftime("%Y-%m-%d") in panel


def test_own_submission_is_not_in_my_queue(manager_client, second_manager, engagement, manager):
    recommended_candidate(engagement=engagement, by=manager, vendor=VendorFactory(name="Acme"))
    panel = _panel(manager_client.get("/").text)
    assert "Acme" not in panel
    assert "No recommendation is waiting for your decision." in panel
    # The other manager has it.
    other = _panel(_client(second_manager).get("/").text)
    assert "Acme" in other


def test_member_sees_no_queue(member_client, engagement, member):
    recommended_candidate(engagement=engagement, by=member, vendor=VendorFactory(name="Acme"))
    html = member_client.get("/").text
    assert "Needs your decision" not in html


def test_other_teams_and_closed_engagements_are_left_out(
    manager_client, engagement, member, other_team, outsider
):
    theirs = EngagementFactory(team=other_team, owner=outsider)
    recommended_candidate(engagement=theirs, by=outsider, vendor=VendorFactory(name="Theirs Ltd"))
    recommended_candidate(engagement=engagement, by=member, vendor=VendorFactory(name="Closed Co"))
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.CLOSED)
    panel = _panel(manager_client.get("/").text)
    assert "Theirs Ltd" not in panel and "Closed Co" not in panel


def test_decided_recommendations_leave_the_queue(manager_client, engagement, member, manager):
    from vendors import actions

    candidate = recommended_candidate(engagement=engagement, by=member)
    actions.candidate_approve(user=manager, candidate=candidate, reason="Fine.")
    panel = _panel(manager_client.get("/").text)
    assert "No recommendation is waiting for your decision." in panel


def test_queue_query_count_is_fixed(manager_client, team, member, django_assert_max_num_queries):
    for number in range(12):
        engagement = EngagementFactory(team=team, owner=member, title=f"Engagement {number}")
        recommended_candidate(
            engagement=engagement, by=member, vendor=VendorFactory(name=f"Vendor {number:02}")
        )
    # The whole dashboard: the same queries with one row or twelve (its standing column
    # and "due" panel each in a fixed number).
    with django_assert_max_num_queries(
        9 + DUE_PANEL_QUERIES + STANDING_QUERIES + PLANNED_DUE_QUERIES + SCORECARD_DUE_QUERIES
    ):
        html = manager_client.get("/").text
    panel = _panel(html)
    assert panel.count("/approve/") == 12
    # Oldest first.
    assert panel.index("Vendor 00") < panel.index("Vendor 11")


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
