"""factory_boy factories for vendor invitations and what contacts propose through them."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from portal.tokens import token_hash
from tests.factories import CandidateFactory, EngagementFactory
from tests.factories_diligence import ChecklistItemFactory
from vendors.invitations.actions import new_token
from vendors.invitations.models import (
    Invitation,
    ProposedAnswer,
    ProposedEvidence,
    ProposedQuote,
    RfpRound,
)


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; its link token is ``invitation.raw_token`` (not stored)."""

    class Meta:
        model = Invitation

    candidate = factory.SubFactory(CandidateFactory)
    contact_name = "Ana Ruiz"
    email = "ana.ruiz@vendor.example"
    pricing_models = factory.LazyFunction(lambda: ["dedicated_per_hour"])
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    created_by = factory.SelfAttribute("candidate.added_by")
    raw_token = factory.LazyFunction(new_token)
    token_hash = factory.LazyAttribute(lambda o: token_hash(o.raw_token))

    @classmethod
    def _create(cls, model_class, *args, raw_token, **kwargs):
        invitation = super()._create(model_class, *args, **kwargs)
        invitation.raw_token = raw_token
        return invitation


class ProposedAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposedAnswer

    invitation = factory.SubFactory(InvitationFactory)
    item = factory.SubFactory(
        ChecklistItemFactory, checklist__candidate=factory.SelfAttribute("...invitation.candidate")
    )
    answer = "yes"
    notes = "ISO 27001 certified since 2021."


class ProposedEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposedEvidence

    proposal = factory.SubFactory(ProposedAnswerFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"Certificate text.\n", name="x"))
    original_name = "certificate.txt"
    content_type = "text/plain"
    size = 18


class ProposedQuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposedQuote

    invitation = factory.SubFactory(InvitationFactory)
    pricing_model = "dedicated_per_hour"
    rate = "14.50"
    unit = "per_hour"
    currency = "USD"


class RfpRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RfpRound

    engagement = factory.SubFactory(EngagementFactory)
    number = factory.Sequence(lambda n: n + 1)
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    opened_by = factory.SelfAttribute("engagement.owner")
