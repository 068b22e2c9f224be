"""Quotes in the vendor's currency are priced in the engagement's, at a stated rate
and date; a quote whose currency has no rate is not priced and not scored."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import cost_inputs
from portal.models import ExchangeRate
from portal.planning import queries as planning
from tests.factories import CandidateFactory, QuoteFactory, VendorFactory
from tests.factories_planning import scoped_engagement
from vendors import candidate_cost, comparison

pytestmark = pytest.mark.django_db


def _hourly(engagement, name, rate, currency):
    candidate = CandidateFactory(engagement=engagement, vendor=VendorFactory(name=name))
    QuoteFactory(
        candidate=candidate,
        pricing_model="dedicated_per_hour",
        rate=rate,
        unit="per_hour",
        currency=currency,
        minimum_monthly=0,
        setup_fee=0,
    )
    return candidate


@pytest.fixture
def day():
    return timezone.localdate() - datetime.timedelta(days=1)


def test_280_mxn_an_hour_is_priced_at_the_rate(member_client, engagement, day):
    scoped_engagement(engagement)
    ExchangeRate.objects.create(
        from_currency="MXN", to_currency="USD", rate="0.0500", effective_date=day
    )
    _hourly(engagement, "Monterrey Contact", "280", "MXN")
    _hourly(engagement, "Kansas Calls", "26", "USD")
    workload = planning.workload(engagement)
    # 280 MXN x 0.05 = $14.00 an agent-hour, times the dedicated agent-hours, plus
    # our own oversight (no minimum, no set-up fee).
    hours = Decimal(workload.agent_hours_per_month)
    charge = cost_inputs.money(hours * Decimal("14.00"))
    expected = cost_inputs.money(charge + workload.oversight_monthly_cost)
    not_as_dollars = cost_inputs.money(hours * 280)

    result = comparison.build(engagement)
    facts = {r.facts.name: r for r in result.ranked}
    assert facts["Monterrey Contact"].facts.monthly_cost == expected
    assert facts["Monterrey Contact"].facts.monthly_cost < facts["Kansas Calls"].facts.monthly_cost
    leader = result.ranked[0]
    assert leader.facts.name == "Monterrey Contact"
    assert leader.scores["cost"].value > facts["Kansas Calls"].scores["cost"].value

    page = member_client.get(reverse("shortlist:compare", args=[engagement.pk])).text
    original = f"{charge / Decimal('0.05'):,.0f} MXN"
    assert f"${charge:,.0f} a month billed ({original} at 0.0500 on {day:%Y-%m-%d})" in page
    assert f"${expected:,.0f} a month</strong> for the whole scope" in page
    assert f"${not_as_dollars:,.0f}" not in page


def test_a_quote_with_no_rate_is_not_priced_and_says_why(member_client, engagement):
    scoped_engagement(engagement)
    _hourly(engagement, "Monterrey Contact", "280", "MXN")
    _hourly(engagement, "Kansas Calls", "26", "USD")
    result = comparison.build(engagement)
    facts = {r.facts.name: r for r in result.ranked}
    mexican = facts["Monterrey Contact"]
    assert mexican.facts.monthly_cost is None
    reason = "no MXN→USD exchange rate; an administrator adds one in the admin"
    assert mexican.scores["cost"].value == 0
    assert mexican.scores["cost"].reason == f"no data: {reason}"
    assert not facts["Kansas Calls"].scores["cost"].no_data

    page = member_client.get(reverse("shortlist:compare", args=[engagement.pk])).text
    assert f"not priced: {reason}" in page
    shortlist = member_client.get(reverse("shortlist:candidate-list", args=[engagement.pk])).text
    assert f"not priced: {reason}" in shortlist


def test_a_rate_dated_after_today_does_not_price_the_quote(engagement):
    scoped_engagement(engagement)
    ExchangeRate.objects.create(
        from_currency="MXN",
        to_currency="USD",
        rate="0.05",
        effective_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    candidate = _hourly(engagement, "Monterrey Contact", "280", "MXN")
    cost = candidate_cost.candidate_cost(engagement, candidate)
    assert (cost.monthly_total, cost.quotes) == (None, ())
    assert cost.missing.startswith("no MXN→USD exchange rate")


def test_an_engagement_in_euros_converts_dollar_quotes(member_client, engagement, day):
    scoped_engagement(engagement)
    engagement.currency = "EUR"
    engagement.save()
    ExchangeRate.objects.create(
        from_currency="EUR", to_currency="USD", rate="1.2500", effective_date=day
    )
    candidate = _hourly(engagement, "Kansas Calls", "25", "USD")
    cost = candidate_cost.candidate_cost(engagement, candidate)
    (quote,) = cost.quotes
    workload = planning.workload(engagement)
    hours = Decimal(workload.agent_hours_per_month)
    assert cost.monthly_total == cost_inputs.money(
        cost_inputs.money(hours * 20) + workload.oversight_monthly_cost
    )
    assert cost.currency == "EUR"
    assert quote.conversion.inverted and quote.conversion.rate_display == "0.8000"


def test_the_engagement_form_sets_the_currency(member_client, engagement):
    response = member_client.post(
        reverse("portal:engagement-edit", args=[engagement.pk]),
        {"title": engagement.title, "description": "", "currency": "MXN"},
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.currency == "MXN"
    page = member_client.get(reverse("portal:engagement-edit", args=[engagement.pk])).text
    assert 'value="MXN" selected' in page
