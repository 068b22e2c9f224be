"""Write operations of the test-call plan: the number of calls a month, a month's
plan (generated once per engagement and month) and logging a planned call. One
transaction each, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from auditlog.context import set_actor
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts import test_call_plan
from contracts.models import MAX_CALLS_PER_MONTH, PlannedCall, TestCallPlan, TestCallTarget
from contracts.monitoring import plan_queries
from contracts.team import team_users
from portal import access
from portal.errors import DomainError
from portal.models import Engagement
from vendors.diligence import test_call_actions
from vendors.diligence.models import TestCall

NOT_LIVE = "Test-call plans start after go-live, once the contract is recorded."
NO_CHANNELS = "Scope at least one channel (step 1) to plan test calls over."


def _planned_calls(engagement: Engagement, month: date, calls: int) -> list[PlannedCall]:
    members = list(team_users(engagement))
    slots = test_call_plan.plan_month(
        month.year, month.month, calls, plan_queries.plan_slots(engagement), len(members)
    )
    zone = timezone.get_current_timezone()
    return [
        PlannedCall(
            position=slot.position,
            channel=slot.channel,
            language=slot.language,
            suggested_at=timezone.make_aware(slot.suggested_at, zone),
            assignee=members[slot.assignee] if slot.assignee is not None else None,
        )
        for slot in slots
    ]


def test_call_plan_generate(
    *, engagement: Engagement, month: date, user=None
) -> tuple[TestCallPlan, bool]:
    """The month's plan, made if there is none yet: (plan, created).

    Safe to run twice, or at once from beat and a click: the plan and its calls are
    written in one transaction and a second plan for the same month breaks the unique
    constraint, so the loser rolls back and returns the winner's plan.
    """
    month = month.replace(day=1)
    if user is not None:
        access.require(user, access.CHANGE, engagement)
    if found := TestCallPlan.objects.filter(engagement=engagement, month=month).first():
        return found, False
    if not plan_queries.is_live(engagement):
        raise DomainError(NOT_LIVE)
    count = plan_queries.calls_per_month(engagement)
    planned = _planned_calls(engagement, month, count)
    if not planned:
        raise DomainError(NO_CHANNELS)
    try:
        with transaction.atomic(), set_actor(user):
            plan = TestCallPlan.objects.create(
                engagement=engagement, month=month, calls_per_month=count
            )
            for call in planned:
                call.plan = plan
                call.save()
    except IntegrityError:
        return TestCallPlan.objects.get(engagement=engagement, month=month), False
    return plan, True


def test_call_plans_generate(*, month: date) -> int:
    """Beat, on the 1st: every live engagement's plan for ``month``; returns how many
    were made (engagements with a plan already, or no channel, are left as they are)."""
    made = 0
    for engagement in plan_queries.live_engagements().order_by("pk"):
        try:
            _, created = test_call_plan_generate(engagement=engagement, month=month)
        except DomainError:
            continue
        made += created
    return made


@dataclass(frozen=True)
class TargetInput:
    calls_per_month: int


@transaction.atomic
def test_call_target_save(
    *, user, engagement: Engagement, data: TargetInput, today: date | None = None
) -> bool:
    """Set the number of test calls a month. This month's plan is made again with the
    new number while none of its calls is done; returns whether it was."""
    access.require(user, access.CHANGE, engagement)
    if not 1 <= data.calls_per_month <= MAX_CALLS_PER_MONTH:
        raise DomainError(
            f"Plan between 1 and {MAX_CALLS_PER_MONTH} test calls a month.",
            field="calls_per_month",
        )
    month = (today or timezone.localdate()).replace(day=1)
    with set_actor(user):
        target, _ = TestCallTarget.objects.get_or_create(engagement=engagement)
        if target.calls_per_month != data.calls_per_month:
            target.calls_per_month = data.calls_per_month
            target.save()
        view = plan_queries.plan_view(engagement, month)
        if view.plan is None or view.done or view.plan.calls_per_month == data.calls_per_month:
            return False
        view.plan.delete()
    test_call_plan_generate(engagement=engagement, month=month, user=user)
    return True


@transaction.atomic
def planned_call_log(
    *, user, planned: PlannedCall, data: test_call_actions.TestCallInput
) -> TestCall:
    """Log the test call a planned call asked for, and mark that planned call done."""
    engagement = planned.plan.engagement
    access.require(user, access.CHANGE, engagement)
    planned = PlannedCall.objects.select_for_update().get(pk=planned.pk)
    if planned.test_call_id is not None:
        raise DomainError("This planned call is already logged.")
    contract = getattr(engagement, "contract", None)
    if contract is None:
        raise DomainError(NOT_LIVE)
    call = test_call_actions.test_call_create(user=user, candidate=contract.candidate, data=data)
    with set_actor(user):
        planned.test_call = call
        planned.save(update_fields=["test_call"])
    return call
