"""The interface other steps use: workload() and customer_risk_level()."""

from decimal import Decimal

import pytest

from portal import billing, cost_inputs, costs
from portal.planning import queries
from tests.factories import EngagementFactory
from tests.factories_planning import (
    ChannelLineFactory,
    CustomerAssessmentFactory,
    NeedsScopeFactory,
    scoped_engagement,
)

pytestmark = pytest.mark.django_db


def test_workload_is_none_until_scoped():
    engagement = EngagementFactory()
    assert queries.workload(engagement) is None
    NeedsScopeFactory(engagement=engagement)
    assert queries.workload(engagement) is None  # no channel volumes yet


def test_workload_of_a_scoped_engagement(django_assert_max_num_queries):
    engagement = scoped_engagement()
    with django_assert_max_num_queries(3):
        w = queries.workload(engagement)
    assert isinstance(w, costs.Workload)
    assert w.contacts_per_month == 12000
    assert w.inbound_minutes_per_month == 9000 * 6 + 3000 * 8
    assert w.aht_seconds == 360
    assert w.service_target == 0.8 and w.answer_within_seconds == 20
    assert w.agents_on_phones > 0 and w.agent_hours_per_month > 0
    assert w.in_house_monthly_cost > 0
    assert w.oversight_monthly_cost == Decimal("6500.00")
    cost = billing.quote_monthly_cost(w, pricing_model="shared_per_minute", rate=Decimal("0.40"))
    assert cost == cost_inputs.money(Decimal(78000) * Decimal("0.40") + 6500)


def test_workload_without_cost_case_uses_default_staffing_and_no_costs():
    engagement = scoped_engagement(cost_case=False)
    w = queries.workload(engagement)
    assert w.agents_on_phones > 0
    assert w.in_house_monthly_cost == 0 and w.oversight_monthly_cost == 0


def test_zero_volume_lines_are_ignored():
    engagement = EngagementFactory()
    NeedsScopeFactory(engagement=engagement)
    ChannelLineFactory(engagement=engagement, channel="chat", contacts_per_month=0)
    assert queries.workload(engagement) is None


def test_customer_risk_level():
    engagement = EngagementFactory()
    assert queries.customer_risk_level(engagement) is None
    CustomerAssessmentFactory(engagement=engagement, risk_level="medium")
    assert queries.customer_risk_level(engagement) == "medium"
