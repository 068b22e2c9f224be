"""The fixed cast of every view test: a team member, the team's manager, a member of
another team, an anonymous visitor and a site administrator, around one engagement."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from portal import derived
from portal.demo import DEMO_TITLE
from portal.models import Engagement, Membership
from tests.factories import EngagementFactory, MembershipFactory, TeamFactory, UserFactory

pytest_plugins = [
    "tests.api_helpers",  # the API tests' ``feed`` fixture
    "tests.reference_rows",  # the migrations' rows back after a transactional test
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no rate-limit count (ids repeat between
    tests) or /healthz result of another test."""
    cache.clear()


@pytest.fixture
def team(db):
    return TeamFactory(name="Customer Care")


@pytest.fixture
def other_team(db):
    return TeamFactory(name="Finance")


@pytest.fixture
def member(team):
    user = UserFactory(username="member")
    MembershipFactory(team=team, user=user, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def manager(team):
    user = UserFactory(username="manager")
    MembershipFactory(team=team, user=user, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def outsider(other_team):
    user = UserFactory(username="outsider")
    MembershipFactory(team=other_team, user=user, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def engagement(team, member):
    return EngagementFactory(team=team, owner=member, title="Outsource tier-1 phone support")


def _client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anon_client():
    return Client()


@pytest.fixture
def member_client(member):
    return _client_for(member)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def admin_client_(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def cast(member, manager, outsider, admin_user):
    """Clients by role name, for tests that walk every role."""
    return {
        "anonymous": Client(),
        "outsider": _client_for(outsider),
        "member": _client_for(member),
        "manager": _client_for(manager),
        "admin": _client_for(admin_user),
    }


@pytest.fixture
def seeded_demo(db):
    """The demo's engagement, every step filled in (``seed_demo``). The seeding's
    transaction counts as over for what follows (a test's own never commits: without
    this, one transaction would move the version once for all the test's changes)."""
    call_command("seed_demo", stdout=io.StringIO())
    derived.forget_changes()
    return Engagement.objects.get(title=DEMO_TITLE)


@pytest.fixture
def demo_login(seeded_demo):
    """``demo_login(username, **client_options)``: a client signed in as a demo user."""

    def login(username: str = "member", **options) -> Client:
        client = Client(**options)
        client.login(request=HttpRequest(), username=username, password="portal-demo")
        return client

    return login
