"""The monitoring page is kept per version of the engagement (``contracts.monitoring.page``):
each test shows the page, changes what it shows (through the ORM, audited as the admin's
changes are, or through the action), and checks the page then shows what it shows with
nothing cached, for a member and for a manager (whose rights show more)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, override_settings
from django.utils import timezone

from contracts.models import EscalationLevel, KpiRecord, RaciRow, Sla
from contracts.monitoring import feeds
from portal.models import Engagement
from tests.factories_diligence import TestCallFactory
from tests.test_portal_derived import NO_CACHE, _text


def _client(username: str) -> Client:
    client = Client()
    client.login(request=HttpRequest(), username=username, password="portal-demo")
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    url = f"/engagements/{engagement.pk}/monitoring/"
    return engagement, url, {name: _client(name) for name in ("member", "manager")}


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a change's on-commit work as its commit would (the site's version moves at
    commit; a test runs in one transaction that never commits)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def _shown(clients, url) -> dict[str, str]:
    return {name: _text(client, url) for name, client in clients.items()}


def _fresh_after(demo, change, commit=None) -> dict[str, str]:
    """The page as each user sees it after ``change`` (run by ``commit``, when given, as
    its commit would): what nothing cached shows, and not what it showed before."""
    _, url, clients = demo
    _shown(clients, url)  # cached now
    before = _shown(clients, url)
    commit(change) if commit else change()
    after = _shown(clients, url)
    with override_settings(CACHES=NO_CACHE):
        fresh = _shown(clients, url)
    for name in clients:
        assert after[name] == fresh[name], f"stale monitoring page for the {name}"
        assert after[name] != before[name], f"the {name} does not see the change"
    return after


def test_each_user_sees_the_page_their_rights_show(demo):
    _, url, clients = demo
    _shown(clients, url)
    cached = _shown(clients, url)
    with override_settings(CACHES=NO_CACHE):
        assert cached == _shown(clients, url)
    assert "Last month's scorecard now" in cached["manager"]
    assert "Last month's scorecard now" not in cached["member"]


def test_a_new_month_of_kpis_moves_the_tables_the_trend_and_the_history(demo):
    engagement = demo[0]
    sla = next(s for s in Sla.objects.filter(engagement=engagement) if not s.computed)
    latest = KpiRecord.objects.filter(sla=sla).order_by("-period").first()
    month = (latest.period + datetime.timedelta(days=32)).replace(day=1)

    def change():
        KpiRecord.objects.create(
            sla=sla, period=month, value=Decimal("1.5"), recorded_by=engagement.owner
        )

    after = _fresh_after(demo, change)
    assert f"{month:%Y-%m}" in after["member"]


def test_governance_rows_show_at_once(demo):
    engagement = demo[0]

    def change():
        RaciRow.objects.create(
            engagement=engagement, activity="Quarterly business review", responsible="Liaison"
        )
        EscalationLevel.objects.create(
            engagement=engagement,
            level=9,
            who="Chief operating officer",
            trigger="Exit",
            response_hours=4,
        )

    after = _fresh_after(demo, change)
    assert "Quarterly business review" in after["manager"]
    assert "Chief operating officer" in after["member"]


def test_a_test_call_this_month_moves_the_plan_and_the_score(demo):
    engagement = demo[0]
    candidate = engagement.contract.candidate

    def change():
        TestCallFactory(candidate=candidate, called_at=timezone.now(), caller=engagement.owner)

    _fresh_after(demo, change)


def test_a_renamed_user_shows_by_the_new_name(demo, on_commit):
    engagement = demo[0]
    owner = engagement.owner

    def change():
        owner.first_name = "Renamed"
        owner.save()

    after = _fresh_after(demo, change, on_commit)
    assert "Renamed" in after["member"]


def test_a_feed_token_shows_when_issued_and_when_used(demo):
    engagement = demo[0]
    found = {}

    def issue():
        found["token"], found["raw"] = feeds.issue_feed_token(
            engagement, user=engagement.owner, data=feeds.FeedTokenInput(name="WFM feed")
        )

    after = _fresh_after(demo, issue)
    assert "WFM feed" in after["member"]
    assert "never" in after["member"]

    def use():  # the last use is not audited: the tokens are read on every view
        feeds.authenticate_feed_token(found["raw"])

    after = _fresh_after(demo, use)
    found["token"].refresh_from_db()
    assert f"{timezone.localtime(found['token'].last_used_at):%Y-%m-%d %H:%M}" in after["member"]
