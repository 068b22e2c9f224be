"""Due-diligence actions: domain rules, audit trail on the engagement's history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from portal.errors import DomainError
from portal.queries import engagement_history
from tests.factories import CandidateFactory
from tests.factories_diligence import TestCallFactory, current_template
from vendors.diligence import actions
from vendors.diligence.models import ChecklistTemplate, TestCall
from vendors.models import Candidate


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement)


def test_answers_need_a_risk_rating_except_not_applicable(member, candidate):
    item = actions.checklist_start(user=member, candidate=candidate).items.first()
    with pytest.raises(DomainError, match="Rate the risk"):
        actions.checklist_item_update(
            user=member, item=item, answer="yes", notes="", risk="", reviewer=member
        )
    actions.checklist_item_update(
        user=member, item=item, answer="na", notes=" n/a ", risk="", reviewer=None
    )
    item.refresh_from_db()
    assert (item.answer, item.notes) == ("na", "n/a")


def test_unknown_answer_is_refused(member, candidate):
    item = actions.checklist_start(user=member, candidate=candidate).items.first()
    with pytest.raises(DomainError):
        actions.checklist_item_update(
            user=member, item=item, answer="maybe", notes="", risk="low", reviewer=member
        )


def test_checklist_keeps_its_template_when_a_new_version_becomes_current(
    member, candidate, admin_user, engagement
):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    newer = actions.checklist_template_new_version(user=admin_user, template=checklist.template)
    actions.checklist_template_make_current(user=admin_user, template=newer)
    checklist.refresh_from_db()
    assert checklist.template.version == 1
    other = actions.checklist_start(user=member, candidate=CandidateFactory(engagement=engagement))
    assert other.template == newer
    assert ChecklistTemplate.objects.filter(is_current=True).count() == 1


def test_test_call_scores_and_times_are_checked(member, candidate):
    values = {
        "called_at": datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC),
        "caller": member,
        "channel": "inbound_phone",
        "scenario": "Damaged order",
        "wait_seconds": 60,
        "handle_minutes": 5,
        "resolved_first_contact": True,
        "courtesy": 6,
        "language_clarity": 4,
        "product_knowledge": 4,
        "notes": "",
        "recording_reference": "",
    }
    with pytest.raises(DomainError, match="Scores run from 1"):
        actions.test_call_create(user=member, candidate=candidate, values=values)
    future = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)
    with pytest.raises(DomainError, match="future"):
        actions.test_call_create(
            user=member, candidate=candidate, values={**values, "courtesy": 4, "called_at": future}
        )
    assert not TestCall.objects.exists()
    call = actions.test_call_create(
        user=member, candidate=candidate, values={**values, "courtesy": 4}
    )
    assert call.courtesy == 4


def test_changes_appear_on_the_engagement_history(member, candidate, engagement, member_client):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.first()
    actions.checklist_item_update(
        user=member, item=item, answer="no", notes="No certificate", risk="high", reviewer=member
    )
    actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("note.txt", b"Asked twice.\n")
    )
    TestCallFactory(candidate=candidate)  # created outside an action: still tagged
    models = {entry.content_type.model for entry in engagement_history(engagement)}
    assert {"checklist", "checklistitem", "evidence", "testcall"} <= models
    update = next(
        e for e in engagement_history(engagement) if e.content_type.model == "checklistitem"
    )
    assert update.actor == member
    page = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    assert "checklist item" in page.content.decode()


def test_admin_pages_render(admin_client_, db):
    template = current_template()
    assert (
        admin_client_.get(reverse("admin:diligence_checklisttemplate_changelist")).status_code
        == 200
    )
    change = admin_client_.get(
        reverse("admin:diligence_checklisttemplate_change", args=[template.pk])
    )
    assert change.status_code == 200
    assert "labour law" in change.content.decode()


def test_diligence_actions_refuse_someone_outside_the_team(outsider, member, candidate):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.first()
    call = TestCallFactory(candidate=candidate)
    other = CandidateFactory(engagement=candidate.engagement)
    attempts = [
        lambda: actions.checklist_start(user=outsider, candidate=other),
        lambda: actions.checklist_item_update(
            user=outsider, item=item, answer="yes", notes="", risk="low", reviewer=None
        ),
        lambda: actions.evidence_add(
            user=outsider, item=item, upload=SimpleUploadedFile("a.txt", b"Hello.\n")
        ),
        lambda: actions.test_call_delete(user=outsider, test_call=call),
        lambda: actions.test_call_update(user=outsider, test_call=call, values={}),
    ]
    for attempt in attempts:
        with pytest.raises(Http404):
            attempt()
    item.refresh_from_db()
    assert item.answer == "" and not item.evidence.exists()
    assert TestCall.objects.filter(pk=call.pk).exists()
    assert not hasattr(Candidate.objects.get(pk=other.pk), "checklist")


def test_template_actions_are_for_administrators(member, admin_user):
    template = current_template()
    with pytest.raises(PermissionDenied):
        actions.checklist_template_new_version(user=member, template=template)
    with pytest.raises(PermissionDenied):
        actions.checklist_template_make_current(user=member, template=template)
    assert ChecklistTemplate.objects.count() == 1
    copy = actions.checklist_template_new_version(user=admin_user, template=template)
    assert copy.items.count() == template.items.count()
