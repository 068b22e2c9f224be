"""Exit-plan arithmetic without a database: notice against lead time, trigger checks,
and the in-house team to hire."""

import math
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from contracts import exit_rules as r
from portal import cost_inputs, staffing, week


@pytest.mark.parametrize(
    ("notice", "lead", "short", "days"),
    [(60, 75, True, 15), (75, 75, False, 0), (90, 75, False, 0), (None, 75, False, 0)],
)
def test_the_notice_falls_short_of_the_lead_time_by_the_days_missing(notice, lead, short, days):
    assert r.notice_too_short(notice, lead) is short
    assert r.notice_shortfall_days(notice, lead) == days
    capacity = r.Capacity(None, None, None, "", lead_days=lead, notice_days=notice)
    assert (capacity.notice_too_short, capacity.shortfall_days) == (short, days)


def _sla(pk=1, metric="service_level", watch_only=False):
    return SimpleNamespace(
        pk=pk, metric=metric, title="Service level", watch_only=watch_only, target_text="≥ 80 %"
    )


def _series(sla, breached_months):
    points = [(date(2025, m, 1), Decimal(70), True) for m in range(1, breached_months + 1)]
    return SimpleNamespace(sla=sla, points=points, consecutive=breached_months)


def _trigger(kind, sla=None, months=3, assessed_met=False):
    return SimpleNamespace(
        kind=kind, sla=sla, sla_id=sla.pk if sla else None, months=months, assessed_met=assessed_met
    )


def test_an_sla_breach_run_is_met_from_the_number_of_months_running():
    sla = _sla()
    three, four = _trigger(r.SLA_BREACH_RUN, sla, 3), _trigger(r.SLA_BREACH_RUN, sla, 4)
    met, not_met = r.check_triggers([three, four], [_series(sla, 3)])
    assert (met.state, met.met, met.checked) == (r.MET, True, True)
    assert (not_met.state, not_met.met) == (r.NOT_MET, False)
    assert met.detail == (
        "Service level: breached 3 month(s) running (latest March 2025, target ≥ 80 %); "
        "the condition is 3 month(s) running."
    )


def test_what_the_data_cannot_tell_is_left_to_the_teams_assessment():
    sla = _sla(watch_only=True)
    checks = r.check_triggers(
        [
            _trigger(r.SLA_BREACH_RUN, sla),
            _trigger(r.SLA_BREACH_RUN, _sla(pk=2)),
            _trigger(r.POOR_WORK, assessed_met=True),
            _trigger(r.OTHER, assessed_met=True),
            _trigger(r.COST_ABOVE_BENEFIT),
        ],
        [_series(sla, 2)],
        metric_name={"quality": "Quality score"}.get,
    )
    assert [c.state for c in checks] == [r.UNKNOWN] * 5
    assert [c.met for c in checks] == [False, False, True, True, False]
    assert [c.detail for c in checks] == [
        "Can't be checked: Service level is watched only, without a target to breach.",
        "Can't be checked: no KPI is recorded for Service level yet.",
        "Can't be checked: the contract has no quality score SLA.",
        "Can't be checked: no recorded data describes this condition.",
        "Can't be checked: no contract is recorded.",
    ]


def test_poor_reviews_read_the_satisfaction_sla():
    csat = _sla(pk=5, metric="csat")
    (check,) = r.check_triggers([_trigger(r.POOR_REVIEWS, months=2)], [_series(csat, 2)])
    assert check.state == r.MET


def _phone(coverage=45.0):
    return cost_inputs.ChannelLoad(
        channel=cost_inputs.INBOUND_PHONE,
        contacts_per_month=8000,
        handle_minutes=6,
        open_hours=week.open_hours_for_weekly_hours(coverage),
    )


def test_the_team_to_hire_covers_every_open_hour_after_shrinkage():
    inputs = cost_inputs.CostInputs(shrinkage=0.30)
    team = r.in_house_team([_phone(70)], inputs)
    hours = staffing.agent_hours_per_month(team.agents_on_phones, 70, 0.30)
    assert team.full_time_agents == math.ceil(hours / cost_inputs.FTE_HOURS - 1e-9)
    assert team.full_time_agents > 2 * team.agents_on_phones
    assert "(planning)" in team.note and "30% shrinkage" in team.note


def test_a_usable_service_level_sla_sets_the_target_the_team_must_reach():
    planned = r.in_house_team([_phone()], cost_inputs.CostInputs())
    strict_sla = SimpleNamespace(
        metric="service_level", target=Decimal(95), answer_within_seconds=10
    )
    unusable = SimpleNamespace(
        metric="service_level", target=Decimal(100), answer_within_seconds=10
    )
    strict = r.in_house_team([_phone()], cost_inputs.CostInputs(), [unusable, strict_sla])
    assert strict.agents_on_phones > planned.agents_on_phones
    assert "95% answered within 10 s (the contract's SLA)" in strict.note
    assert r.in_house_team([_phone()], cost_inputs.CostInputs(), [unusable]) == planned


def test_the_teams_own_headcount_replaces_the_staffing_math():
    team = r.in_house_team([_phone()], cost_inputs.CostInputs(in_house_agents_override=12))
    assert team.full_time_agents == 12
    assert "own headcount of 12, used instead of the staffing math" in team.note
