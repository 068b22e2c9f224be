"""``manage.py warm_figures`` reads every open engagement's pages once as a team
member: afterwards a member's first view computes nothing (it reads what the warm-up
kept), shows what it shows with nothing cached, and nothing but the cache is written."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from portal.journey import warm
from portal.models import Engagement
from tests.test_portal_derived import NO_CACHE, _text


@pytest.fixture
def engagement(seeded_demo):
    return seeded_demo


def _pages(engagement) -> list[str]:
    base = f"/engagements/{engagement.pk}"
    return ["/", f"{base}/", f"{base}/cost/", f"{base}/monitoring/", f"{base}/exit/"]


def test_after_the_warm_up_a_first_view_reads_the_cache(engagement, demo_login):
    entries, sessions = LogEntry.objects.count(), Session.objects.count()
    out = io.StringIO()
    call_command("warm_figures", stdout=out, stderr=out)
    assert "Warmed" in out.getvalue() and "failed" not in out.getvalue()
    assert (LogEntry.objects.count(), Session.objects.count()) == (entries, sessions)
    client = demo_login()
    # The login moved the person's version (last_login): their first request reads
    # their user row and roles again (``portal.auth_backend``), which is not a figure.
    client.get("/accounts/login/")
    first = {}
    for url in _pages(engagement):
        with CaptureQueriesContext(connection) as queries:
            first[url] = (_text(client, url), len(queries))
    for url in _pages(engagement):
        with CaptureQueriesContext(connection) as queries:
            again = _text(client, url)
        assert (again, len(queries)) == first[url], f"{url} computed on its first view"
    with override_settings(CACHES=NO_CACHE):
        for url in _pages(engagement):
            assert _text(client, url) == first[url][0], f"{url} differs from a fresh render"


def test_the_warm_up_reports_every_page_it_read(engagement):
    warmed = warm.warm()
    assert warmed.failed == []
    assert warmed.engagements == Engagement.objects.exclude(status="closed").count()
    assert warmed.pages >= warmed.engagements * len(warm.ENGAGEMENT_PAGES)
