"""The History page keeps each page's table (and the entry count its pagination reads)
per version of the engagement: each test shows the page, changes what it shows
(through the ORM, audited, or a person's name), and checks the page shows what it
shows with nothing cached."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import VendorFactory
from tests.test_portal_derived import NO_CACHE, _text
from vendors import actions as vendor_actions


def _fresh_after(client, url, change) -> tuple[str, str]:
    _text(client, url)  # cached now
    before = _text(client, url)
    change()
    after = _text(client, url)
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url), "stale history"
    assert after != before, "the history does not show the change"
    return before, after


def _history(engagement, page: int | None = None) -> str:
    url = reverse("portal:engagement-history", args=[engagement.pk])
    return f"{url}?page={page}" if page else url


def test_a_new_entry_shows_at_once(member_client, engagement):
    def change():
        engagement.title = "Outsource tier-2 e-mail support"
        engagement.save()

    _before, after = _fresh_after(member_client, _history(engagement), change)
    assert "Outsource tier-2 e-mail support" in after


def test_a_renamed_actor_shows_at_once(
    member_client, engagement, member, django_capture_on_commit_callbacks
):
    engagement.title = "Renamed once"
    engagement.save()

    def change():
        # The site's version moves at commit (the test's transaction never commits).
        with django_capture_on_commit_callbacks(execute=True):
            member.first_name = "Renata"
            member.save()

    _before, after = _fresh_after(member_client, _history(engagement), change)
    assert "Renata" in after


def test_a_renamed_vendor_shows_at_once(
    member_client, engagement, member, django_capture_on_commit_callbacks
):
    vendor = VendorFactory(name="Manila Calls")
    vendor_actions.candidate_add(
        user=member, engagement=engagement, data=vendor_actions.CandidateInput(vendor=vendor)
    )

    def change():
        with django_capture_on_commit_callbacks(execute=True):
            vendor.name = "Cebu Contact Center"
            vendor.save()

    _before, after = _fresh_after(member_client, _history(engagement), change)
    assert "Cebu Contact Center" in after


def test_the_page_count_and_the_second_page_move_with_new_entries(member_client, engagement):
    for n in range(49):
        engagement.title = f"Title {n}"
        engagement.save()
    assert "Page 1 of" not in _text(member_client, _history(engagement))

    def change():
        for n in range(49, 60):
            engagement.title = f"Title {n}"
            engagement.save()

    _before, after = _fresh_after(member_client, _history(engagement), change)
    assert "Page 1 of 2" in after

    def one_more():
        engagement.title = "Title 60"
        engagement.save()

    _before, after = _fresh_after(member_client, _history(engagement, 2), one_more)
    assert "Page 2 of 2" in after


def test_a_cached_page_reads_no_audit_entry(member_client, engagement):
    url = _history(engagement)
    member_client.get(url)  # cached now
    with CaptureQueriesContext(connection) as queries:
        member_client.get(url)
    assert not any("auditlog_logentry" in q["sql"] for q in queries.captured_queries)
