"""The KPI feed endpoint: a vendor's system posts JSON rows or the import's CSV with a
feed token; all rows or none, once per SLA and month, breaches on the monitoring page.

The tokens are issued as the monitoring page issues them (``feed`` in
tests/api_helpers.py); the rules of the rows themselves are tested with
``record_kpi_feed`` in tests/test_contracts_monitoring_feeds.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from contracts.models import KpiRecord
from tests.api_helpers import call, token_for
from tests.factories_contracts import SlaFactory

FEED_URL = "/api/v1/feeds/kpis"
ROWS = {
    "rows": [
        {"metric": "service_level", "month": "2025-03", "value": "72"},
        {"metric": "abandoned", "month": "2025-03", "value": "4.5"},
    ]
}


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
    feed,
    slas,
    engagement,
):
    for _ in range(2):
        response = call(client, "post", FEED_URL, feed.raw, ROWS)
        assert response.status_code == 200
        assert response.json() == {"engagement": engagement.pk, "recorded": 2}
    assert KpiRecord.objects.count() == 2
    feed.token.refresh_from_db()
    assert feed.token.last_used_at is not None


def test_the_feed_takes_the_imports_csv(client, feed, slas):
    csv_text = "period,metric,value\n2025-03,service_level,72\n2025-04,service_level,81\n"
    response = client.post(
        FEED_URL, csv_text, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {feed.raw}"
    )
    assert response.status_code == 200 and response.json()["recorded"] == 2
    assert sorted(KpiRecord.objects.values_list("period", flat=True)) == [
        datetime.date(2025, 3, 1),
        datetime.date(2025, 4, 1),
    ]


def test_a_bad_row_rejects_the_whole_request_naming_every_problem(client, feed, slas):
    body = {
        "rows": [
            *ROWS["rows"],
            {"metric": "service_level", "month": "2025-13", "value": "70"},
            5,
            {"metric": "abandoned", "month": "2025-04", "value": "-3"},
        ]
    }
    response = call(client, "post", FEED_URL, feed.raw, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "rows": [
            "Row 3, field month: '2025-13' is not a valid month.",
            "Row 4: expected an object with metric, month and value.",
            "Row 5, field value: -3 is below 0.",
        ]
    }
    assert error["message"].startswith("Nothing was recorded: 3 problems to fix. Row 3,")
    assert not KpiRecord.objects.exists()


def test_a_bad_csv_line_is_named_under_rows_too(client, feed, slas):
    csv_text = "period,metric,value\n2025-03,service_level,72\n2025-04,nope,3\n"
    response = client.post(
        FEED_URL, csv_text, content_type="text/csv", HTTP_AUTHORIZATION=f"Bearer {feed.raw}"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "rows": [
            "Line 3, column metric: 'nope' is not one of this contract's SLAs "
            "(abandoned, service_level)."
        ]
    }
    assert not KpiRecord.objects.exists()


@pytest.mark.parametrize("body", [{}, {"rows": "x"}, "period,metric,value"])
def test_a_body_without_rows_is_refused(client, feed, slas, body):
    # A JSON string is not a CSV file, even when it looks like one.
    response = call(client, "post", FEED_URL, feed.raw, body)
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["rows"]
    assert not KpiRecord.objects.exists()


def test_the_history_names_the_feed_token_as_the_source(client, feed, slas):
    assert call(client, "post", FEED_URL, feed.raw, ROWS).status_code == 200
    record = KpiRecord.objects.get(sla=slas[0])
    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.actor is None
    assert entry.additional_data["source"] == f"feed token Vendor WFM ({feed.raw[:8]})"


def test_a_breach_from_the_feed_shows_on_the_monitoring_page(
    client,
    member_client,
    feed,
    slas,
    engagement,
):
    months = [{"metric": "service_level", "month": f"2025-0{m}", "value": "70"} for m in (1, 2, 3)]
    assert call(client, "post", FEED_URL, feed.raw, {"rows": months}).status_code == 200
    page = member_client.get(reverse("contracts:monitoring", args=[engagement.pk]))
    series = page.context["table"].series[0]
    assert (series.breaches, series.consecutive) == (3, 3)


def test_a_personal_token_does_not_reach_the_feed(client, member, feed, slas):
    response = call(client, "post", FEED_URL, token_for(member), ROWS)
    assert response.status_code == 401
    assert not KpiRecord.objects.exists()


@pytest.mark.parametrize("end", ["revoked", "expired"])
def test_a_revoked_or_expired_feed_token_is_refused(client, member, feed, slas, end):
    assert call(client, "post", FEED_URL, feed.raw, ROWS).status_code == 200
    if end == "revoked":
        feed.revoke(member)
    else:
        feed.expire()
    response = call(client, "post", FEED_URL, feed.raw, ROWS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="kpi-feed"'
    assert response.json()["error"]["message"] == "The feed token is unknown, expired or revoked."


def test_the_session_does_not_reach_the_feed(member_client, feed, slas):
    assert call(member_client, "post", FEED_URL, None, ROWS).status_code == 401


def test_the_feed_answers_only_post(client, feed):
    response = call(client, "get", FEED_URL, feed.raw)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_feed_is_logged_by_its_token_name(client, feed, slas, caplog):
    with caplog.at_level("INFO", logger="portal.api"):
        call(client, "post", FEED_URL, feed.raw, ROWS)
    assert "api token='feed Vendor WFM' POST /api/v1/feeds/kpis 200" in caplog.text
    assert feed.raw not in caplog.text
