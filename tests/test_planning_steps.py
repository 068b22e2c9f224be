"""Steps 1-3 in the navigator, and the demo data."""

import io

import pytest
from django.core.management import call_command

from portal.models import Engagement
from portal.planning import queries, steps
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment
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
    with django_assert_max_num_queries(7):
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
    assert ChannelLine.objects.filter(engagement=engagement).count() == 2
    assert CostCase.objects.filter(engagement=engagement).count() == 1
    assert CustomerAssessment.objects.filter(engagement=engagement).count() == 1
    workload = queries.workload(engagement)
    assert workload.contacts_per_month == 12000
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
