"""factory_boy factories for the core. Each app adds its own module next to this one."""

import factory
from django.contrib.auth import get_user_model

from portal.models import Engagement, Membership, Team


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Team {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    title = factory.Sequence(lambda n: f"Outsource channel {n}")
    description = "Move tier-1 support to a call center."
    team = factory.SubFactory(TeamFactory)
    owner = factory.SubFactory(UserFactory)


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.Vendor"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Vendor {n}")
    headquarters_country = "Philippines"
    website = factory.LazyAttribute(lambda v: f"https://vendor-{v.name.split()[-1]}.example.com")


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.Candidate"

    engagement = factory.SubFactory(EngagementFactory)
    vendor = factory.SubFactory(VendorFactory)
    added_by = factory.SelfAttribute("engagement.owner")


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.Quote"

    candidate = factory.SubFactory(CandidateFactory)
    pricing_model = "shared_per_minute"
    rate = "0.42"
    unit = "per_minute"
