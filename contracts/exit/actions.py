"""Write operations of the exit plan (step 7): the plan, its trigger conditions and the
transition steps. One transaction each, audited with the acting user."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from contracts.models import ExitPlan, ExitTrigger, Sla, TransitionStep
from contracts.team import require_team_member
from portal import access
from portal.errors import DomainError
from portal.models import Engagement


@dataclass(frozen=True)
class ExitPlanInput:
    hiring_lead_days: int
    training_lead_days: int
    ramp_up_cost: Decimal = Decimal(0)
    data_return: str = ""
    data_destruction: str = ""
    readiness: str = ExitPlan.Readiness.NOT_READY
    notes: str = ""


@transaction.atomic
def exit_plan_save(*, user, engagement: Engagement, data: ExitPlanInput) -> ExitPlan:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        plan = ExitPlan.objects.select_for_update().filter(engagement=engagement).first()
        plan = plan or ExitPlan(engagement=engagement)
        for field in fields(data):
            setattr(plan, field.name, getattr(data, field.name))
        plan.save()
    return plan


@dataclass(frozen=True)
class ExitTriggerInput:
    kind: str
    sla: Sla | None = None  # for an SLA breach run
    months: int | None = 3
    description: str = ""
    assessed_met: bool = False


def exit_trigger_check(engagement: Engagement, data: ExitTriggerInput) -> None:
    """An SLA breach run watches one of the contract's SLAs that has a target."""
    if data.kind != ExitTrigger.Kind.SLA_BREACH_RUN:
        return
    if data.sla is None:
        raise DomainError("Choose the SLA whose breaches trigger the exit.", field="sla")
    if data.sla.engagement_id != engagement.pk:
        raise DomainError("That SLA is not part of this contract.", field="sla")
    if data.sla.watch_only:
        raise DomainError(
            "A watch-only metric has no target, so it cannot be breached.", field="sla"
        )


@transaction.atomic
def exit_trigger_add(*, user, engagement: Engagement, data: ExitTriggerInput) -> ExitTrigger:
    access.require(user, access.CHANGE, engagement)
    exit_trigger_check(engagement, data)
    with set_actor(user):
        return ExitTrigger.objects.create(
            engagement=engagement,
            kind=data.kind,
            sla=data.sla if data.kind == ExitTrigger.Kind.SLA_BREACH_RUN else None,
            months=data.months or 3,
            description=data.description.strip(),
            assessed_met=data.assessed_met,
        )


@transaction.atomic
def exit_trigger_set_met(*, user, trigger: ExitTrigger, met: bool) -> ExitTrigger:
    """The team's assessment of a condition the data cannot check."""
    access.require(user, access.CHANGE, trigger.engagement)
    if trigger.kind == ExitTrigger.Kind.SLA_BREACH_RUN:
        raise DomainError("This condition is checked against the KPI data, not set by hand.")
    with set_actor(user):
        trigger.assessed_met = met
        trigger.save(update_fields=["assessed_met"])
    return trigger


@dataclass(frozen=True)
class TransitionStepInput:
    description: str
    owner: object  # a user of the engagement's team
    due_date: date


@transaction.atomic
def transition_step_add(
    *, user, engagement: Engagement, data: TransitionStepInput
) -> TransitionStep:
    access.require(user, access.CHANGE, engagement)
    require_team_member(engagement, data.owner, what="owner of a transition step", field="owner")
    with set_actor(user):
        return TransitionStep.objects.create(
            engagement=engagement,
            description=data.description.strip(),
            owner=data.owner,
            due_date=data.due_date,
        )


@transaction.atomic
def transition_step_set_done(*, user, step: TransitionStep, done: bool) -> TransitionStep:
    access.require(user, access.CHANGE, step.engagement)
    with set_actor(user):
        step.done = done
        step.save(update_fields=["done"])
    return step


@transaction.atomic
def exit_row_delete(*, user, row: ExitTrigger | TransitionStep) -> None:
    access.require(user, access.CHANGE, row.engagement)
    with set_actor(user):
        row.delete()
