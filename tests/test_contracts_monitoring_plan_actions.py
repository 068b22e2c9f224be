"""The test-call plan's writes: a plan once per engagement and month, spread over
the scope, assigned in turn, filled by the calls logged, audited."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from contracts.models import PlannedCall, TestCallPlan
from contracts.monitoring import plan_actions, plan_queries
from contracts.monitoring.plan_actions import TargetInput
from contracts.tasks import generate_test_call_plans_task
from portal import week
from portal.errors import DomainError
from portal.models import Engagement
from tests.factories import MembershipFactory
from tests.factories_contracts import ContractFactory
from tests.factories_diligence import TestCallFactory
from tests.factories_planning import ChannelLineFactory

DECEMBER = date(2026, 12, 1)


@pytest.fixture
def live(engagement, member, manager):
    contract = ContractFactory(engagement=engagement)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.LIVE)
    ChannelLineFactory(
        engagement=engagement,
        channel="inbound_phone",
        contacts_per_month=9000,
        open_hours=list(week.BUSINESS_HOURS),
        languages="English, Spanish",
    )
    ChannelLineFactory(
        engagement=engagement,
        channel="email",
        contacts_per_month=1000,
        open_hours=list(week.ALL_WEEK),
        languages="English",
    )
    engagement.refresh_from_db()
    engagement.contract_row = contract
    return engagement


def _at(day, hour):
    return datetime(2026, 12, day, hour, tzinfo=timezone.get_current_timezone())


def test_the_plan_shares_ten_calls_by_volume_over_open_hours_and_languages(live, member, manager):
    plan, created = plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    assert created and plan.calls_per_month == 10
    calls = list(plan.calls.all())
    assert [c.channel for c in calls].count("inbound_phone") == 9
    assert [c.channel for c in calls].count("email") == 1
    phone = [c for c in calls if c.channel == "inbound_phone"]
    assert {c.language for c in phone} == {"English", "Spanish"}
    for c in phone:  # business hours, Monday to Friday
        local = timezone.localtime(c.suggested_at)
        assert local.weekday() < 5 and 9 <= local.hour < 18
    assert {c.assignee for c in calls} == {member, manager}
    assert LogEntry.objects.get_for_model(TestCallPlan).count() == 1
    assert LogEntry.objects.get_for_model(PlannedCall).count() == 10


def test_a_second_run_makes_no_second_plan(live):
    assert generate_test_call_plans_task("2026-12-01") == 1
    assert generate_test_call_plans_task("2026-12-02") == 0
    plan, created = plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    assert not created
    assert TestCallPlan.objects.count() == 1
    assert PlannedCall.objects.count() == 10


def test_engagements_before_go_live_get_no_plan(engagement):
    ChannelLineFactory(engagement=engagement)
    assert generate_test_call_plans_task("2026-12-01") == 0
    with pytest.raises(DomainError, match="after go-live"):
        plan_actions.test_call_plan_generate(engagement=engagement, month=DECEMBER)


def test_a_logged_call_fills_the_first_open_planned_call_of_its_channel(live, member):
    plan, _ = plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    TestCallFactory(candidate=live.contract.candidate, channel="email", called_at=_at(3, 10))
    TestCallFactory(candidate=live.contract.candidate, channel="chat", called_at=_at(4, 10))
    view = plan_queries.plan_view(live, DECEMBER)
    assert (view.done, view.planned, view.extra_calls) == (1, 10, 1)
    assert [r.planned.channel for r in view.rows if r.done] == ["email"]
    # A call of another month fills nothing of December's.
    TestCallFactory(
        candidate=live.contract.candidate,
        channel="inbound_phone",
        called_at=datetime(2026, 11, 30, 10, tzinfo=timezone.get_current_timezone()),
    )
    assert plan_queries.plan_view(live, DECEMBER).done == 1


def test_logging_from_the_plan_links_that_planned_call(live, member):
    from vendors.diligence.test_call_actions import TestCallInput

    plan, _ = plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    last_phone = [c for c in plan.calls.all() if c.channel == "inbound_phone"][-1]
    data = TestCallInput(
        called_at=_at(1, 11),
        caller=member,
        channel="inbound_phone",
        scenario="Refund",
        handle_minutes=Decimal("5"),
        courtesy=4,
        language_clarity=4,
        product_knowledge=3,
        wait_seconds=30,
    )
    call = plan_actions.planned_call_log(user=member, planned=last_phone, data=data)
    last_phone.refresh_from_db()
    assert last_phone.test_call == call
    view = plan_queries.plan_view(live, DECEMBER)
    assert [r.planned.pk for r in view.rows if r.done] == [last_phone.pk]
    with pytest.raises(DomainError, match="already logged"):
        plan_actions.planned_call_log(user=member, planned=last_phone, data=data)


def test_a_new_number_remakes_this_months_plan_while_none_is_done(live, member):
    plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    replanned = plan_actions.test_call_target_save(
        user=member, engagement=live, data=TargetInput(4), today=date(2026, 12, 2)
    )
    assert replanned
    assert PlannedCall.objects.filter(plan__month=DECEMBER).count() == 4
    TestCallFactory(candidate=live.contract.candidate, called_at=_at(1, 10))
    replanned = plan_actions.test_call_target_save(
        user=member, engagement=live, data=TargetInput(12), today=date(2026, 12, 2)
    )
    assert not replanned
    assert PlannedCall.objects.filter(plan__month=DECEMBER).count() == 4
    assert plan_queries.calls_per_month(live) == 12


def test_the_number_a_month_has_bounds(live, member):
    with pytest.raises(DomainError) as error:
        plan_actions.test_call_target_save(user=member, engagement=live, data=TargetInput(0))
    assert "calls_per_month" in error.value.fields


def test_members_take_turns_across_the_team(live, team):
    for _ in range(3):
        MembershipFactory(team=team)
    plan, _ = plan_actions.test_call_plan_generate(engagement=live, month=DECEMBER)
    assignees = [c.assignee_id for c in plan.calls.all()]
    assert len(set(assignees)) == 5
    assert max(assignees.count(a) for a in set(assignees)) == 2
