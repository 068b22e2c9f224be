"""The KPI feed endpoint: a vendor's system posts JSON rows or the import's CSV with a
feed token; all rows or none, once per SLA and month, breaches on the monitoring page.

``contracts.monitoring.feeds`` is another branch's; these tests run the endpoint
against the stand-in in tests/api_helpers.py (same interface), so they check what
the API does: who gets in, how the body reaches ``record_kpi_feed``, and how its
refusal is answered.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import KpiRecord
from tests.api_helpers import FEED_RAW, call, install_feed_stand_in, token_for
from tests.factories_contracts import SlaFactory

FEED_URL = "/api/v1/feeds/kpis"
ROWS = {
    "rows": [
        {"metric": "service_level", "month": "2025-03", "value": "72"},
        {"metric": "abandoned", "month": "2025-03", "value": "4.5"},
    ]
}


@pytest.fixture
def feed_token(monkeypatch, engagement, member):
    return install_feed_stand_in(monkeypatch, engagement, member)


@pytest.fixture
def slas(engagement):
    return [
        SlaFactory(engagement=engagement),
        SlaFactory(
            engagement=engagement,
            metric="abandoned",
            target=Decimal("5"),
            direction="lower",
            answer_within_seconds=None,
        ),
    ]


def test_a_feed_posted_twice_leaves_one_record_per_sla_and_month(
    client,
    feed_token,
    slas,
    engagement,
):
    for _ in range(2):
        response = call(client, "post", FEED_URL, FEED_RAW, ROWS)
        assert response.status_code == 200
        assert response.json() == {"engagement": engagement.pk, "recorded": 2}
    assert KpiRecord.objects.count() == 2


def test_the_feed_takes_the_imports_csv(client, feed_token, slas):
    csv_text = "period,metric,value\n2025-03,service_level,72\n2025-04,service_level,81\n"
    response = client.post(
        FEED_URL, csv_text, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {FEED_RAW}"
    )
    assert response.status_code == 200 and response.json()["recorded"] == 2
    assert sorted(KpiRecord.objects.values_list("period", flat=True)) == [
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    ]


def test_a_bad_row_rejects_the_whole_request_naming_every_problem(
    client,
    feed_token,
    slas,
):
    body = {
        "rows": [
            *ROWS["rows"],
            {"metric": "service_level", "month": "2025-13", "value": "70"},
            {"metric": "abandoned", "month": "2025-04", "value": "-3"},
        ]
    }
    response = call(client, "post", FEED_URL, FEED_RAW, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert len(error["fields"]["rows"]) == 2
    assert not KpiRecord.objects.exists()


def test_rows_that_are_not_objects_are_named(client, feed_token, slas):
    response = call(client, "post", FEED_URL, FEED_RAW, {"rows": [ROWS["rows"][0], 5]})
    assert response.json()["error"]["fields"] == {
        "rows[2]": ["Each row is an object with metric, month and value."]
    }
    assert call(client, "post", FEED_URL, FEED_RAW, {"rows": "x"}).status_code == 400
    assert not KpiRecord.objects.exists()


def test_a_breach_from_the_feed_shows_on_the_monitoring_page(
    client,
    member_client,
    feed_token,
    slas,
    engagement,
):
    months = [{"metric": "service_level", "month": f"2025-0{m}", "value": "70"} for m in (1, 2, 3)]
    assert call(client, "post", FEED_URL, FEED_RAW, {"rows": months}).status_code == 200
    page = member_client.get(reverse("contracts:monitoring", args=[engagement.pk]))
    series = page.context["table"].series[0]
    assert (series.breaches, series.consecutive) == (3, 3)


def test_a_personal_token_does_not_reach_the_feed(client, member, feed_token, slas):
    response = call(client, "post", FEED_URL, token_for(member), ROWS)
    assert response.status_code == 401
    assert not KpiRecord.objects.exists()


def test_a_revoked_feed_token_is_refused(client, feed_token, slas):
    feed_token.revoked = True
    response = call(client, "post", FEED_URL, FEED_RAW, ROWS)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "The feed token is unknown, expired or revoked."


def test_the_session_does_not_reach_the_feed(member_client, feed_token, slas):
    assert call(member_client, "post", FEED_URL, None, ROWS).status_code == 401


def test_the_feed_answers_only_post(client, feed_token):
    response = call(client, "get", FEED_URL, FEED_RAW)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_feed_is_logged_by_its_token_name(client, feed_token, slas, caplog):
    with caplog.at_level("INFO", logger="portal.api"):
        call(client, "post", FEED_URL, FEED_RAW, ROWS)
    assert "api token='feed Vendor WFM' POST /api/v1/feeds/kpis 200" in caplog.text
    assert FEED_RAW not in caplog.text
