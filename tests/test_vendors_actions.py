"""Step-4 actions on one engagement: the shortlist, quotes, weights and the approval
workflow (every legal and illegal move, four-eyes, records, e-mails)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.errors import DomainError
from portal.models import Engagement, Membership
from tests.factories import CandidateFactory, MembershipFactory, UserFactory, VendorFactory
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_vendors import recommended_candidate
from vendors import actions, queries
from vendors.diligence import actions as diligence_actions
from vendors.models import Candidate, CandidateTransition, ComparisonWeights, Quote

S = Candidate.Status


@pytest.fixture
def second_manager(team):
    user = UserFactory(username="manager2")
    MembershipFactory(team=team, user=user, role=Membership.Role.MANAGER)
    return user


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the e-mail task) as a real commit would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(engagement=engagement, added_by=member)


def _status(candidate):
    return Candidate.objects.get(pk=candidate.pk).status


# ---------------------------------------------------------------- shortlist, quotes, weights


def test_a_vendor_is_shortlisted_once(engagement, member):
    vendor = VendorFactory()
    data = actions.CandidateInput(vendor=vendor, notes=" Cheap ")
    candidate = actions.candidate_add(user=member, engagement=engagement, data=data)
    assert candidate.notes == "Cheap"
    with pytest.raises(DomainError, match="already on the shortlist") as exc:
        actions.candidate_add(user=member, engagement=engagement, data=data)
    assert exc.value.fields == {"vendor": [f"{vendor} is already on the shortlist."]}
    assert Candidate.objects.count() == 1


def test_a_removal_that_fails_keeps_the_evidence_files(
    member, engagement, django_capture_on_commit_callbacks
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    evidence = diligence_actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("visit.txt", b"Visited the site.\n")
    )
    candidate = item.checklist.candidate
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.APPROVED)
    candidate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        actions.candidate_remove(user=member, candidate=candidate)
    assert default_storage.exists(evidence.file.name)


def _quote(**overrides) -> actions.QuoteInput:
    values = {"pricing_model": "dedicated_per_hour", "rate": Decimal("12.50"), "unit": "per_hour"}
    return actions.QuoteInput(**{**values, **overrides})


def test_quote_save_normalises_the_currency(candidate, member):
    quote = actions.quote_save(user=member, candidate=candidate, data=_quote(currency=" eur "))
    assert (quote.currency, quote.rate) == ("EUR", Decimal("12.50"))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"currency": "U$D"}, "currency"),
        ({"pricing_model": "commission", "unit": "percent_premium"}, "commission_percent"),
        ({"unit": "per_minute"}, "unit"),
    ],
)
def test_quote_save_refuses_a_quote_that_breaks_a_rule(candidate, member, overrides, field):
    with pytest.raises(DomainError) as exc:
        actions.quote_save(user=member, candidate=candidate, data=_quote(**overrides))
    assert list(exc.value.fields) == [field]
    assert not Quote.objects.exists()


def test_weights_save_refuses_a_weight_out_of_range(engagement, member):
    weights = {"cost": 40, "references": 101}
    with pytest.raises(DomainError) as exc:
        actions.weights_save(
            user=member, engagement=engagement, data=actions.WeightsInput(weights=weights)
        )
    assert exc.value.fields == {"references": ["Ensure this value is less than or equal to 100."]}
    assert not ComparisonWeights.objects.exists()
    actions.weights_save(
        user=member, engagement=engagement, data=actions.WeightsInput(weights={"cost": 40})
    )
    assert ComparisonWeights.objects.get().cost == 40


# ---------------------------------------------------------------- legal moves


def test_member_recommends_and_engagement_awaits_approval(candidate, member, manager, commit):
    with commit(execute=True):
        record = actions.candidate_recommend(
            user=member, candidate=candidate, rationale="Cheapest."
        )
    assert _status(candidate) == S.RECOMMENDED
    assert (record.from_status, record.to_status, record.actor, record.reason) == (
        S.SHORTLISTED,
        S.RECOMMENDED,
        member,
        "Cheapest.",
    )
    assert Engagement.objects.get(pk=candidate.engagement_id).status == "awaiting_approval"
    # The team's manager is told, after commit, by the Celery task.
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "Approval needed" in mail.outbox[0].subject
    assert "Cheapest." in mail.outbox[0].body
    submitter = member.get_full_name() or member.username
    body = mail.outbox[0].body
    assert f"other than {submitter} must decide. Approve or reject it here: http" in body


def test_manager_approves_and_engagement_has_its_vendor(engagement, member, manager, commit):
    candidate = recommended_candidate(engagement=engagement, by=member)
    with commit(execute=True):
        record = actions.candidate_approve(user=manager, candidate=candidate, reason="Good value.")
    assert _status(candidate) == S.APPROVED
    assert (record.from_status, record.to_status, record.actor) == (
        S.RECOMMENDED,
        S.APPROVED,
        manager,
    )
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.VENDOR_SELECTED
    assert queries.approved_candidate(engagement) == candidate
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "approved" in mail.outbox[0].subject
    assert "Good value." in mail.outbox[0].body


def test_manager_rejects_and_vetting_goes_on(engagement, member, manager, commit):
    candidate = recommended_candidate(engagement=engagement, by=member)
    with commit(execute=True):
        actions.candidate_reject(user=manager, candidate=candidate, reason="References too thin.")
    assert _status(candidate) == S.REJECTED
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.VETTING
    assert queries.approved_candidate(engagement) is None
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "rejected" in mail.outbox[0].subject


def test_rejected_candidate_can_be_recommended_again(engagement, member, manager):
    candidate = recommended_candidate(engagement=engagement, by=member)
    actions.candidate_reject(user=manager, candidate=candidate, reason="Need a new quote.")
    actions.candidate_recommend(user=member, candidate=candidate, rationale="New quote is in.")
    assert _status(candidate) == S.RECOMMENDED
    moves = list(
        CandidateTransition.objects.filter(candidate=candidate)
        .order_by("id")
        .values_list("from_status", "to_status")
    )
    assert moves == [
        (S.SHORTLISTED, S.RECOMMENDED),
        (S.RECOMMENDED, S.REJECTED),
        (S.REJECTED, S.RECOMMENDED),
    ]


# ---------------------------------------------------------------- illegal moves

ILLEGAL = [
    # (state, action)
    (S.SHORTLISTED, "approve"),
    (S.SHORTLISTED, "reject"),
    (S.REJECTED, "approve"),
    (S.REJECTED, "reject"),
    (S.APPROVED, "approve"),
    (S.APPROVED, "reject"),
    (S.APPROVED, "recommend"),
    (S.RECOMMENDED, "recommend"),
]


def _put_in(state, *, engagement, member, manager):
    candidate = CandidateFactory(engagement=engagement, added_by=member)
    if state == S.SHORTLISTED:
        return candidate
    actions.candidate_recommend(user=member, candidate=candidate, rationale="Fit.")
    if state == S.APPROVED:
        actions.candidate_approve(user=manager, candidate=candidate, reason="Yes.")
    elif state == S.REJECTED:
        actions.candidate_reject(user=manager, candidate=candidate, reason="No.")
    return Candidate.objects.get(pk=candidate.pk)


@pytest.mark.parametrize(("state", "move"), ILLEGAL)
def test_illegal_move_is_refused_and_changes_nothing(state, move, engagement, member, manager):
    candidate = _put_in(state, engagement=engagement, member=member, manager=manager)
    records = CandidateTransition.objects.count()
    engagement_status = Engagement.objects.get(pk=engagement.pk).status
    call = {
        "recommend": lambda: actions.candidate_recommend(
            user=member, candidate=candidate, rationale="Again."
        ),
        "approve": lambda: actions.candidate_approve(user=manager, candidate=candidate, reason="x"),
        "reject": lambda: actions.candidate_reject(user=manager, candidate=candidate, reason="x"),
    }[move]
    with pytest.raises(DomainError) as exc:
        call()
    assert str(exc.value)  # a message for the user
    assert _status(candidate) == state
    assert CandidateTransition.objects.count() == records
    assert Engagement.objects.get(pk=engagement.pk).status == engagement_status


def test_illegal_move_message_names_the_state(engagement, member, manager):
    candidate = CandidateFactory(engagement=engagement, added_by=member)
    with pytest.raises(DomainError, match="is shortlisted; it cannot be approved now"):
        actions.candidate_approve(user=manager, candidate=candidate, reason="x")


def test_only_one_recommendation_at_a_time(engagement, member):
    recommended_candidate(engagement=engagement, by=member)
    other = CandidateFactory(engagement=engagement, added_by=member)
    with pytest.raises(DomainError, match="only one recommendation"):
        actions.candidate_recommend(user=member, candidate=other, rationale="Also good.")
    assert _status(other) == S.SHORTLISTED


def test_no_recommendation_once_a_vendor_is_approved(engagement, member, manager):
    chosen = recommended_candidate(engagement=engagement, by=member)
    actions.candidate_approve(user=manager, candidate=chosen, reason="Yes.")
    other = CandidateFactory(engagement=engagement, added_by=member)
    with pytest.raises(DomainError, match="already approved"):
        actions.candidate_recommend(user=member, candidate=other, rationale="Second thoughts.")


def test_no_move_on_a_closed_engagement(engagement, member, manager):
    candidate = recommended_candidate(engagement=engagement, by=member)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.CLOSED)
    candidate.engagement.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        actions.candidate_approve(user=manager, candidate=candidate, reason="Yes.")
    assert _status(candidate) == S.RECOMMENDED


def test_a_reason_is_required(engagement, member, manager):
    candidate = recommended_candidate(engagement=engagement, by=member)
    with pytest.raises(DomainError, match="reason"):
        actions.candidate_approve(user=manager, candidate=candidate, reason="   ")
    assert _status(candidate) == S.RECOMMENDED


# ---------------------------------------------------------------- roles and four-eyes


def test_member_cannot_approve_in_the_action(engagement, member, manager):
    from django.core.exceptions import PermissionDenied

    candidate = recommended_candidate(engagement=engagement, by=manager)
    with pytest.raises(PermissionDenied):
        actions.candidate_approve(user=member, candidate=candidate, reason="Me too.")
    assert _status(candidate) == S.RECOMMENDED


@pytest.mark.parametrize("decide", [actions.candidate_approve, actions.candidate_reject])
def test_submitter_may_not_decide_own_recommendation_even_as_manager(
    decide, engagement, manager, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    with pytest.raises(DomainError, match="four-eyes"):
        decide(user=manager, candidate=candidate, reason="Obviously right.")
    assert _status(candidate) == S.RECOMMENDED
    # Another manager may.
    decide(user=second_manager, candidate=candidate, reason="Checked.")
    assert _status(candidate) != S.RECOMMENDED


def test_submission_mail_goes_to_the_other_managers(engagement, manager, second_manager, commit):
    candidate = CandidateFactory(engagement=engagement, added_by=manager)
    with commit(execute=True):
        actions.candidate_recommend(user=manager, candidate=candidate, rationale="Fit.")
    assert [m.to for m in mail.outbox] == [[second_manager.email]]


def test_no_mail_when_the_transaction_rolls_back(engagement, member, commit):
    from django.db import transaction

    candidate = CandidateFactory(engagement=engagement, added_by=member)
    with commit(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        actions.candidate_recommend(user=member, candidate=candidate, rationale="Fit.")
        raise RuntimeError("boom")
    assert mail.outbox == []
    assert _status(candidate) == S.SHORTLISTED
