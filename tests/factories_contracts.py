"""factory_boy factories for steps 5-7 (contracts app)."""

import datetime
from decimal import Decimal

import factory

from contracts.liaison import actions as liaison_actions
from contracts.models import (
    Contract,
    EscalationLevel,
    ExitPlan,
    ExitTrigger,
    FollowUpAction,
    Governance,
    KpiRecord,
    LiaisonEntry,
    RaciRow,
    Sla,
    TransitionStep,
)
from tests.factories import CandidateFactory, EngagementFactory, UserFactory


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    engagement = factory.SubFactory(EngagementFactory)
    candidate = factory.SubFactory(
        CandidateFactory, engagement=factory.SelfAttribute("..engagement"), status="approved"
    )
    start_date = datetime.date(2025, 1, 1)
    initial_term_months = 12
    auto_renew = True
    renewal_term_months = 12
    notice_period_days = 90
    termination_fee = Decimal("10000")
    recorded_by = factory.SelfAttribute("engagement.owner")


class GovernanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Governance

    engagement = factory.SubFactory(EngagementFactory)


class SlaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sla

    engagement = factory.SubFactory(EngagementFactory)
    metric = "service_level"
    target = Decimal("80")
    direction = "higher"
    unit = "%"
    answer_within_seconds = 20


class KpiRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiRecord

    sla = factory.SubFactory(SlaFactory)
    period = datetime.date(2025, 1, 1)
    value = Decimal("82")
    recorded_by = factory.SelfAttribute("sla.engagement.owner")


class LiaisonEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonEntry

    engagement = factory.SubFactory(EngagementFactory)
    kind = "meeting"
    date = datetime.date(2025, 3, 1)
    participants = "Maria, vendor account manager"
    summary = "Monthly review of the service level."
    created_by = factory.SelfAttribute("engagement.owner")


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    entry = factory.SubFactory(LiaisonEntryFactory)
    description = "Send the call scripts"
    owner = factory.SelfAttribute("entry.engagement.owner")
    due_date = datetime.date(2025, 3, 15)


class RaciRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RaciRow

    engagement = factory.SubFactory(EngagementFactory)
    activity = "Monthly KPI review"
    responsible = "Monitor"
    accountable = "Manager"


class EscalationLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscalationLevel

    engagement = factory.SubFactory(EngagementFactory)
    level = factory.Sequence(lambda n: n + 1)
    who = "Liaison"
    trigger = "A KPI misses its target"
    response_hours = 24


class ExitPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitPlan

    engagement = factory.SubFactory(EngagementFactory)
    hiring_lead_days = 45
    training_lead_days = 30
    ramp_up_cost = Decimal("40000")


class ExitTriggerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitTrigger

    engagement = factory.SubFactory(EngagementFactory)
    kind = "poor_reviews"


class TransitionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransitionStep

    engagement = factory.SubFactory(EngagementFactory)
    description = "Post the job openings"
    owner = factory.SubFactory(UserFactory)
    due_date = datetime.date(2025, 6, 1)


def log_liaison_entry(engagement, summary: str = "Weekly call.") -> LiaisonEntry:
    """A liaison entry logged through the action, as the page's form does (audited)."""
    return liaison_actions.liaison_entry_save(
        user=engagement.owner,
        engagement=engagement,
        entry=None,
        data=liaison_actions.LiaisonEntryInput(
            kind="meeting",
            date=datetime.date.today(),
            participants="Account manager",
            summary=summary,
        ),
    )
