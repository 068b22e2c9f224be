"""Due-diligence actions: domain rules, evidence storage, audit trail on the
engagement's history."""

import datetime
import os
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse

from portal.errors import DomainError
from portal.queries import engagement_history
from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory, TestCallFactory, current_template
from vendors.diligence import actions, test_call_actions
from vendors.diligence.actions import ChecklistAnswerInput
from vendors.diligence.models import Evidence, TestCall
from vendors.diligence.test_call_actions import TestCallInput
from vendors.models import Candidate


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement)


@pytest.fixture
def item(engagement):
    return ChecklistItemFactory(checklist__candidate__engagement=engagement)


def _stored_files() -> set[str]:
    if not default_storage.exists("evidence"):
        return set()
    return set(default_storage.listdir("evidence")[1])


def test_answers_need_a_risk_rating_except_not_applicable(member, candidate):
    item = actions.checklist_start(user=member, candidate=candidate).items.first()
    with pytest.raises(DomainError, match="Rate the risk") as exc:
        actions.checklist_item_update(
            user=member, item=item, data=ChecklistAnswerInput(answer="yes", reviewer=member)
        )
    assert list(exc.value.fields) == ["risk"]
    actions.checklist_item_update(
        user=member, item=item, data=ChecklistAnswerInput(answer="na", notes=" n/a ")
    )
    item.refresh_from_db()
    assert (item.answer, item.notes) == ("na", "n/a")


def test_unknown_answer_is_refused(member, candidate):
    item = actions.checklist_start(user=member, candidate=candidate).items.first()
    with pytest.raises(DomainError) as exc:
        actions.checklist_item_update(
            user=member,
            item=item,
            data=ChecklistAnswerInput(answer="maybe", risk="low", reviewer=member),
        )
    assert list(exc.value.fields) == ["answer"]


def _call(member, **overrides) -> TestCallInput:
    values = {
        "called_at": datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.UTC),
        "caller": member,
        "channel": "inbound_phone",
        "scenario": "Damaged order",
        "wait_seconds": 60,
        "handle_minutes": Decimal(5),
        "resolved_first_contact": True,
        "courtesy": 4,
        "language_clarity": 4,
        "product_knowledge": 4,
    }
    return TestCallInput(**{**values, **overrides})


def test_test_call_scores_and_times_are_checked(member, candidate):
    with pytest.raises(DomainError, match="Scores run from 1"):
        test_call_actions.test_call_create(
            user=member, candidate=candidate, data=_call(member, courtesy=6)
        )
    future = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=2)
    with pytest.raises(DomainError, match="future"):
        test_call_actions.test_call_create(
            user=member, candidate=candidate, data=_call(member, called_at=future)
        )
    assert not TestCall.objects.exists()
    call = test_call_actions.test_call_create(user=member, candidate=candidate, data=_call(member))
    assert call.courtesy == 4


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"language_clarity": 0}, "language_clarity", "Scores run from 1 (poor) to 5"),
        ({"wait_seconds": -5}, "wait_seconds", "cannot be negative"),
        ({"handle_minutes": Decimal("-0.5")}, "handle_minutes", "cannot be negative"),
        ({"recording_reference": " JavaScript:alert(1)"}, "recording_reference", "http(s) link"),
    ],
)
def test_a_bad_test_call_is_refused_by_its_field(member, candidate, overrides, field, message):
    with pytest.raises(DomainError) as exc:
        test_call_actions.test_call_create(
            user=member, candidate=candidate, data=_call(member, **overrides)
        )
    assert list(exc.value.fields) == [field] and message in str(exc.value)
    assert not TestCall.objects.exists()


def test_changes_appear_on_the_engagement_history(member, candidate, engagement, member_client):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.first()
    actions.checklist_item_update(
        user=member,
        item=item,
        data=ChecklistAnswerInput(
            answer="no", risk="high", reviewer=member, notes="No certificate"
        ),
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


def test_diligence_actions_refuse_someone_outside_the_team(outsider, member, candidate):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.first()
    call = TestCallFactory(candidate=candidate)
    other = CandidateFactory(engagement=candidate.engagement)
    attempts = [
        lambda: actions.checklist_start(user=outsider, candidate=other),
        lambda: actions.checklist_item_update(
            user=outsider, item=item, data=ChecklistAnswerInput(answer="yes", risk="low")
        ),
        lambda: actions.evidence_add(
            user=outsider, item=item, upload=SimpleUploadedFile("a.txt", b"Hello.\n")
        ),
        lambda: test_call_actions.test_call_delete(user=outsider, test_call=call),
        lambda: test_call_actions.test_call_update(
            user=outsider, test_call=call, data=_call(outsider)
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Http404):
            attempt()
    item.refresh_from_db()
    assert item.answer == "" and not item.evidence.exists()
    assert TestCall.objects.filter(pk=call.pk).exists()
    assert not hasattr(Candidate.objects.get(pk=other.pk), "checklist")


def test_action_checks_the_file_even_without_the_form(member, item):
    before = _stored_files()
    with pytest.raises(DomainError, match="markup") as exc:
        actions.evidence_add(
            user=member, item=item, upload=SimpleUploadedFile("x.pdf", b"<script>x</script>")
        )
    assert list(exc.value.fields) == ["file"]
    assert Evidence.objects.count() == 0
    assert _stored_files() == before


def test_stored_file_lies_outside_static_and_public_paths(settings, member, item):
    evidence = actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("notes.txt", b"Visited the site.\n")
    )
    path = default_storage.path(evidence.file.name)
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert all(not path.startswith(str(folder)) for folder in settings.STATICFILES_DIRS)
    assert default_storage.base_url is None or "media" not in (default_storage.base_url or "")
    assert os.path.basename(path) != "notes.txt"
