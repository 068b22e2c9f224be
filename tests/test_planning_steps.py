"""Steps 1-3 in the navigator, and the demo data."""

import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from portal.models import Engagement
from portal.planning import queries, steps
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment
from portal.reference import PricingModel
from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED
from tests.factories_planning import (
    CostCaseFactory,
    CustomerAssessmentFactory,
    NeedsScopeFactory,
    scoped_engagement,
)

pytestmark = pytest.mark.django_db


def test_not_started(engagement):
    for func in (steps.scope_status, steps.cost_status, steps.customers_status):
        status = func(engagement)
        assert status.state == NOT_STARTED and status.url


def test_in_progress(engagement):
    NeedsScopeFactory(engagement=engagement)
    assert steps.scope_status(engagement).state == IN_PROGRESS
    CostCaseFactory(engagement=engagement)
    assert steps.cost_status(engagement).state == IN_PROGRESS


def test_complete(engagement, django_assert_max_num_queries):
    scoped_engagement(engagement)
    CustomerAssessmentFactory(engagement=engagement, risk_level="medium")
    with django_assert_max_num_queries(8):
        scope, cost, customers = (
            steps.scope_status(engagement),
            steps.cost_status(engagement),
            steps.customers_status(engagement),
        )
    assert scope.state == COMPLETE and "9,000 inbound phone" in scope.summary
    assert cost.state == COMPLETE and cost.summary.startswith("In-house $")
    assert customers.state == COMPLETE and customers.summary == "Customer-base risk: medium."


def test_demo_seed_fills_the_three_steps_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    assert ChannelLine.objects.filter(engagement=engagement).count() == 4
    assert CostCase.objects.filter(engagement=engagement).count() == 1
    assert CustomerAssessment.objects.filter(engagement=engagement).count() == 1
    workload = queries.workload(engagement)
    assert workload.contacts_per_month == 9000 + 2500 + 3000 + 1800
    assert 10 <= workload.in_house_agents <= 30
    assert queries.customer_risk_level(engagement) == "high"
    assert all(
        s.state == COMPLETE
        for s in (
            steps.scope_status(engagement),
            steps.cost_status(engagement),
            steps.customers_status(engagement),
        )
    )


def test_demo_cost_case_prices_every_pricing_model_from_the_rate_card(client):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    assert client.login(request=HttpRequest(), username="member", password="portal-demo")
    text = client.get(reverse("planning:cost-detail", args=[engagement.pk])).text
    for label in PricingModel.labels:
        assert f'<th scope="row">{label}<div' in text, label
    # Real rate-card figures for Asia / Philippines, not made-up ones.
    assert "0.35-0.45 USD per minute, Worldwide / international" in text
    assert "8-14 USD per hour, Asia / Philippines" in text
    assert "6-10 USD per hour, Asia / Philippines" in text
    assert "the 10-20% premium a center needs" in text
    assert "your offer: 6% of $45,000 sales" in text
    assert "Not priced for this scope" not in text
    assert "inbound calls a month</strong>" in text  # the break-even is found
