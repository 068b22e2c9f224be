"""Demo data for steps 1-3: the demo engagement's scope, cost case and assessment.

Figures for a Denver tier-1 team: 9,000 calls a month at 6 minutes over business
hours and evenings, 3,000 e-mails a month, 2,500 outbound renewal and upgrade calls
bringing about $45,000 of sales a month (so the outbound hourly, commission and
hourly + commission models are priced too), loaded salaries around $3,400 a month.
The outsourced options are priced from the seeded rate card (Asia / Philippines),
not from figures made up here. Idempotent: an engagement that already has a scope,
cost case or assessment keeps it.
"""

from __future__ import annotations

from decimal import Decimal

from portal.planning import actions
from portal.planning.models import CostCase, CustomerAssessment, NeedsScope

SCOPE = actions.ScopeInput(
    complex_share_percent=Decimal("15"),
    face_to_face_needed=False,
    volume_pattern=NeedsScope.VolumePattern.SEASONAL,
    outbound_purpose=NeedsScope.OutboundPurpose.SALES,
    in_house_agents=14,
    in_house_hours_per_week=Decimal("45"),
    notes="Peaks after the spring and autumn product releases; tier-2 stays in Denver.",
    lines={
        "inbound_phone": actions.ChannelLineInput(
            contacts_per_month=9000,
            handle_minutes=Decimal("6"),
            coverage_hours_per_week=Decimal("70"),
            peak_hour_share_percent=Decimal("1.8"),
            languages="English, Spanish",
        ),
        "outbound_phone": actions.ChannelLineInput(
            contacts_per_month=2500,
            handle_minutes=Decimal("5"),
            coverage_hours_per_week=Decimal("40"),
        ),
        "email": actions.ChannelLineInput(
            contacts_per_month=3000,
            handle_minutes=Decimal("8"),
            coverage_hours_per_week=Decimal("45"),
        ),
    },
)
COST_CASE = actions.CostCaseInput(
    service_target_percent=Decimal("80"),
    answer_within_seconds=20,
    shrinkage_percent=Decimal("30"),
    loaded_salary=Decimal("3400"),
    training_per_agent=Decimal("150"),
    equipment_per_agent=Decimal("120"),
    rent_per_agent=Decimal("450"),
    it_per_agent=Decimal("180"),
    supervision_per_agent=Decimal("400"),
    coverage_extra_percent=Decimal("15"),
    oversight_monthly=Decimal("6500"),
    # Renewals and upgrades the outbound calls bring, and the commission offered on them.
    outbound_sales_monthly=Decimal("45000"),
    commission_percent=Decimal("6"),
    region="asia_philippines",
)
ASSESSMENT = actions.AssessmentInput(
    offshore=True,
    local_preference=CustomerAssessment.LocalPreference.SOME,
    language_risk={"inbound_phone": "high", "outbound_phone": "high", "email": "low"},
    response_expectation=CustomerAssessment.ResponseExpectation.MINUTES,
    data_residency=CustomerAssessment.DataResidency.CONTRACT,
    notes="Spanish-speaking callers are about a fifth of inbound volume.",
)


def seed(ctx):
    engagement, member = ctx.engagement, ctx.member
    if not NeedsScope.objects.filter(engagement=engagement).exists():
        actions.scope_save(user=member, engagement=engagement, data=SCOPE)
    if not CostCase.objects.filter(engagement=engagement).exists():
        actions.cost_case_save(user=member, engagement=engagement, data=COST_CASE)
    if not CustomerAssessment.objects.filter(engagement=engagement).exists():
        actions.assessment_save(user=member, engagement=engagement, data=ASSESSMENT)
    return ctx
