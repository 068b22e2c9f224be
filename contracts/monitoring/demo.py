"""Demo data for the test calls of step 6: steady calls over the last months (a flat
score trend) and this month's plan with its first planned calls logged from the plan."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone

from contracts import deadlines
from contracts.models import Contract, TestCallPlan
from contracts.monitoring import plan_actions, plan_queries
from portal.errors import DomainError
from vendors.diligence.models import LIVE_CHANNELS
from vendors.diligence.test_call_actions import TestCallInput, test_call_create

# The test calls of the months before this one (for the trend) and the share of this
# month's plan already made when the demo is loaded.
DEMO_MONTHS_OF_CALLS = 5
DEMO_PLAN_DONE_SHARE = 0.4


def _demo_call(member, channel: str, when, scenario: str) -> TestCallInput:
    live = channel in LIVE_CHANNELS
    return TestCallInput(
        called_at=when,
        caller=member,
        channel=channel,
        scenario=scenario,
        wait_seconds=25 if live else None,
        reply_hours=None if live else Decimal("6"),
        handle_minutes=Decimal("6.5"),
        resolved_first_contact=True,
        courtesy=4,
        language_clarity=4,
        product_knowledge=4,
    )


def seed_test_calls(engagement, member, today):
    """Steady test calls over the last months (a flat score trend) and this month's
    plan with its first planned calls logged from the plan."""
    month = today.replace(day=1)
    if TestCallPlan.objects.filter(engagement=engagement, month=month).exists():
        return
    contract_row = Contract.objects.select_related("candidate").get(engagement=engagement)
    zone = timezone.get_current_timezone()
    for back in range(DEMO_MONTHS_OF_CALLS, 0, -1):
        first = deadlines.add_months(month, -back)
        for day, hour in ((6, 10), (17, 15)):
            when = timezone.make_aware(datetime.combine(first.replace(day=day), time(hour)), zone)
            test_call_create(
                user=member,
                candidate=contract_row.candidate,
                data=_demo_call(member, "inbound_phone", when, "Where is my order?"),
            )
    engagement.refresh_from_db()
    if not plan_queries.is_live(engagement):
        return
    try:
        plan, _ = plan_actions.test_call_plan_generate(
            engagement=engagement, month=month, user=member
        )
    except DomainError:
        return  # no channel in scope on this branch's demo
    planned = list(plan.calls.order_by("suggested_at", "position"))
    now = timezone.now()
    for call in planned[: round(len(planned) * DEMO_PLAN_DONE_SHARE)]:
        # Made at the suggested hour, or just now when that is still ahead.
        when = min(call.suggested_at, now).replace(second=0, microsecond=0)
        plan_actions.planned_call_log(
            user=member,
            planned=call,
            data=_demo_call(
                call.assignee or member,
                call.channel,
                when,
                f"Planned call in {call.language}" if call.language else "Planned call",
            ),
        )
