"""The KPI feed tokens on the monitoring page: a member issues one and sees it once with
the line to post with, lists and revokes them; a feed's breach shows on the page
(who gets in: the permission matrix, tests/access_matrix/contracts.py)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import FeedToken
from contracts.monitoring.feeds import (
    FeedTokenInput,
    authenticate_feed_token,
    issue_feed_token,
    record_kpi_feed,
)
from contracts.monitoring.review_queries import CADENCE_QUERIES
from contracts.standing import STANDING_QUERIES
from tests.factories import MembershipFactory
from tests.factories_contracts import KpiRecordFactory, SlaFactory

pytestmark = pytest.mark.django_db


def _url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_member_issues_a_token_and_sees_it_once_with_the_curl_line(member_client, engagement):
    response = member_client.post(
        _url("feed-token-create", engagement), {"name": "Vendor WFM export", "expires_on": ""}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'id="feed-token" type="text" readonly value="([^"]+)"', response.text)[1]
    token = FeedToken.objects.get()
    assert authenticate_feed_token(raw) == token
    assert f"Authorization: Bearer {raw}" in response.text
    assert "http://testserver/api/v1/feeds/kpis" in response.text
    assert "only this once" in response.text
    page = member_client.get(_url("monitoring", engagement)).text
    assert raw not in page
    assert "Vendor WFM export" in page and f"{token.prefix}…" in page
    assert "Active" in page
    assert (
        timezone.localtime(FeedToken.objects.get().last_used_at).strftime("%Y-%m-%d %H:%M") in page
    )


def test_bad_input_is_shown_and_nothing_saved(member_client, engagement):
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = member_client.post(
        _url("feed-token-create", engagement), {"name": "", "expires_on": past}
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    response = member_client.post(
        _url("feed-token-create", engagement), {"name": "WFM", "expires_on": past}
    )
    assert "Choose a day after today." in response.text
    assert 'value="WFM"' in response.text  # what was typed comes back
    assert not FeedToken.objects.exists()


def test_revoke_asks_first_then_revokes(member_client, member, engagement):
    token, raw = issue_feed_token(engagement, user=member, data=FeedTokenInput(name="WFM"))
    revoke = _url("feed-token-revoke", engagement, pk=token.pk)
    assert revoke in member_client.get(_url("monitoring", engagement)).text
    confirm = member_client.get(revoke)
    assert "Revoke feed token?" in confirm.text
    token.refresh_from_db()
    assert token.revoked_at is None
    response = member_client.post(revoke, follow=True)
    assert "revoked." in response.text
    assert "Revoked" in response.text
    assert revoke not in response.text  # no second Revoke button
    assert authenticate_feed_token(raw) is None


def test_another_engagements_token_is_404(member_client, member, engagement):
    foreign, _ = _foreign_token()
    response = member_client.post(_url("feed-token-revoke", engagement, pk=foreign.pk))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def _foreign_token():
    engagement = SlaFactory().engagement
    MembershipFactory(team=engagement.team, user=engagement.owner)
    return issue_feed_token(engagement, user=engagement.owner, data=FeedTokenInput(name="Theirs"))


def test_the_page_shows_the_breach_a_feed_sent_and_names_the_feed(
    member_client, member, engagement
):
    SlaFactory(engagement=engagement)  # service level, at least 80 %
    token, raw = issue_feed_token(engagement, user=member, data=FeedTokenInput(name="WFM"))
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    record_kpi_feed(
        authenticate_feed_token(raw),
        rows=[{"metric": "service_level", "month": month, "value": "71.5"}],
    )
    page = member_client.get(_url("monitoring", engagement)).text
    assert re.search(r"71\.5 <span class=\"visually-hidden\">breached</span>", page)
    assert re.search(r'<td class="text-end">1 of 1</td>\s*<td class="text-end">1</td>', page)
    assert f"Feed token WFM ({token.prefix})" in page  # the recent KPI changes
    history = member_client.get(reverse("portal:engagement-history", args=[engagement.pk])).text
    assert f"Feed token WFM ({token.prefix})" in history


def test_page_query_count_is_fixed_with_tokens_listed(
    member_client, member, engagement, django_assert_max_num_queries
):
    sla = SlaFactory(engagement=engagement)
    for month in range(1, 13):
        KpiRecordFactory(sla=sla, period=datetime.date(2025, month, 1), value=Decimal(70 + month))
    for n in range(15):
        token, _ = issue_feed_token(engagement, user=member, data=FeedTokenInput(name=f"F{n}"))
        record_kpi_feed(
            token,
            rows=[{"metric": "service_level", "month": f"2025-{n % 12 + 1:02d}", "value": n}],
        )
    with django_assert_max_num_queries(12 + STANDING_QUERIES + CADENCE_QUERIES):
        response = member_client.get(_url("monitoring", engagement))
    assert response.text.count("Revoke<span") == 15
