"""The exit assessment: trigger conditions against the data, and the in-house capacity."""

import math
from datetime import date
from decimal import Decimal

from contracts.exit.queries import exit_assessment, in_house_team
from contracts.models import Contract
from portal import cost_inputs, scenarios, staffing
from portal.planning.queries import workload
from tests.factories import QuoteFactory
from tests.factories_contracts import (
    ContractFactory,
    ExitPlanFactory,
    ExitTriggerFactory,
    KpiRecordFactory,
    SlaFactory,
)
from tests.factories_planning import (
    ChannelLineFactory,
    CostCaseFactory,
    NeedsScopeFactory,
    scoped_engagement,
)


def test_warning_when_notice_is_shorter_than_the_in_house_lead_time(engagement):
    ContractFactory(engagement=engagement, notice_period_days=60)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=45, training_lead_days=30)
    capacity = exit_assessment(engagement, date(2025, 6, 1)).capacity
    assert capacity.notice_too_short and capacity.shortfall_days == 15


def test_no_warning_when_the_notice_covers_the_lead_time(engagement):
    ContractFactory(engagement=engagement, notice_period_days=90)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=45, training_lead_days=30)
    assessment = exit_assessment(engagement, date(2025, 6, 1))
    assert not assessment.capacity.notice_too_short
    assert assessment.exit_cost == Decimal("10000") + Decimal("40000")


def test_sla_breach_trigger_is_checked_against_the_kpis(engagement):
    sla = SlaFactory(engagement=engagement)
    for month, value in [(1, 82), (2, 79), (3, 78), (4, 75)]:
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(value))
    three = ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=3)
    four = ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=4)
    manual = ExitTriggerFactory(engagement=engagement, kind="poor_reviews", assessed_met=True)
    checks = {c.trigger.pk: c for c in exit_assessment(engagement, date(2025, 5, 1)).triggers}
    assert checks[three.pk].met and checks[three.pk].checked
    assert not checks[four.pk].met
    assert checks[manual.pk].met and not checks[manual.pk].checked


def test_in_house_agents_come_from_the_planning_workload_and_erlang_c(engagement):
    scoped_engagement(engagement)
    ContractFactory(engagement=engagement, notice_period_days=30)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=40, training_lead_days=20)
    capacity = exit_assessment(engagement, date(2025, 6, 1)).capacity
    w = workload(engagement)
    expected = staffing.agents_for_service_level(
        w.calls_per_hour_peak, w.aht_seconds, w.service_target, w.answer_within_seconds
    )
    assert capacity.agents == expected > 0
    assert "Erlang C" in capacity.agents_note
    assert capacity.notice_too_short and capacity.shortfall_days == 30


def test_the_headcount_to_hire_counts_shrinkage_and_coverage_hours(engagement):
    NeedsScopeFactory(engagement=engagement)
    ChannelLineFactory(engagement=engagement)  # Monday-Friday 07:00-21:00, 70 hours
    CostCaseFactory(engagement=engagement, shrinkage_percent=Decimal("30"))
    team = in_house_team(engagement)
    hours = staffing.agent_hours_per_month(team.agents_on_phones, 70, 0.30)
    assert team.full_time_agents == math.ceil(hours / cost_inputs.FTE_HOURS - 1e-9)
    # 70 hours a week of coverage and 30% shrinkage need far more people than seats.
    assert team.full_time_agents > 2 * team.agents_on_phones
    assert "30% shrinkage" in team.note and "70 hours a week" in team.note


def test_a_stricter_service_level_sla_needs_more_agents(engagement):
    scoped_engagement(engagement)
    planned = in_house_team(engagement)
    SlaFactory(engagement=engagement, target=Decimal("95"), answer_within_seconds=10)
    strict = in_house_team(engagement)
    assert strict.agents_on_phones > planned.agents_on_phones
    assert strict.full_time_agents >= planned.full_time_agents
    assert "the contract's SLA" in strict.note


def test_no_agents_before_the_need_is_scoped(engagement):
    team = in_house_team(engagement)
    assert team.agents_on_phones is None and team.full_time_agents is None
    assert "Scope the volumes" in team.note


def _checks(engagement):
    return {c.trigger.kind: c for c in exit_assessment(engagement, date(2025, 6, 1)).triggers}


def _priced_contract(engagement, **quote):
    scoped_engagement(engagement)
    contract = ContractFactory(engagement=engagement)
    contract.quote = QuoteFactory(candidate=contract.candidate, **quote)
    contract.save()
    return contract


def test_cost_above_benefit_compares_the_contract_quote_with_the_in_house_cost(engagement):
    contract = _priced_contract(engagement, rate="0.42", minimum_monthly=0, setup_fee=0)
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit")
    check = _checks(engagement)["cost_above_benefit"]
    w = workload(engagement)
    # The whole scope under the quote (it covers phone and e-mail), as step 4 prices it.
    pricing = scenarios.Pricing("shared_per_minute", Decimal("0.42"))
    under = scenarios.scenario(w, inbound=pricing)
    in_house = scenarios.all_in_house(w).monthly_total
    assert under.monthly_total < in_house
    assert check.state == "not_met" and not check.met
    assert f"the whole scope costs ${under.monthly_total:,.0f} a month" in check.detail
    assert f"your oversight ${w.oversight_monthly_cost:,.0f}" in check.detail
    assert f"${in_house:,.0f} all in-house" in check.detail
    contract.quote.rate = Decimal("5")  # five dollars a minute: dearer than the team
    contract.quote.save()
    assert _checks(engagement)["cost_above_benefit"].state == "met"


def test_the_cost_check_keeps_what_the_quote_does_not_cover_in_house(engagement):
    _priced_contract(engagement, rate="0.42", setup_fee=0, channels=["inbound_phone"])
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit")
    detail = _checks(engagement)["cost_above_benefit"].detail
    email = workload(engagement).in_house_cost(["email"])
    assert f"E-mail kept in-house ${email:,.0f}" in detail


def test_the_cost_check_states_the_set_up_fee_spread_over_the_term(engagement):
    _priced_contract(engagement, rate="0.42", minimum_monthly=0, setup_fee=2500)
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit")
    detail = _checks(engagement)["cost_above_benefit"].detail
    assert "set-up $2,500 spread over the 12-month term: $208 a month" in detail


def test_cost_above_benefit_says_why_it_cannot_be_checked(engagement):
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit", assessed_met=True)
    check = _checks(engagement)["cost_above_benefit"]
    assert check.state == "unknown" and check.detail == "Can't be checked: no contract is recorded."
    assert check.met  # the team's own assessment stands in
    ContractFactory(engagement=engagement)
    assert _checks(engagement)["cost_above_benefit"].detail == (
        "Can't be checked: the contract has no quote linked as its price schedule."
    )
    contract = Contract.objects.get()
    contract.quote = QuoteFactory(candidate=contract.candidate)
    contract.save()
    assert "step 1 has no scoped volume" in _checks(engagement)["cost_above_benefit"].detail
    scoped_engagement(engagement, cost_case=False)
    assert "step 2's cost case gives no in-house cost" in (
        _checks(engagement)["cost_above_benefit"].detail
    )


def test_too_little_volume_is_the_charge_under_the_vendors_minimum(engagement):
    contract = _priced_contract(engagement, rate="0.42", minimum_monthly=Decimal("900000"))
    ExitTriggerFactory(engagement=engagement, kind="low_volume")
    check = _checks(engagement)["low_volume"]
    assert check.state == "met"
    assert "under its minimum monthly charge of 900,000.00" in check.detail
    contract.quote.minimum_monthly = Decimal("1000")
    contract.quote.save()
    assert _checks(engagement)["low_volume"].state == "not_met"
    contract.quote.minimum_monthly = Decimal("0")
    contract.quote.save()
    assert _checks(engagement)["low_volume"].detail == (
        "Can't be checked: the contract's quote has no minimum monthly charge."
    )


def test_poor_reviews_and_poor_work_are_read_from_the_satisfaction_and_quality_slas(engagement):
    csat = SlaFactory(
        engagement=engagement, metric="csat", target=Decimal(85), answer_within_seconds=None
    )
    for month, value in [(1, 80), (2, 82), (3, 84)]:
        KpiRecordFactory(sla=csat, period=date(2025, month, 1), value=Decimal(value))
    ExitTriggerFactory(engagement=engagement, kind="poor_reviews", months=3)
    ExitTriggerFactory(engagement=engagement, kind="poor_work", months=2, assessed_met=False)
    checks = _checks(engagement)
    assert checks["poor_reviews"].state == "met"
    assert "Customer satisfaction: breached 3 month(s) running" in checks["poor_reviews"].detail
    assert checks["poor_work"].state == "unknown"
    assert checks["poor_work"].detail == "Can't be checked: the contract has no quality score SLA."


def test_an_other_condition_is_left_to_the_team(engagement):
    ExitTriggerFactory(engagement=engagement, kind="other", assessed_met=True)
    check = _checks(engagement)["other"]
    assert check.state == "unknown" and check.met
    assert check.detail == "Can't be checked: no recorded data describes this condition."
