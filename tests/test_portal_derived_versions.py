"""The versions behind cached figures: the site's is read once per request, a change
of shared data (a person deleted included) moves it, and a change in a later step
leaves the figures of the earlier ones (``portal.parts``)."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from contracts import standing
from contracts import steps as contract_steps
from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry
from portal import derived
from portal.journey import navigator
from portal.planning.models import ChannelLine
from tests.factories import UserFactory
from tests.factories_contracts import log_liaison_entry
from tests.test_portal_derived import NO_CACHE, _text
from vendors.diligence.models import ChecklistItem


def test_the_site_version_is_read_once_per_request(db, django_capture_on_commit_callbacks):
    request_started.send(sender=None)
    first = derived.site_version()
    cache.set(derived.SITE_KEY, first + 100, None)  # another process's change
    assert derived.site_version() == first  # the request goes on with the one it read
    request_finished.send(sender=None)
    assert derived.site_version() == first + 100  # outside a request: read every time

    request_started.send(sender=None)
    assert derived.site_version() == first + 100
    with django_capture_on_commit_callbacks(execute=True):
        derived.bump_site()  # this request's own change of shared data
    assert derived.site_version() == first + 101
    request_finished.send(sender=None)


def test_deleting_a_person_moves_the_site_version(db, django_capture_on_commit_callbacks):
    person = UserFactory(username="leaving")
    before = derived.site_version()
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert derived.site_version() > before


@pytest.fixture
def demo(seeded_demo, demo_login):
    return seeded_demo, demo_login()


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        text = _text(client, url)
    return len(queries), text


def test_a_change_in_a_later_step_leaves_the_cost_case_and_the_comparison_cached(demo):
    engagement, client = demo
    urls = [f"/engagements/{engagement.pk}/cost/", f"/engagements/{engagement.pk}/compare/"]
    for url in urls:
        _text(client, url)
    warm = {url: _queries(client, url) for url in urls}
    log_liaison_entry(engagement)
    for url in urls:  # step 5's entry: nothing of steps 2 and 4 is computed again
        assert _queries(client, url) == warm[url], url


def test_a_scope_change_moves_the_cost_case_and_the_comparison(demo):
    engagement, client = demo
    urls = [f"/engagements/{engagement.pk}/cost/", f"/engagements/{engagement.pk}/compare/"]
    before = {url: _text(client, url) for url in urls}
    line = ChannelLine.objects.filter(engagement=engagement).order_by("pk").first()
    line.contacts_per_month = line.contacts_per_month * 2
    line.save()  # audited: the planning part of the figures moves
    after = {url: _text(client, url) for url in urls}
    with override_settings(CACHES=NO_CACHE):
        fresh = {url: _text(client, url) for url in urls}
    for url in urls:
        assert after[url] == fresh[url], f"stale figure on {url}"
        assert after[url] != before[url], f"{url} does not show the change"


def test_a_liaison_entry_recomputes_only_the_navigators_later_steps(demo):
    engagement, client = demo
    url = engagement.get_absolute_url()
    _text(client, url)
    line = ChannelLine.objects.filter(engagement=engagement).order_by("pk").first()
    line.handle_minutes += 1
    line.save()  # steps 1-3 change: every step is computed again
    every_step, _ = _queries(client, url)
    log_liaison_entry(engagement)
    later_steps, after = _queries(client, url)
    assert later_steps < every_step
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url)


def test_a_checklist_answer_or_a_liaison_entry_leaves_the_monitoring_page_cached(demo):
    engagement, client = demo
    url = f"/engagements/{engagement.pk}/monitoring/"
    _text(client, url)
    warm = _queries(client, url)
    item = ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).first()
    item.notes = "Checked again on site."
    item.save()  # audited: step 4 moves, not what the monitoring page reads
    assert _queries(client, url) == warm
    log_liaison_entry(engagement)
    assert _queries(client, url) == warm
    with override_settings(CACHES=NO_CACHE):
        assert _text(client, url) == warm[1]


def test_a_kpi_month_moves_the_monitoring_page(demo):
    engagement, client = demo
    url = f"/engagements/{engagement.pk}/monitoring/"
    before = _text(client, url)
    record = KpiRecord.objects.filter(sla__engagement=engagement).order_by("-period").first()
    record.value = record.value + 7
    record.save()
    after = _text(client, url)
    assert after != before
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url)


def test_a_checklist_answer_leaves_the_navigators_steps_5_to_7_cached(demo):
    engagement, client = demo
    url = engagement.get_absolute_url()
    _text(client, url)
    log_liaison_entry(engagement)  # steps 5-7 only
    later_steps, _ = _queries(client, url)
    item = ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).first()
    item.notes = "Checked again on site."
    item.save()  # step 4 only
    step_four, after = _queries(client, url)
    assert step_four < later_steps
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url)


def test_a_liaison_entry_leaves_the_step_4_pages_cached(demo):
    engagement, client = demo
    item = ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).first()
    base = f"/engagements/{engagement.pk}"
    urls = [
        f"{base}/candidates/",
        f"{base}/due-diligence/",
        f"{base}/candidates/{item.checklist.candidate_id}/checklist/",
    ]
    for url in urls:
        _text(client, url)
    warm = {url: _queries(client, url) for url in urls}
    log_liaison_entry(engagement)
    for url in urls:
        assert _queries(client, url) == warm[url], url


def test_a_liaison_entry_leaves_the_standings_and_a_kpi_month_moves_them(demo, monkeypatch):
    engagement, client = demo
    urls = ["/", engagement.get_absolute_url()]
    for url in urls:
        _text(client, url)
    computed = []
    real = standing._standings
    monkeypatch.setattr(standing, "_standings", lambda *a: computed.append(1) or real(*a))
    log_liaison_entry(engagement)
    for url in urls:
        _text(client, url)
    assert computed == []
    record = KpiRecord.objects.filter(sla__engagement=engagement).order_by("-period").first()
    record.value = record.value + 7
    record.save()
    after = {url: _text(client, url) for url in urls}
    assert computed
    with override_settings(CACHES=NO_CACHE):
        assert after == {url: _text(client, url) for url in urls}


def _team_version(engagement) -> int:
    derived.forget_changes()  # read now, as a new request does
    return derived.team_versions([engagement.team_id])[engagement.team_id]


def test_a_checklist_answer_or_a_liaison_entry_leaves_the_teams_dashboard_cached(demo):
    engagement, client = demo
    _text(client, "/")
    warm = _queries(client, "/")
    team = _team_version(engagement)
    item = ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).first()
    item.notes = "Checked again on site."
    item.save()
    log_liaison_entry(engagement)
    assert _team_version(engagement) == team
    assert _queries(client, "/") == warm
    with override_settings(CACHES=NO_CACHE):
        assert _text(client, "/") == warm[1]


def test_a_follow_up_or_a_kpi_month_moves_the_teams_version(demo):
    engagement, _ = demo
    team = _team_version(engagement)
    entry = LiaisonEntry.objects.filter(engagement=engagement).first()
    FollowUpAction.objects.create(
        entry=entry, description="Send the forecast", owner=engagement.owner, due_date=entry.date
    )
    moved = _team_version(engagement)
    assert moved > team
    record = KpiRecord.objects.filter(sla__engagement=engagement).order_by("-period").first()
    record.value = record.value + 7
    record.save()
    assert _team_version(engagement) > moved


def test_a_transaction_that_answers_then_adds_a_follow_up_moves_the_teams_version(
    demo, django_capture_on_commit_callbacks
):
    engagement, _ = demo
    team = _team_version(engagement)
    item = ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).first()
    entry = LiaisonEntry.objects.filter(engagement=engagement).first()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        item.notes = "Checked again on site."
        item.save()  # the transaction's first change: the team's version stays
        FollowUpAction.objects.create(
            entry=entry, description="Call back", owner=engagement.owner, due_date=entry.date
        )
    assert _team_version(engagement) > team


def test_a_kpi_month_leaves_the_liaison_log_and_step_5_cached(demo, monkeypatch):
    engagement, client = demo
    url = f"/engagements/{engagement.pk}/liaison/"
    _text(client, url)
    _text(client, engagement.get_absolute_url())
    warm = _queries(client, url)
    computed = []
    real = contract_steps.liaison_status
    monkeypatch.setattr(contract_steps, "liaison_status", lambda e: computed.append(1) or real(e))
    monkeypatch.setattr(navigator, "STEPS", _with_step_5(contract_steps.liaison_status))
    record = KpiRecord.objects.filter(sla__engagement=engagement).order_by("-period").first()
    record.value = record.value + 7
    record.save()
    assert _queries(client, url) == warm
    page = _text(client, engagement.get_absolute_url())
    assert computed == []  # steps 6-7 computed again, not step 5
    with override_settings(CACHES=NO_CACHE):
        assert page == _text(client, engagement.get_absolute_url())
    log_liaison_entry(engagement)
    after = _text(client, url)
    assert after != warm[1]
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url)


def _with_step_5(status):
    return tuple(
        (key, title, status if key == "liaison" else function)
        for key, title, function in navigator.STEPS
    )
