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
    assert (status.state, status.summary) == (
        IN_PROGRESS,
        "Approved: Bogota CX; its due diligence has not started.",
    )


def test_step_4_is_complete_only_when_the_approved_vendors_diligence_is_done(
    engagement, member, manager, django_assert_num_queries
):
    from tests.factories_diligence import current_template
    from vendors.diligence import actions as diligence_actions
    from vendors.diligence.models import ChecklistItem

    current_template()
    candidate = CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Bogota CX"))
    CandidateFactory(engagement=engagement)  # another one, its checklist untouched
    checklist = diligence_actions.checklist_start(user=member, candidate=candidate)
    items = list(checklist.items.all())
    ChecklistItem.objects.filter(pk__in=[i.pk for i in items[:-2]]).update(answer="yes")
    actions.candidate_recommend(user=member, candidate=candidate, rationale="Fit.")
    actions.candidate_approve(
        user=manager, candidate=candidate, reason="Yes.", confirm_open_critical=True
    )
    with django_assert_num_queries(1):
        status = shortlist_status(engagement)
    assert (status.state, status.summary) == (
        IN_PROGRESS,
        "Approved: Bogota CX; due diligence still has 2 open items.",
    )
    ChecklistItem.objects.filter(checklist=checklist).update(answer="yes")
    status = shortlist_status(engagement)
    assert (status.state, status.summary) == (COMPLETE, "Approved: Bogota CX")
    assert "2 vendors shortlisted" not in status.summary


def test_engagement_page_shows_the_step(member_client, engagement):
    CandidateFactory(engagement=engagement)
    page = member_client.get(engagement.get_absolute_url()).content.decode()
    assert "1 vendor shortlisted" in page
