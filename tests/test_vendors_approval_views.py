"""The approval pages: a member recommends a vendor, another manager approves or rejects."""

import pytest
from django.urls import reverse

from portal.models import Membership
from tests.factories import CandidateFactory, MembershipFactory, UserFactory
from tests.factories_vendors import recommended_candidate
from vendors import actions
from vendors.models import Candidate, CandidateTransition

S = Candidate.Status


@pytest.fixture
def second_manager(team):
    user = UserFactory(username="manager2")
    MembershipFactory(team=team, user=user, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(engagement=engagement, added_by=member)


def _status(candidate):
    return Candidate.objects.get(pk=candidate.pk).status


def _url(name, candidate):
    return reverse(name, args=[candidate.engagement_id, candidate.pk])


def test_recommend_page_submits_with_rationale(member_client, manager, candidate):
    url = _url("shortlist:candidate-recommend", candidate)
    assert "Rationale" in member_client.get(url).content.decode()
    response = member_client.post(url, {"rationale": "Best test calls."}, follow=True)
    assert _status(candidate) == S.RECOMMENDED
    page = response.content.decode()
    assert "submitted for approval" in page
    assert "Best test calls." in page  # the history on the shortlist page
    assert "awaits a manager" in page


def test_recommend_without_rationale_shows_the_error(member_client, candidate):
    response = member_client.post(
        _url("shortlist:candidate-recommend", candidate), {"rationale": ""}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert _status(candidate) == S.SHORTLISTED
    assert not CandidateTransition.objects.exists()


def test_recommend_page_warns_when_no_other_manager_can_approve(
    manager_client, engagement, candidate
):
    url = reverse("shortlist:candidate-recommend", args=[engagement.pk, candidate.pk])
    page = manager_client.get(url).content.decode()
    assert "Nobody can approve this yet." in page
    assert "No manager of Customer Care other than you can approve" in page
    response = manager_client.post(url, {"rationale": "Best fit."}, follow=True)
    assert "will wait until an administrator adds another manager" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


def test_recommend_page_has_no_warning_when_another_manager_can_approve(
    member_client, manager, engagement, candidate
):
    url = reverse("shortlist:candidate-recommend", args=[engagement.pk, candidate.pk])
    page = member_client.get(url).content.decode()
    assert "Nobody can approve this yet." not in page


def test_member_cannot_approve_403(member_client, engagement, manager):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    url = _url("shortlist:candidate-approve", candidate)
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"reason": "Yes."}).status_code == 403
    assert _status(candidate) == S.RECOMMENDED


def test_anonymous_is_sent_to_login(anon_client, candidate):
    response = anon_client.get(_url("shortlist:candidate-approve", candidate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_approve_wrong_method_405(manager_client, candidate):
    assert manager_client.put(_url("shortlist:candidate-approve", candidate)).status_code == 405


def test_manager_approves_through_the_page(manager_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    url = _url("shortlist:candidate-approve", candidate)
    page = manager_client.get(url).content.decode()
    assert "Best overall fit." in page  # the rationale is shown to the approver
    response = manager_client.post(url, {"reason": "References checked."}, follow=True)
    assert _status(candidate) == S.APPROVED
    assert "is the approved vendor" in response.content.decode()
    assert "References checked." in response.content.decode()


def test_approve_without_reason_shows_the_error(manager_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    response = manager_client.post(_url("shortlist:candidate-approve", candidate), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


def test_self_approval_refused_through_the_page(
    manager_client, engagement, manager, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    response = manager_client.post(
        _url("shortlist:candidate-approve", candidate), {"reason": "Mine."}, follow=True
    )
    assert "four-eyes" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


@pytest.mark.parametrize("name", ["shortlist:candidate-approve", "shortlist:candidate-reject"])
def test_submitting_manager_opening_the_decision_page_is_sent_back_with_the_reason(
    manager_client, engagement, manager, second_manager, name
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    response = manager_client.get(_url(name, candidate), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "shortlist:candidate-list", args=[engagement.pk]
    )
    assert "You submitted this recommendation, so you may not" in page
    assert 'name="reason"' not in page
    assert _status(candidate) == S.RECOMMENDED


def test_decision_page_after_another_manager_decided_says_so_instead_of_a_form(
    manager_client, engagement, member, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=member)
    actions.candidate_approve(user=second_manager, candidate=candidate, reason="Pilot first.")
    response = manager_client.get(_url("shortlist:candidate-reject", candidate), follow=True)
    page = response.content.decode()
    assert "is approved; it cannot be rejected now." in page
    assert 'name="reason"' not in page
    assert _status(candidate) == S.APPROVED


def test_illegal_move_through_the_page_shows_a_message(manager_client, candidate):
    response = manager_client.post(
        _url("shortlist:candidate-reject", candidate), {"reason": "No."}, follow=True
    )
    assert "cannot be rejected now" in response.content.decode()
    assert _status(candidate) == S.SHORTLISTED


# --- What the decision rests on ---------------------------------------------------


def _checked_candidate(engagement, member, *, answered: int):
    from tests.factories import QuoteFactory
    from tests.factories_diligence import TestCallFactory, current_template
    from vendors.diligence import actions as diligence_actions
    from vendors.diligence.models import ChecklistItem

    current_template()
    candidate = CandidateFactory(engagement=engagement, added_by=member)
    for rate in ("14", "19"):
        QuoteFactory(
            candidate=candidate, pricing_model="dedicated_per_hour", rate=rate, unit="per_hour"
        )
    checklist = diligence_actions.checklist_start(user=member, candidate=candidate)
    first = list(checklist.items.order_by("template_item__order")[:answered])
    ChecklistItem.objects.filter(pk__in=[i.pk for i in first]).update(answer="yes", risk="low")
    TestCallFactory(candidate=candidate, courtesy=4, language_clarity=3, product_knowledge=5)
    TestCallFactory(candidate=candidate, courtesy=5, language_clarity=4, product_knowledge=4)
    actions.candidate_recommend(user=member, candidate=candidate, rationale="Cheapest.")
    return candidate


def test_decision_page_shows_due_diligence_test_calls_and_cost(manager_client, engagement, member):
    from tests.factories_planning import scoped_engagement
    from vendors import comparison

    scoped_engagement(engagement)
    candidate = _checked_candidate(engagement, member, answered=3)
    page = manager_client.get(_url("shortlist:candidate-approve", candidate)).text
    assert "What the decision rests on" in page
    assert "Due diligence is not finished: 27 items still open." in page
    assert "10% of 30 items answered; 27 open; 0 critical answered No" in page
    assert (
        "2 calls; average scores (1-5): courtesy 4.5, language clarity 3.5, "
        "product knowledge 4.5" in page
    )
    # The same figure as the comparison's: the whole scope under its quotes.
    column = comparison.build(engagement).columns[0]
    assert "Whole scope under its quotes" in page
    assert f"${column.ranked.facts.monthly_cost:,.0f} a month</strong> for the whole scope" in page
    assert column.cost.saving_text in page


def test_decision_page_says_when_nothing_can_be_priced(manager_client, engagement, member):
    candidate = _checked_candidate(engagement, member, answered=30)
    page = manager_client.get(_url("shortlist:candidate-approve", candidate)).text
    assert "not priced: step 1 has no workload to price quotes on" in page
    assert "100% of 30 items answered; 0 open" in page
    assert "Due diligence is not finished" not in page


def test_decision_page_query_count_is_fixed(
    manager_client, engagement, member, django_assert_max_num_queries
):
    from tests.factories import QuoteFactory
    from tests.factories_diligence import TestCallFactory
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    candidate = _checked_candidate(engagement, member, answered=10)
    QuoteFactory.create_batch(8, candidate=candidate)
    TestCallFactory.create_batch(10, candidate=candidate)
    with django_assert_max_num_queries(13):
        response = manager_client.get(_url("shortlist:candidate-approve", candidate))
    assert "12 calls" in response.text


# --- Approving with critical items open ------------------------------------------


def _with_open_critical(engagement, member):
    """A recommended candidate whose checklist has open critical items (the seeded
    template marks some critical; none is answered)."""
    candidate = _checked_candidate(engagement, member, answered=0)
    from vendors.diligence.queries import open_critical_count

    count = open_critical_count(candidate)
    assert count > 0
    return candidate, count


def test_approving_with_open_critical_items_without_the_tick_keeps_the_reason(
    manager_client, engagement, member
):
    candidate, count = _with_open_critical(engagement, member)
    url = _url("shortlist:candidate-approve", candidate)
    page = manager_client.get(url).text
    assert f"I approve although {count} critical items are open" in page
    response = manager_client.post(url, {"reason": "Pilot with a break clause."})
    assert response.status_code == 200
    page = response.text
    assert f"{count} critical due-diligence items are still open" in page
    assert "Pilot with a break clause." in page  # what was typed is kept
    assert _status(candidate) == S.RECOMMENDED


def test_approving_with_the_tick_records_the_confirmation_and_count(
    manager_client, engagement, member
):
    candidate, count = _with_open_critical(engagement, member)
    response = manager_client.post(
        _url("shortlist:candidate-approve", candidate),
        {"reason": "Pilot first.", "confirm_open_critical": "on"},
        follow=True,
    )
    assert _status(candidate) == S.APPROVED
    record = CandidateTransition.objects.get(candidate=candidate, to_status=S.APPROVED)
    assert record.open_critical_items == count
    assert record.confirmed_open_critical is True
    assert f"Approved although {count} critical items were open" in response.text
    # The audit history holds the confirmation too.
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.changes_dict["confirmed_open_critical"][1] == "True"
    assert entry.changes_dict["open_critical_items"][1] == str(count)


def test_approving_with_no_critical_item_open_needs_no_tick(manager_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    url = _url("shortlist:candidate-approve", candidate)
    assert "I approve although" not in manager_client.get(url).text
    manager_client.post(url, {"reason": "Fine."})
    record = CandidateTransition.objects.get(candidate=candidate, to_status=S.APPROVED)
    assert (record.open_critical_items, record.confirmed_open_critical) == (0, False)


def test_rejecting_needs_no_tick_whatever_is_open(manager_client, engagement, member):
    candidate, _ = _with_open_critical(engagement, member)
    url = _url("shortlist:candidate-reject", candidate)
    assert "I approve although" not in manager_client.get(url).text
    manager_client.post(url, {"reason": "Too many open points."})
    assert _status(candidate) == S.REJECTED


def test_approve_action_refuses_without_the_confirmation(engagement, member, second_manager):
    from portal.errors import DomainError

    candidate, _ = _with_open_critical(engagement, member)
    with pytest.raises(DomainError) as caught:
        actions.candidate_approve(user=second_manager, candidate=candidate, reason="Go.")
    assert "confirm_open_critical" in caught.value.fields
    assert _status(candidate) == S.RECOMMENDED
