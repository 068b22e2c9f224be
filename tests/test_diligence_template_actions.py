"""Checklist templates: seeded by a migration, kept and versioned by administrators."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.errors import DomainError
from tests.factories import CandidateFactory
from tests.factories_diligence import current_template
from vendors.diligence import actions, template_actions
from vendors.diligence.models import ChecklistGroup, ChecklistTemplate


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement)


def test_checklist_keeps_its_template_when_a_new_version_becomes_current(
    member, candidate, admin_user, engagement
):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    newer = template_actions.checklist_template_new_version(
        user=admin_user, template=checklist.template
    )
    template_actions.checklist_template_make_current(user=admin_user, template=newer)
    checklist.refresh_from_db()
    assert checklist.template.version == 1
    other = actions.checklist_start(user=member, candidate=CandidateFactory(engagement=engagement))
    assert other.template == newer
    assert ChecklistTemplate.objects.filter(is_current=True).count() == 1


def test_template_actions_are_for_administrators(member, admin_user):
    template = current_template()
    with pytest.raises(PermissionDenied):
        template_actions.checklist_template_new_version(user=member, template=template)
    with pytest.raises(PermissionDenied):
        template_actions.checklist_template_make_current(user=member, template=template)
    assert ChecklistTemplate.objects.count() == 1
    copy = template_actions.checklist_template_new_version(user=admin_user, template=template)
    assert copy.items.count() == template.items.count()


def test_migration_seeds_a_grouped_template_with_critical_items(db):
    template = current_template()
    items = list(template.items.all())
    assert len(items) == 30
    assert {item.group for item in items} == set(ChecklistGroup.values)
    assert sum(item.critical for item in items) >= 8
    texts = " ".join(item.text for item in items).lower()
    for topic in ("labor law", "us companies", "reviews", "recorded", "turnover", "accent"):
        assert topic in texts


def test_an_empty_template_cannot_become_current(admin_user, db):
    empty = ChecklistTemplate.objects.create(name="Empty", version=1)
    with pytest.raises(DomainError):
        template_actions.checklist_template_make_current(user=admin_user, template=empty)
    assert not ChecklistTemplate.objects.get(pk=empty.pk).is_current
