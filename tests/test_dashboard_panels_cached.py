"""The dashboard's panels are kept until a change of the user's teams' engagements
(``portal.journey.panels``, ``derived.cached_for_teams``): each test shows the
dashboard, changes what a panel lists (through the ORM, audited as the admin's
changes are, so the change reaches the cache only through the audit entry), and
checks the dashboard shows what it shows with nothing cached."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contracts.models import FollowUpAction, LiaisonEntry
from portal import derived
from portal.models import Engagement, Membership, Team
from tests.factories import MembershipFactory, UserFactory
from tests.test_portal_derived import NO_CACHE, _text
from vendors.models import Candidate


def _client(username: str) -> Client:
    client = Client()
    client.login(request=HttpRequest(), username=username, password="portal-demo")
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Engagement.objects.get(title="Outsource tier-1 phone support")


def _fresh_after(client, change) -> tuple[str, str]:
    _text(client, "/")  # cached now
    before = _text(client, "/")
    change()
    after = _text(client, "/")
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, "/"), "stale panel on the dashboard"
    assert after != before, "the dashboard does not show the change"
    return before, after


def test_a_new_overdue_follow_up_shows_at_once(demo):
    entry = LiaisonEntry.objects.filter(engagement=demo).first()

    def change():
        FollowUpAction.objects.create(
            entry=entry,
            description="Send the revised holiday forecast",
            owner=demo.owner,
            due_date=timezone.localdate() - datetime.timedelta(days=3),
        )

    before, after = _fresh_after(_client("member"), change)
    assert "Send the revised holiday forecast" not in before
    assert "Send the revised holiday forecast" in after


def test_a_recommendation_reaches_the_managers_queue_at_once(demo):
    candidate = Candidate.objects.filter(engagement=demo).exclude(
        status=Candidate.Status.RECOMMENDED
    )[0]
    name = candidate.vendor.name

    def change():
        candidate.status = Candidate.Status.RECOMMENDED
        candidate.save()

    client = _client("manager")
    _, after = _fresh_after(client, change)
    panel = after[after.index('id="panel-decisions"') :]
    assert name in panel[: panel.index("</section>")]


def test_an_engagement_moved_to_another_team_moves_both_teams_panels(demo):
    client = _client("member")
    elsewhere = Team.objects.create(name="Elsewhere")
    FollowUpAction.objects.create(
        entry=LiaisonEntry.objects.filter(engagement=demo).first(),
        description="Send the revised holiday forecast",
        owner=demo.owner,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )

    def change():
        demo.team = elsewhere
        demo.save()

    newcomer = UserFactory(username="newcomer")
    MembershipFactory(team=elsewhere, user=newcomer, role=Membership.Role.MEMBER)
    theirs = Client()
    theirs.force_login(newcomer)
    theirs.get("/")  # their (empty) panels cached
    before, after = _fresh_after(client, change)
    assert "Send the revised holiday forecast" in before
    assert "Send the revised holiday forecast" not in after
    assert "Send the revised holiday forecast" in _text(theirs, "/")


def test_a_second_view_reads_the_panels_from_the_cache(demo, monkeypatch):
    client = _client("member")
    with CaptureQueriesContext(connection) as first:
        first_page = _text(client, "/")
    computed = []
    real = derived.cached_for_teams

    def spy(scope, team_ids, name, compute):
        return real(scope, team_ids, name, lambda: computed.append(name) or compute())

    monkeypatch.setattr(derived, "cached_for_teams", spy)
    with CaptureQueriesContext(connection) as second:
        assert _text(client, "/") == first_page
    assert computed == []
    assert len(second) < len(first)


def test_a_change_recomputes_the_teams_panels_once_for_the_whole_team(demo, monkeypatch):
    member, manager = _client("member"), _client("manager")
    _text(member, "/")
    _text(manager, "/")
    computed = []
    real = derived.cached_for_teams

    def spy(scope, team_ids, name, compute):
        return real(scope, team_ids, name, lambda: computed.append(name) or compute())

    monkeypatch.setattr(derived, "cached_for_teams", spy)
    FollowUpAction.objects.create(
        entry=LiaisonEntry.objects.filter(engagement=demo).first(),
        description="Send the revised holiday forecast",
        owner=demo.owner,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    assert "Send the revised holiday forecast" in _text(member, "/")
    assert computed == ["dashboard-list", "dashboard-viewer", "dashboard-teams"]
    # The manager sees the same teams: only what is theirs (their queue, their calls
    # and unread scorecards) is computed for them; the list and the team's panels not.
    assert "Send the revised holiday forecast" in _text(manager, "/")
    assert computed == ["dashboard-list", "dashboard-viewer", "dashboard-teams", "dashboard-viewer"]


def test_a_team_never_seen_starts_at_a_version_never_used(db):
    one, two = Team.objects.create(name="One"), Team.objects.create(name="Two")
    versions = derived.team_versions([one.pk, two.pk])
    assert derived.team_versions([one.pk, two.pk]) == versions
    assert all(version > 10**15 for version in versions.values())  # nanoseconds
