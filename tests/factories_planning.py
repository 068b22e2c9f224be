"""factory_boy factories for steps 1-3 (portal.planning)."""

from decimal import Decimal

import factory

from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from tests.factories import EngagementFactory


class NeedsScopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsScope
        django_get_or_create = ["engagement"]

    engagement = factory.SubFactory(EngagementFactory)
    complex_share_percent = Decimal("15")
    volume_pattern = NeedsScope.VolumePattern.STEADY
    in_house_agents = 14
    in_house_hours_per_week = Decimal("45")


BUSINESS_HOURS = [day < 5 and 9 <= hour < 18 for day in range(7) for hour in range(24)]


class ChannelLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelLine
        django_get_or_create = ["engagement", "channel"]

    engagement = factory.SubFactory(EngagementFactory)
    channel = "inbound_phone"
    contacts_per_month = 9000
    handle_minutes = Decimal("6")
    # Monday-Friday 07:00-21:00 (70 hours a week), contacts spread evenly.
    open_hours = factory.LazyFunction(
        lambda: [day < 5 and 7 <= hour < 21 for day in range(7) for hour in range(24)]
    )
    profile_kind = "flat"
    languages = "English, Spanish"


class CostCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCase
        django_get_or_create = ["engagement"]

    engagement = factory.SubFactory(EngagementFactory)
    loaded_salary = Decimal("3400")
    training_per_agent = Decimal("150")
    equipment_per_agent = Decimal("120")
    rent_per_agent = Decimal("450")
    it_per_agent = Decimal("180")
    supervision_per_agent = Decimal("400")
    coverage_extra_percent = Decimal("15")
    oversight_monthly = Decimal("6500")
    region = "asia_philippines"


class CustomerAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerAssessment
        django_get_or_create = ["engagement"]

    engagement = factory.SubFactory(EngagementFactory)
    offshore = True
    local_preference = "some"
    language_risk = factory.LazyFunction(lambda: {"inbound_phone": "high", "email": "low"})
    response_expectation = "minutes"
    data_residency = "none"
    risk_level = "high"


def scoped_engagement(engagement=None, *, cost_case=True):
    """An engagement with the demo-like scope: 9,000 calls and 3,000 e-mails a month."""
    engagement = engagement or EngagementFactory()
    NeedsScopeFactory(engagement=engagement)
    ChannelLineFactory(engagement=engagement)
    ChannelLineFactory(
        engagement=engagement,
        channel="email",
        contacts_per_month=3000,
        handle_minutes=Decimal("8"),
        open_hours=BUSINESS_HOURS,
    )
    if cost_case:
        CostCaseFactory(engagement=engagement)
    return engagement
