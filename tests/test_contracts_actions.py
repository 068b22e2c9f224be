"""Write operations of steps 5-7: contract, reminders, KPIs, governance and exit plan."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from contracts import actions, queries
from contracts.models import Contract, KpiRecord, SentReminder, Sla
from contracts.tasks import send_contract_reminders_task
from portal.errors import DomainError
from portal.models import Engagement
from tests.factories import CandidateFactory, EngagementFactory, QuoteFactory, UserFactory
from tests.factories_contracts import (
    ContractFactory,
    ExitPlanFactory,
    ExitTriggerFactory,
    KpiRecordFactory,
    SlaFactory,
)

CONTRACT = {
    "start_date": date(2025, 1, 1),
    "initial_term_months": 24,
    "auto_renew": True,
    "renewal_term_months": 12,
    "notice_period_days": 90,
    "termination_fee": Decimal("15000"),
    "termination_for_cause": "Service level below 80% three months running.",
}


# --- Contract -------------------------------------------------------------------


def test_contract_needs_an_approved_vendor(engagement, member):
    CandidateFactory(engagement=engagement)  # shortlisted only
    with pytest.raises(DomainError, match="approve a vendor"):
        actions.contract_save(user=member, engagement=engagement, data=CONTRACT)
    assert not Contract.objects.exists()


def test_recording_the_contract_makes_the_engagement_live(engagement, member):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    quote = QuoteFactory(candidate=candidate)
    engagement.status = Engagement.Status.VENDOR_SELECTED
    engagement.save()
    contract = actions.contract_save(
        user=member, engagement=engagement, data={**CONTRACT, "quote": quote}
    )
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.LIVE
    assert contract.candidate == candidate and contract.quote == quote
    dates = queries.contract_dates(contract, date(2026, 9, 1))
    assert dates.term.end == date(2026, 12, 31)
    assert dates.notice.date == date(2026, 10, 2)
    assert dates.notice_days_left == 31


def test_a_closed_engagement_stays_closed(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    engagement.status = Engagement.Status.CLOSED
    engagement.save()
    actions.contract_save(user=member, engagement=engagement, data=CONTRACT)
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CLOSED


def test_price_schedule_must_be_a_quote_of_the_approved_vendor(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    other_quote = QuoteFactory(candidate=CandidateFactory(engagement=engagement))
    with pytest.raises(DomainError, match="approved vendor's quotes"):
        actions.contract_save(
            user=member, engagement=engagement, data={**CONTRACT, "quote": other_quote}
        )


def test_notice_longer_than_the_initial_term_is_refused(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    too_long = {**CONTRACT, "initial_term_months": 1, "notice_period_days": 60}
    with pytest.raises(DomainError, match="before the contract starts"):
        actions.contract_save(user=member, engagement=engagement, data=too_long)
    assert not Contract.objects.exists()


def test_a_start_date_past_the_calendar_is_refused(engagement, member):
    CandidateFactory(engagement=engagement, status="approved")
    with pytest.raises(DomainError, match="out of range"):
        actions.contract_save(
            user=member, engagement=engagement, data={**CONTRACT, "start_date": date(9999, 1, 1)}
        )
    assert not Contract.objects.exists()


def test_outsider_cannot_record_a_contract(engagement, outsider):
    CandidateFactory(engagement=engagement, status="approved")
    from django.http import Http404

    with pytest.raises(Http404):
        actions.contract_save(user=outsider, engagement=engagement, data=CONTRACT)


# --- Reminders ------------------------------------------------------------------


@pytest.fixture
def live_contract(engagement, member, manager):
    # 12 months from 1 Jan 2025: term ends 31 Dec 2025, notice by 2 Oct 2025.
    return ContractFactory(
        engagement=engagement,
        start_date=date(2025, 1, 1),
        initial_term_months=12,
        notice_period_days=90,
    )


def test_reminders_go_out_once_even_when_the_job_runs_twice(live_contract, member, manager):
    day = "2025-09-02"  # 30 days before the notice deadline
    assert send_contract_reminders_task.delay(day).get() == 1
    assert send_contract_reminders_task.delay(day).get() == 0  # the second run sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([member.email, manager.email])
    assert "Last day to give notice in 30 days (2025-10-02)" in message.subject
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.deadline, reminder.days_before) == (
        "notice",
        date(2025, 10, 2),
        30,
    )


def test_each_threshold_of_each_deadline_is_sent_once(live_contract):
    start = date(2025, 6, 1)
    for offset in range(0, 260):  # every day until after the term ends, some days twice
        day = (start + timedelta(days=offset)).isoformat()
        send_contract_reminders_task(day)
        if offset % 7 == 0:
            send_contract_reminders_task(day)
    sent = sorted(SentReminder.objects.values_list("kind", "deadline", "days_before"))
    assert sent == [
        ("notice", date(2025, 10, 2), 7),
        ("notice", date(2025, 10, 2), 30),
        ("notice", date(2025, 10, 2), 90),
        ("term_end", date(2025, 12, 31), 7),
        ("term_end", date(2025, 12, 31), 30),
        ("term_end", date(2025, 12, 31), 90),
    ]
    assert len(mail.outbox) == 6


def test_a_failed_send_releases_the_claim(live_contract, monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(actions, "send_mail", broken)
    with pytest.raises(ConnectionError):
        actions.contract_reminders_send(contract_id=live_contract.pk, today=date(2025, 9, 2))
    assert not SentReminder.objects.exists()  # the next run will try again


def test_one_contract_failing_to_send_does_not_hold_back_the_others(live_contract, monkeypatch):
    second = EngagementFactory(team=live_contract.engagement.team, title="Second engagement")
    other = ContractFactory(engagement=second, start_date=date(2025, 1, 1), notice_period_days=90)
    real_send = actions.send_mail
    refused = {live_contract.engagement.title}

    def refuse_one_team(**kwargs):
        if any(title in kwargs["subject"] for title in refused):
            raise ConnectionError("recipient refused")
        return real_send(**kwargs)

    monkeypatch.setattr(actions, "send_mail", refuse_one_team)
    assert send_contract_reminders_task("2025-09-02") == 1
    assert [m.subject.split("]")[0] for m in mail.outbox] == [f"[{other.engagement.title}"]
    assert SentReminder.objects.get().contract == other
    refused.clear()  # the mail server takes it the next day: that reminder goes out then
    assert send_contract_reminders_task("2025-09-03") == 1
    assert SentReminder.objects.count() == 2


def test_no_reminders_for_a_closed_engagement(live_contract):
    Engagement.objects.filter(pk=live_contract.engagement_id).update(status="closed")
    assert send_contract_reminders_task("2025-09-02") == 0
    assert mail.outbox == []


# --- KPIs -----------------------------------------------------------------------


@pytest.fixture
def slas(engagement):
    return {
        "service_level": SlaFactory(engagement=engagement),
        "abandoned": SlaFactory(
            engagement=engagement,
            metric="abandoned",
            target=Decimal(5),
            direction="lower",
            answer_within_seconds=None,
        ),
    }


def test_kpi_csv_imports_every_row(engagement, member, slas):
    KpiRecordFactory(sla=slas["service_level"], period=date(2025, 1, 1), value=Decimal(70))
    count = actions.kpi_import_csv(
        user=member,
        engagement=engagement,
        text="period,metric,value\n2025-01,service_level,82\n2025-01,abandoned,6.5\n"
        "2025-02,service_level,78\n",
    )
    assert count == 3
    assert KpiRecord.objects.count() == 3
    assert KpiRecord.objects.get(sla=slas["service_level"], period=date(2025, 1, 1)).value == 82


def test_kpi_csv_with_one_bad_row_imports_nothing(engagement, member, slas):
    with pytest.raises(actions.KpiImportError) as caught:
        actions.kpi_import_csv(
            user=member,
            engagement=engagement,
            text="period,metric,value\n2025-01,service_level,82\n2025-02,abandoned,lots\n",
        )
    assert caught.value.errors == ["Line 3, column value: 'lots' is not a number."]
    assert KpiRecord.objects.count() == 0


def test_breaches_are_computed_per_direction(engagement, member, slas):
    actions.kpi_import_csv(
        user=member,
        engagement=engagement,
        text="period,metric,value\n"
        "2025-01,service_level,82\n2025-01,abandoned,4\n"
        "2025-02,service_level,79\n2025-02,abandoned,5\n"
        "2025-03,service_level,80\n2025-03,abandoned,5.5\n",
    )
    table = queries.kpi_table(engagement)
    by_month = {period: cells for period, cells, _, _ in table.rows}
    # Service level (higher is better) breached when below 80; abandoned (lower) when above 5.
    assert [b for _, b in by_month[date(2025, 2, 1)]] == [True, False]
    assert [b for _, b in by_month[date(2025, 3, 1)]] == [False, True]
    counts = {period: (higher, lower) for period, _, higher, lower in table.rows}
    assert counts[date(2025, 2, 1)] == (1, 0) and counts[date(2025, 3, 1)] == (0, 1)


def test_handle_time_is_watched_never_a_target(engagement, member):
    with pytest.raises(DomainError, match="watched, never a target"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data={"metric": "aht", "target": Decimal(300), "direction": "lower", "unit": "s"},
        )
    sla = actions.sla_save(
        user=member,
        engagement=engagement,
        sla=None,
        data={"metric": "aht", "target": None, "direction": "lower", "unit": "s"},
    )
    assert sla.watch_only and sla.target_text == "watch only"


def test_one_sla_per_metric(engagement, member, slas):
    with pytest.raises(DomainError, match="already has an SLA"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data={"metric": "abandoned", "target": Decimal(4), "direction": "lower", "unit": "%"},
        )
    assert Sla.objects.count() == 2


# --- Governance -----------------------------------------------------------------


def test_liaison_must_be_a_team_member(engagement, member):
    stranger = UserFactory()
    with pytest.raises(DomainError, match="liaison must be a member"):
        actions.governance_save(
            user=member, engagement=engagement, liaison=stranger, monitor=None, procedures=""
        )


def test_escalation_levels_are_unique(engagement, member):
    data = {"level": 1, "who": "Liaison", "trigger": "Missed KPI", "response_hours": 24}
    actions.escalation_level_save(user=member, engagement=engagement, level=None, data=data)
    with pytest.raises(DomainError, match="Level 1 is already"):
        actions.escalation_level_save(user=member, engagement=engagement, level=None, data=data)


# --- Exit plan ------------------------------------------------------------------


def test_warning_when_notice_is_shorter_than_the_in_house_lead_time(engagement):
    ContractFactory(engagement=engagement, notice_period_days=60)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=45, training_lead_days=30)
    capacity = queries.exit_assessment(engagement, date(2025, 6, 1)).capacity
    assert capacity.notice_too_short and capacity.shortfall_days == 15


def test_no_warning_when_the_notice_covers_the_lead_time(engagement):
    ContractFactory(engagement=engagement, notice_period_days=90)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=45, training_lead_days=30)
    assessment = queries.exit_assessment(engagement, date(2025, 6, 1))
    assert not assessment.capacity.notice_too_short
    assert assessment.exit_cost == Decimal("10000") + Decimal("40000")


def test_sla_breach_trigger_is_checked_against_the_kpis(engagement, slas):
    sla = slas["service_level"]
    for month, value in [(1, 82), (2, 79), (3, 78), (4, 75)]:
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(value))
    three = ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=3)
    four = ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=4)
    manual = ExitTriggerFactory(engagement=engagement, kind="poor_reviews", assessed_met=True)
    checks = {
        c.trigger.pk: c for c in queries.exit_assessment(engagement, date(2025, 5, 1)).triggers
    }
    assert checks[three.pk].met and checks[three.pk].from_kpis
    assert not checks[four.pk].met
    assert checks[manual.pk].met and not checks[manual.pk].from_kpis


def test_sla_triggers_cannot_be_set_by_hand(engagement, member, slas):
    trigger = ExitTriggerFactory(
        engagement=engagement, kind="sla_breach_run", sla=slas["service_level"]
    )
    with pytest.raises(DomainError, match="checked against the KPI data"):
        actions.exit_trigger_set_met(user=member, trigger=trigger, met=True)


def test_in_house_agents_come_from_the_planning_workload_and_erlang_c(engagement):
    from portal import staffing
    from portal.planning.queries import workload
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    ContractFactory(engagement=engagement, notice_period_days=30)
    ExitPlanFactory(engagement=engagement, hiring_lead_days=40, training_lead_days=20)
    capacity = queries.exit_assessment(engagement, date(2025, 6, 1)).capacity
    w = workload(engagement)
    expected = staffing.agents_for_service_level(
        w.calls_per_hour_peak, w.aht_seconds, w.service_target, w.answer_within_seconds
    )
    assert capacity.agents == expected > 0
    assert "Erlang C" in capacity.agents_note
    assert capacity.notice_too_short and capacity.shortfall_days == 30


def test_the_headcount_to_hire_counts_shrinkage_and_coverage_hours(engagement):
    import math

    from portal import costs, staffing
    from tests.factories_planning import ChannelLineFactory, CostCaseFactory, NeedsScopeFactory

    NeedsScopeFactory(engagement=engagement)
    ChannelLineFactory(engagement=engagement, coverage_hours_per_week=Decimal("70"))
    CostCaseFactory(engagement=engagement, shrinkage_percent=Decimal("30"))
    team = queries.in_house_team(engagement)
    hours = staffing.agent_hours_per_month(team.agents_on_phones, 70, 0.30)
    assert team.full_time_agents == math.ceil(hours / costs.FTE_HOURS - 1e-9)
    # 70 hours a week of coverage and 30% shrinkage need far more people than seats.
    assert team.full_time_agents > 2 * team.agents_on_phones
    assert "30% shrinkage" in team.note and "70 hours a week" in team.note


def test_a_stricter_service_level_sla_needs_more_agents(engagement):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    planned = queries.in_house_team(engagement)
    SlaFactory(engagement=engagement, target=Decimal("95"), answer_within_seconds=10)
    strict = queries.in_house_team(engagement)
    assert strict.agents_on_phones > planned.agents_on_phones
    assert strict.full_time_agents >= planned.full_time_agents
    assert "the contract's SLA" in strict.note


def test_no_agents_before_the_need_is_scoped(engagement):
    team = queries.in_house_team(engagement)
    assert team.agents_on_phones is None and team.full_time_agents is None
    assert "Scope the volumes" in team.note


def test_sla_save_refuses_a_direction_against_the_metric(engagement, member):
    with pytest.raises(DomainError, match="lower is better"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data={"metric": "abandoned", "target": Decimal(5), "direction": "higher", "unit": "%"},
        )
    assert Sla.objects.count() == 0


# --- Exit triggers against the data ----------------------------------------------


def _checks(engagement):
    return {
        c.trigger.kind: c for c in queries.exit_assessment(engagement, date(2025, 6, 1)).triggers
    }


def _priced_contract(engagement, **quote):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    contract = ContractFactory(engagement=engagement)
    contract.quote = QuoteFactory(candidate=contract.candidate, **quote)
    contract.save()
    return contract


def test_cost_above_benefit_compares_the_contract_quote_with_the_in_house_cost(engagement):
    from portal import costs
    from portal.planning.queries import workload

    contract = _priced_contract(engagement, rate="0.42", minimum_monthly=0, setup_fee=0)
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit")
    check = _checks(engagement)["cost_above_benefit"]
    w = workload(engagement)
    outsourced = costs.quote_monthly_cost(
        w, pricing_model="shared_per_minute", rate=Decimal("0.42"), months=12
    )
    in_house = costs.in_house_cost_for(w, "shared_per_minute")
    assert outsourced < in_house
    assert check.state == "not_met" and not check.met
    assert f"{outsourced:,.2f} USD a month" in check.detail
    assert f"{in_house:,.2f} USD in-house" in check.detail
    contract.quote.rate = Decimal("5")  # five dollars a minute: dearer than the team
    contract.quote.save()
    assert _checks(engagement)["cost_above_benefit"].state == "met"


def test_cost_above_benefit_says_why_it_cannot_be_checked(engagement):
    from tests.factories_planning import scoped_engagement

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
