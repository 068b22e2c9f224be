"""Factories for the step-4 registry details and workflow records."""

import factory

from tests.factories import CandidateFactory, VendorFactory  # noqa: F401 (re-exported)


class DeliveryLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.DeliveryLocation"

    vendor = factory.SubFactory(VendorFactory)
    country = "Philippines"
    region = "asia_philippines"


class VendorChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.VendorChannel"

    vendor = factory.SubFactory(VendorFactory)
    channel = "inbound_phone"


class ClientReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "vendors.ClientReference"

    vendor = factory.SubFactory(VendorFactory)
    company = factory.Sequence(lambda n: f"Client company {n}")
    contact = "Head of customer care"
    notes = "Happy with the service."


def language(name: str):
    from vendors.models import Language

    return Language.objects.get_or_create(name=name)[0]


def certification(name: str):
    from vendors.models import Certification

    return Certification.objects.get_or_create(name=name)[0]


def recommended_candidate(*, engagement, by, **kwargs):
    """A candidate of ``engagement`` recommended by ``by`` through the real action."""
    from vendors import actions

    candidate = CandidateFactory(engagement=engagement, **kwargs)
    actions.candidate_recommend(user=by, candidate=candidate, rationale="Best overall fit.")
    candidate.refresh_from_db()
    return candidate
