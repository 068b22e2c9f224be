"""Demo data for steps 5-7: the contract with the approved call center, a year of KPIs
against its SLAs (with breaches), the liaison log, governance and the exit plan.

Idempotent: each part is created only when the engagement has none yet. Dates are
relative to today so the deadlines panel and the overdue actions always show.
Everything is written through the actions, so the History page tells the story.
The liaison log (``contracts.liaison.demo``) and the test calls with this month's plan
(``contracts.monitoring.demo``) are seeded by their own steps' modules.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from contracts import deadlines
from contracts.contract import actions as contract
from contracts.contract.queries import approved_candidate
from contracts.exit import actions as exit_plan
from contracts.liaison.demo import seed_liaison
from contracts.models import (
    Contract,
    EscalationLevel,
    ExitPlan,
    LiaisonEntry,
    RaciRow,
    Sla,
    VendorTier,
)
from contracts.monitoring import actions as monitoring
from contracts.monitoring import governance_actions, review_actions
from contracts.monitoring.demo import seed_test_calls
from contracts.monitoring.queries import governance_for
from vendors.models import Candidate, Quote, Vendor

SLAS = [
    # metric, target, direction, unit, answer within, penalty
    ("service_level", "80", "higher", "%", 20, "2% service credit per point below target."),
    ("abandoned", "5", "lower", "%", None, "1% service credit per point above target."),
    ("fcr", "70", "higher", "%", None, "Reviewed at the quarterly business review."),
    ("csat", "85", "higher", "%", None, "Three months below target allow termination for cause."),
    ("quality", "90", "higher", "%", None, "Calibration session within 10 days of a breach."),
    ("asa", "30", "lower", "s", None, ""),
    ("aht", None, "lower", "s", None, ""),
]
# Twelve months, oldest first: the service level, close to its target for months,
# slips below it last month (the vendor's standing is "watch" for that one reason);
# earlier breaches (abandoned calls, satisfaction, first-contact resolution) recovered.
KPIS = {
    "service_level": [82, 84, 81, 83, 80, 85, 82, 81, 80, 81.5, 80.5, 77.5],
    "abandoned": [4.1, 3.8, 4.4, 3.9, 5.6, 4.0, 3.7, 4.2, 4.5, 4.9, 4.6, 4.8],
    "fcr": [71, 72, 70, 73, 72, 74, 71, 69.5, 72, 71, 70, 70.5],
    "csat": [87, 88, 86, 87, 85, 88, 86, 87, 86, 84, 85, 85.5],
    "quality": [92, 91, 93, 90, 92, 94, 91, 92, 89, 91, 92, 90],
    "asa": [22, 19, 25, 21, 28, 18, 22, 24, 29, 27, 26, 29],
    "aht": [372, 365, 360, 351, 344, 338, 333, 329, 322, 318, 312, 305],
}


# Months from the contract's start (14 months ago) to the first re-assessment: next month.
DEMO_START_MONTHS_AGO = 14
DEMO_REVIEW_MONTHS = 15


def _approved_candidate(ctx):
    """The approved vendor; on a branch without the vendors seeder, make one the way
    a manager's approval would leave it (only if the engagement has none)."""
    engagement = ctx.engagement
    candidate = approved_candidate(engagement)
    if candidate is not None:
        return candidate
    candidate = engagement.candidates.order_by("id").first()
    if candidate is None:
        vendor, _ = Vendor.objects.get_or_create(
            name="Manila Contact Partners",
            defaults={"headquarters_country": "Philippines", "website": "https://example.com"},
        )
        candidate = Candidate.objects.create(
            engagement=engagement, vendor=vendor, added_by=ctx.member
        )
        Quote.objects.create(
            candidate=candidate,
            pricing_model="dedicated_per_hour",
            rate=Decimal("12.50"),
            unit="per_hour",
            minimum_monthly=Decimal("18000"),
            notes="Dedicated team of 14, business hours and weekends.",
        )
    candidate.status = Candidate.Status.APPROVED
    candidate.save(update_fields=["status"])
    return candidate


def seed(ctx):
    if ctx is None:
        return ctx
    engagement, member, manager = ctx.engagement, ctx.member, ctx.manager
    today = timezone.localdate()
    this_month = today.replace(day=1)
    candidate = _approved_candidate(ctx)

    if not Contract.objects.filter(engagement=engagement).exists():
        # Live for 14 months of an 18-month term: the notice deadline is weeks away.
        start = deadlines.add_months(this_month, -DEMO_START_MONTHS_AGO)
        contract.contract_save(
            user=member,
            engagement=engagement,
            data=contract.ContractInput(
                quote=candidate.quotes.order_by("id").first(),
                price_schedule_notes="Hourly rate fixed for the initial term; "
                "weekend hours at the same rate.",
                start_date=start,
                initial_term_months=18,
                auto_renew=True,
                renewal_term_months=12,
                notice_period_days=60,
                termination_for_convenience="Either party, with 60 days' written notice "
                "before the end of a term.",
                termination_for_cause="Service level below 80% in 20 s, or satisfaction "
                "below 85%, three months running; any loss of customer data.",
                termination_fee=Decimal("15000"),
                currency="USD",
                attorney_review=Contract.Review.CLEARED,
                attorney_name="Laura Chen, Chen & Patel LLP",
                attorney_reviewed_on=start - timedelta(days=12),
                attorney_notes="Data-protection annex strengthened; termination for cause "
                "added at our request.",
            ),
        )

    if not VendorTier.objects.filter(engagement=engagement).exists():
        # Tier 2, its first re-assessment 15 months after the start: next month, ahead
        # of the notice deadline, so the renewal is decided on fresh due diligence.
        review_actions.vendor_tier_save(
            user=manager,
            engagement=engagement,
            data=review_actions.TierInput(
                data_handled=VendorTier.DataHandled.CONTACT,
                tier=2,
                interval_months=DEMO_REVIEW_MONTHS,
                reason="Contact details only, one phone line; first review timed before "
                "the renewal's notice deadline.",
            ),
        )

    governance = governance_for(engagement)
    if governance is None or governance.liaison_id is None:
        governance_actions.governance_save(
            user=member,
            engagement=engagement,
            data=governance_actions.GovernanceInput(
                liaison=member,
                monitor=manager,
                procedures="Monthly service review with the vendor's account manager; contract "
                "changes agreed in writing by both managers; problems escalated along the path "
                "below.",
            ),
        )

    if not Sla.objects.filter(engagement=engagement).exists():
        for metric, target, direction, unit, within, penalty in SLAS:
            monitoring.sla_save(
                user=member,
                engagement=engagement,
                sla=None,
                data=monitoring.SlaInput(
                    metric=metric,
                    target=Decimal(target) if target else None,
                    direction=direction,
                    unit=unit,
                    answer_within_seconds=within,
                    penalty=penalty,
                ),
            )
        slas = {s.metric: s for s in Sla.objects.filter(engagement=engagement)}
        for offset in range(12):
            period = deadlines.add_months(this_month, offset - 12)
            monitoring.kpi_record_month(
                user=member,
                engagement=engagement,
                data=monitoring.KpiMonthInput(
                    period=period,
                    values={slas[m].pk: Decimal(str(v[offset])) for m, v in KPIS.items()},
                ),
            )

    if not RaciRow.objects.filter(engagement=engagement).exists():
        for activity, r, a, c, i in [
            (
                "Monthly KPI review",
                "Monitor",
                "Customer care manager",
                "Vendor account manager",
                "Team",
            ),
            ("Test calls after go-live", "Liaison", "Monitor", "", "Customer care manager"),
            (
                "Agent training on product changes",
                "Vendor trainer",
                "Liaison",
                "Product team",
                "Team",
            ),
            (
                "Contract changes and renewal",
                "Customer care manager",
                "Finance director",
                "Attorney",
                "Team",
            ),
        ]:
            governance_actions.raci_row_save(
                user=member,
                engagement=engagement,
                row=None,
                data=governance_actions.RaciRowInput(
                    activity=activity, responsible=r, accountable=a, consulted=c, informed=i
                ),
            )
    if not EscalationLevel.objects.filter(engagement=engagement).exists():
        for level, who, trigger, hours in [
            (1, "Liaison and vendor team lead", "A KPI misses its target in a week", 24),
            (2, "Customer care manager and vendor account manager", "A monthly SLA breach", 48),
            (
                3,
                "Finance director and vendor's country director",
                "Two months of breaches or a data incident",
                72,
            ),
        ]:
            governance_actions.escalation_level_save(
                user=member,
                engagement=engagement,
                level=None,
                data=governance_actions.EscalationLevelInput(
                    level=level, who=who, trigger=trigger, response_hours=hours
                ),
            )

    if not LiaisonEntry.objects.filter(engagement=engagement).exists():
        seed_liaison(engagement, member, manager, today)

    if not ExitPlan.objects.filter(engagement=engagement).exists():
        exit_plan.exit_plan_save(
            user=member,
            engagement=engagement,
            data=exit_plan.ExitPlanInput(
                hiring_lead_days=45,
                training_lead_days=30,
                ramp_up_cost=Decimal("42000"),
                data_return="Call recordings, ticket history and the knowledge base as CSV "
                "and WAV within 14 days of termination.",
                data_destruction="All customer data deleted within 30 days, with a signed "
                "certificate of destruction.",
                readiness=ExitPlan.Readiness.PARTLY_READY,
                notes="Two former Denver agents agreed to return as team leads.",
            ),
        )
        service_level = Sla.objects.get(engagement=engagement, metric="service_level")
        for data in [
            exit_plan.ExitTriggerInput(kind="sla_breach_run", sla=service_level, months=3),
            exit_plan.ExitTriggerInput(
                kind="cost_above_benefit",
                description="The vendor's monthly cost above the in-house cost of the work.",
            ),
            exit_plan.ExitTriggerInput(
                kind="poor_reviews",
                description="Satisfaction below its target three months running.",
            ),
        ]:
            exit_plan.exit_trigger_add(user=member, engagement=engagement, data=data)
        for description, owner, days in [
            ("Post the agent job openings", manager, 14),
            ("Book training room and trainers", member, 40),
            ("Move the phone routing back to Denver", manager, 75),
            ("Receive the data return and destruction certificate", member, 105),
        ]:
            exit_plan.transition_step_add(
                user=member,
                engagement=engagement,
                data=exit_plan.TransitionStepInput(
                    description=description, owner=owner, due_date=today + timedelta(days=days)
                ),
            )
    seed_test_calls(engagement, member, today)
    return ctx
