"""The demo seeder fills the demo engagement's candidates; a second run changes nothing."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.core.management import call_command

from portal import demo as core_demo
from portal.models import Engagement
from tests.factories_diligence import current_template
from vendors.diligence import demo as diligence_demo
from vendors.diligence.models import Checklist, ChecklistItem, Evidence, TestCall
from vendors.diligence.queries import candidate_summaries


def _demo_with_candidates():
    # The vendors seeder (before ours in portal.journey.demo) shortlists three vendors.
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    assert engagement.candidates.count() == 3
    return engagement


@pytest.mark.django_db
def test_demo_candidates_get_filled_checklists_evidence_and_test_calls():
    current_template()
    engagement = _demo_with_candidates()
    call_command("seed_demo", stdout=io.StringIO())

    assert Checklist.objects.filter(candidate__engagement=engagement).count() == 3
    summaries = candidate_summaries(engagement)
    assert len(summaries) == 3
    for summary in summaries.values():
        assert summary.items_total == 30
        assert 0.8 < summary.answered_share <= 1
        assert summary.evidence_count >= 3
        assert summary.test_call_count >= 4
    # The profiles differ: one clean vendor, others with red flags.
    assert sorted(s.critical_no_count for s in summaries.values()) == [0, 1, 1]
    assert Evidence.objects.filter(content_type="application/pdf").count() == 3
    for evidence in Evidence.objects.all():
        assert default_storage.exists(evidence.file.name)
    pdf = Evidence.objects.filter(content_type="application/pdf").first()
    assert default_storage.open(pdf.file.name).read().startswith(b"%PDF-1.4")


@pytest.mark.django_db
def test_seeding_twice_changes_nothing():
    current_template()
    _demo_with_candidates()
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        ChecklistItem.objects.exclude(answer="").count(),
        Evidence.objects.count(),
        TestCall.objects.count(),
        LogEntry.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        ChecklistItem.objects.exclude(answer="").count(),
        Evidence.objects.count(),
        TestCall.objects.count(),
        LogEntry.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_without_candidates_the_seeder_does_nothing():
    current_template()
    diligence_demo.seed(core_demo.seed())
    assert not Checklist.objects.exists()
    assert not TestCall.objects.exists()
