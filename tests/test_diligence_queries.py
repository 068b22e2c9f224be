"""candidate_summaries: the figures the comparison page shows, in a fixed number of queries."""

import pytest

from tests.factories import CandidateFactory
from tests.factories_diligence import EvidenceFactory, TestCallFactory
from vendors.diligence import actions
from vendors.diligence.models import ChecklistItem
from vendors.diligence.queries import CandidateSummary, candidate_summaries, candidate_summary


def test_every_candidate_is_present_with_zeros_when_nothing_is_recorded(engagement):
    empty = CandidateFactory(engagement=engagement)
    summaries = candidate_summaries(engagement)
    assert summaries == {
        empty.pk: CandidateSummary(candidate_id=empty.pk),
    }
    summary = summaries[empty.pk]
    assert summary.answered_share == 0
    assert summary.items_total == 0
    assert summary.test_call_count == 0
    assert summary.avg_wait_seconds is None
    assert summary.first_contact_resolution_rate is None
    assert summary.avg_courtesy is None
    assert summary.avg_score is None
    assert not summary.checklist_started


def test_checklist_figures(engagement, member):
    candidate = CandidateFactory(engagement=engagement)
    checklist = actions.checklist_start(user=member, candidate=candidate)
    items = list(checklist.items.select_related("template_item").order_by("template_item__order"))
    critical = [item for item in items if item.template_item.critical]
    normal = [item for item in items if not item.template_item.critical]
    for item in critical[:2]:
        item.answer, item.risk = ChecklistItem.Answer.NO, ChecklistItem.Risk.HIGH
        item.save()
    normal[0].answer, normal[0].risk = ChecklistItem.Answer.NO, ChecklistItem.Risk.MEDIUM
    normal[0].save()
    normal[1].answer = ChecklistItem.Answer.NOT_APPLICABLE
    normal[1].save()
    # Two files on one item must not count the item twice.
    EvidenceFactory(item=critical[0])
    EvidenceFactory(item=critical[0])

    summary = candidate_summaries(engagement)[candidate.pk]

    total = len(items)
    assert summary.checklist_started
    assert summary.items_total == total
    assert summary.answered_share == pytest.approx(4 / total)
    assert summary.open_items == total - 4
    assert summary.critical_no_count == 2
    assert summary.risk_high_count == 2
    assert summary.evidence_count == 2
    assert candidate_summary(candidate) == summary


def test_test_call_figures(engagement):
    candidate = CandidateFactory(engagement=engagement)
    other = CandidateFactory(engagement=engagement)
    TestCallFactory(
        candidate=candidate,
        wait_seconds=30,
        resolved_first_contact=True,
        courtesy=5,
        language_clarity=4,
        product_knowledge=3,
    )
    TestCallFactory(
        candidate=candidate,
        wait_seconds=90,
        resolved_first_contact=False,
        courtesy=3,
        language_clarity=2,
        product_knowledge=3,
    )

    summaries = candidate_summaries(engagement)

    summary = summaries[candidate.pk]
    assert summary.test_call_count == 2
    assert summary.avg_wait_seconds == 60
    assert summary.first_contact_resolution_rate == 0.5
    assert summary.avg_courtesy == 4
    assert summary.avg_language_clarity == 3
    assert summary.avg_product_knowledge == 3
    assert summary.avg_score == pytest.approx(10 / 3)
    assert summaries[other.pk].test_call_count == 0


def test_other_engagements_are_left_out(engagement):
    mine = CandidateFactory(engagement=engagement)
    theirs = CandidateFactory()
    TestCallFactory(candidate=theirs)
    assert set(candidate_summaries(engagement)) == {mine.pk}


def test_query_count_is_fixed_for_20_candidates_30_items_10_calls(
    engagement, member, django_assert_max_num_queries
):
    for _ in range(20):
        candidate = CandidateFactory(engagement=engagement)
        checklist = actions.checklist_start(user=member, candidate=candidate)
        ChecklistItem.objects.filter(checklist=checklist).update(answer="yes", risk="low")
        TestCallFactory.create_batch(10, candidate=candidate)
    assert ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).count() >= 600

    with django_assert_max_num_queries(3):
        summaries = candidate_summaries(engagement)

    assert len(summaries) == 20
    assert all(s.answered_share == 1 and s.test_call_count == 10 for s in summaries.values())
