"""Reads of step 4 that other steps use."""

from tests.factories_vendors import recommended_candidate
from vendors import actions, queries


def test_approved_candidate_is_none_until_approval(engagement, member, manager):
    assert queries.approved_candidate(engagement) is None
    candidate = recommended_candidate(engagement=engagement, by=member)
    assert queries.approved_candidate(engagement) is None
    actions.candidate_approve(user=manager, candidate=candidate, reason="Yes.")
    assert queries.approved_candidate(engagement) == candidate


def test_recommendation_record_carries_the_rationale(engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    record = queries.recommendation_record(candidate)
    assert (record.actor, record.reason) == (member, "Best overall fit.")
