"""Step 4 in the navigator: what the shortlist says about itself, in one query."""

from django.urls import reverse

from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED
from tests.factories import CandidateFactory, VendorFactory
from vendors import actions
from vendors.steps import shortlist_status


def test_shortlist_status_follows_the_shortlist(
    engagement, member, manager, django_assert_num_queries
):
    with django_assert_num_queries(1):
        status = shortlist_status(engagement)
    assert status.state == NOT_STARTED
    assert status.url == reverse("shortlist:candidate-list", args=[engagement.pk])
    candidate = CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Bogota CX"))
    CandidateFactory(engagement=engagement)
    assert shortlist_status(engagement).state == IN_PROGRESS
    assert "2 vendors shortlisted" in shortlist_status(engagement).summary
    actions.candidate_recommend(user=member, candidate=candidate, rationale="Fit.")
    assert "awaits a manager" in shortlist_status(engagement).summary
    actions.candidate_approve(user=manager, candidate=candidate, reason="Yes.")
    status = shortlist_status(engagement)
    assert (status.state, status.summary) == (COMPLETE, "Approved: Bogota CX")


def test_engagement_page_shows_the_step(member_client, engagement):
    CandidateFactory(engagement=engagement)
    page = member_client.get(engagement.get_absolute_url()).content.decode()
    assert "1 vendor shortlisted" in page
