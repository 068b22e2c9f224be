"""Steps 1 and 3 are kept as rendered HTML per version of the planning data: a change
of it shows at once (as with nothing cached), a change in a later step leaves them."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from portal.planning.models import ChannelLine, CustomerAssessment
from tests.factories_contracts import log_liaison_entry
from tests.test_portal_derived import NO_CACHE, _text


@pytest.fixture
def demo(seeded_demo, demo_login):
    base = f"/engagements/{seeded_demo.pk}"
    return seeded_demo, demo_login(), [f"{base}/scope/", f"{base}/customers/"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        _text(client, url)
    return len(queries)


def test_a_scope_or_assessment_change_shows_at_once(demo):
    engagement, client, urls = demo
    for url in urls:
        _text(client, url)
    line = ChannelLine.objects.filter(engagement=engagement).order_by("pk").first()
    line.contacts_per_month = 54321
    line.save()
    assessment = CustomerAssessment.objects.get(engagement=engagement)
    assessment.notes = "Customers in Quebec expect French."
    assessment.save()
    after = {url: _text(client, url) for url in urls}
    assert "54,321" in after[urls[0]]
    assert "Customers in Quebec expect French." in after[urls[1]]
    with override_settings(CACHES=NO_CACHE):
        assert after == {url: _text(client, url) for url in urls}


def test_a_liaison_entry_leaves_steps_1_and_3_cached(demo):
    engagement, client, urls = demo
    for url in urls:
        _text(client, url)
    warm = {url: _queries(client, url) for url in urls}
    log_liaison_entry(engagement, "Holiday staffing agreed.")
    assert {url: _queries(client, url) for url in urls} == warm
