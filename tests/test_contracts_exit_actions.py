"""Write operations of the exit plan: the plan, trigger conditions, transition steps."""

from datetime import date

import pytest

from contracts.exit import actions
from contracts.models import ExitPlan, ExitTrigger, TransitionStep
from portal.errors import DomainError
from tests.factories_contracts import ExitTriggerFactory, SlaFactory


def test_sla_triggers_cannot_be_set_by_hand(engagement, member):
    trigger = ExitTriggerFactory(
        engagement=engagement, kind="sla_breach_run", sla=SlaFactory(engagement=engagement)
    )
    with pytest.raises(DomainError, match="checked against the KPI data"):
        actions.exit_trigger_set_met(user=member, trigger=trigger, met=True)


def test_an_sla_breach_run_needs_one_of_the_contracts_slas_with_a_target(engagement, member):
    other = SlaFactory()  # another engagement's
    aht = SlaFactory(engagement=engagement, metric="aht", target=None, unit="s")
    for sla, message in [
        (None, "Choose the SLA whose breaches trigger the exit."),
        (other, "That SLA is not part of this contract."),
        (aht, "A watch-only metric has no target, so it cannot be breached."),
    ]:
        with pytest.raises(DomainError) as caught:
            actions.exit_trigger_add(
                user=member,
                engagement=engagement,
                data=actions.ExitTriggerInput(kind="sla_breach_run", sla=sla),
            )
        assert caught.value.fields == {"sla": [message]}
    assert not ExitTrigger.objects.exists()


def test_other_conditions_keep_no_sla_and_default_to_three_months(engagement, member):
    sla = SlaFactory(engagement=engagement)
    trigger = actions.exit_trigger_add(
        user=member,
        engagement=engagement,
        data=actions.ExitTriggerInput(
            kind="poor_reviews", sla=sla, months=None, description="  Reviews  ", assessed_met=True
        ),
    )
    assert (trigger.sla, trigger.months, trigger.description, trigger.assessed_met) == (
        None,
        3,
        "Reviews",
        True,
    )


def test_a_transition_step_owner_is_one_of_the_team(engagement, member, outsider):
    with pytest.raises(DomainError, match="owner of a transition step must be a member"):
        actions.transition_step_add(
            user=member,
            engagement=engagement,
            data=actions.TransitionStepInput(
                description="Hire agents", owner=outsider, due_date=date(2025, 9, 1)
            ),
        )
    assert not TransitionStep.objects.exists()


def test_saving_the_exit_plan_twice_keeps_one_plan(engagement, member):
    for readiness in ("not_ready", "ready"):
        actions.exit_plan_save(
            user=member,
            engagement=engagement,
            data=actions.ExitPlanInput(
                hiring_lead_days=45, training_lead_days=30, readiness=readiness
            ),
        )
    plan = ExitPlan.objects.get()
    assert (plan.readiness, plan.lead_days) == ("ready", 75)
