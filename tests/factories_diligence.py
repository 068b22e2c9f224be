"""factory_boy factories for due diligence (checklists, evidence, test calls)."""

import datetime
import importlib

import factory
from django.apps import apps as django_apps
from django.core.files.base import ContentFile

from tests.factories import CandidateFactory, UserFactory
from vendors.diligence.models import (
    Checklist,
    ChecklistGroup,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Evidence,
    TestCall,
)


class ChecklistTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    name = factory.Sequence(lambda n: f"Due diligence {n}")
    version = 1
    is_current = False


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistTemplateItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    group = ChecklistGroup.DATA_PROTECTION
    text = factory.Sequence(lambda n: f"Does the vendor meet requirement {n}?")
    critical = False
    order = factory.Sequence(lambda n: n * 10)


class ChecklistFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checklist

    candidate = factory.SubFactory(CandidateFactory)
    template = factory.LazyFunction(lambda: current_template())
    started_by = factory.SelfAttribute("candidate.added_by")


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    checklist = factory.SubFactory(ChecklistFactory)
    template_item = factory.SubFactory(
        ChecklistTemplateItemFactory, template=factory.SelfAttribute("..checklist.template")
    )


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    item = factory.SubFactory(ChecklistItemFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"Reference call notes.\n", name="x"))
    original_name = "reference-call-notes.txt"
    content_type = "text/plain"
    size = 22
    uploaded_by = factory.SubFactory(UserFactory)


class TestCallFactory(factory.django.DjangoModelFactory):
    __test__ = False

    class Meta:
        model = TestCall

    candidate = factory.SubFactory(CandidateFactory)
    called_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC)
    )
    caller = factory.SelfAttribute("candidate.added_by")
    channel = "inbound_phone"
    scenario = "Order arrived damaged; asks for a replacement"
    wait_seconds = 60
    handle_minutes = "6.5"
    resolved_first_contact = True
    courtesy = 4
    language_clarity = 4
    product_knowledge = 3


def current_template() -> ChecklistTemplate:
    """The current template, seeded as the data migration does if a test flushed it."""
    template = ChecklistTemplate.objects.filter(is_current=True).first()
    if template is None:
        seed_module = importlib.import_module(
            "vendors.diligence.migrations.0002_seed_checklist_template"
        )
        seed_module.seed(django_apps, None)
        template = ChecklistTemplate.objects.get(is_current=True)
    return template
