"""Demo data for steps 1-3: the demo engagement's scope, cost case and assessment.

Figures for a Denver tier-1 team: 9,000 calls a month at 6 minutes, Monday to Friday
08:00-20:00 and Saturday 09:00-17:00, with the arrival pattern imported from two
weeks of half-hour volumes (``intervals_csv``: a Monday-morning rush, a lunch dip,
a second peak mid-afternoon, a quiet Saturday) and callers who hang up after three
minutes on average; 1,800 chats a month on weekdays 08:00-20:00, two at a time per
agent; 3,000 e-mails a month over business hours, 2,500 outbound
renewal and upgrade calls bringing about $45,000 of sales a month (so the outbound
hourly, commission and hourly + commission models are priced too), loaded salaries
around $3,400 a month. The outsourced options are priced from the seeded rate card
(Asia / Philippines), not from figures made up here. Idempotent: an engagement that
already has a scope, cost case or assessment keeps it.
"""

from __future__ import annotations

from decimal import Decimal

from portal import week
from portal.planning import actions, hours
from portal.planning.models import CostCase, CustomerAssessment, NeedsScope

PHONE_HOURS = hours.from_day_spans([hours.DaySpan(8, 20)] * 5 + [hours.DaySpan(9, 17), None])

# Calls in each half hour of a typical weekday, 08:00 to 20:00 (24 half hours), and
# of a Saturday, 09:00 to 17:00 (16 half hours).
_WEEKDAY = (
    38, 52, 66, 74, 78, 76, 70, 62, 50, 46, 52, 60,
    64, 66, 62, 56, 48, 42, 36, 30, 26, 22, 18, 14,
)  # fmt: skip
_SATURDAY = (30, 38, 44, 46, 44, 40, 36, 32, 28, 26, 24, 22, 20, 18, 16, 14)
_DAY_FACTOR = (1.18, 1.04, 1.0, 0.98, 0.9)  # Monday busiest, Friday quietest
_WEEK_FACTOR = (1.0, 1.06)  # two weeks, the second a little busier
_SCALE = 0.3  # about 2,080 calls a week: the scope's 9,000 a month


def intervals_csv() -> str:
    """Two weeks of half-hour call volumes for the demo's phone line, as a phone
    system exports them (``weekday,time,volume``)."""
    rows = ["weekday,time,volume"]
    for week_factor in _WEEK_FACTOR:
        for day, factor in enumerate(_DAY_FACTOR):
            for slot, calls in enumerate(_WEEKDAY):
                hour, minute = 8 + slot // 2, 30 * (slot % 2)
                volume = round(calls * factor * week_factor * _SCALE)
                rows.append(f"{week.DAYS[day]},{hour:02d}:{minute:02d},{volume}")
        for slot, calls in enumerate(_SATURDAY):
            hour, minute = 9 + slot // 2, 30 * (slot % 2)
            rows.append(f"Saturday,{hour:02d}:{minute:02d},{round(calls * week_factor * _SCALE)}")
    return "\n".join(rows) + "\n"


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
            open_hours=PHONE_HOURS,
            patience_seconds=180,
            languages="English, Spanish",
        ),
        "outbound_phone": actions.ChannelLineInput(
            contacts_per_month=2500,
            handle_minutes=Decimal("5"),
            open_hours=hours.from_day_spans([hours.DaySpan(9, 17)] * 5 + [None, None]),
        ),
        "email": actions.ChannelLineInput(
            contacts_per_month=3000,
            handle_minutes=Decimal("8"),
        ),
        # Web chat on weekdays, two chats per agent at once; nobody has measured how
        # long chatters wait, so the patience is left unknown.
        "chat": actions.ChannelLineInput(
            contacts_per_month=1800,
            handle_minutes=Decimal("9"),
            open_hours=hours.from_day_spans([hours.DaySpan(8, 20)] * 5 + [None, None]),
            concurrency=Decimal("2"),
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
    language_risk={
        "inbound_phone": "high",
        "outbound_phone": "high",
        "email": "low",
        "chat": "medium",
    },
    response_expectation=CustomerAssessment.ResponseExpectation.MINUTES,
    data_residency=CustomerAssessment.DataResidency.CONTRACT,
    notes="Spanish-speaking callers are about a fifth of inbound volume.",
)


def seed(ctx):
    engagement, member = ctx.engagement, ctx.member
    if not NeedsScope.objects.filter(engagement=engagement).exists():
        actions.scope_save(user=member, engagement=engagement, data=SCOPE)
        actions.channel_line_import_intervals(
            user=member,
            engagement=engagement,
            channel="inbound_phone",
            data=actions.IntervalCsvInput(text=intervals_csv()),
        )
    if not CostCase.objects.filter(engagement=engagement).exists():
        actions.cost_case_save(user=member, engagement=engagement, data=COST_CASE)
    if not CustomerAssessment.objects.filter(engagement=engagement).exists():
        actions.assessment_save(user=member, engagement=engagement, data=ASSESSMENT)
    return ctx
