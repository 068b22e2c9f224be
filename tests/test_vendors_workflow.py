"""The approval workflow: every legal and illegal move, four-eyes, records, e-mails."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.errors import DomainError
from portal.models import Engagement, Membership
from tests.factories import CandidateFactory, MembershipFactory, UserFactory
from tests.factories_vendors import recommended_candidate
from vendors import actions, queries
from vendors.models import Candidate, CandidateTransition

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
    assert f"other than {submitter} must approve or reject it: http" in mail.outbox[0].body


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


def test_notification_task_sends_once(engagement, member, manager, commit):
    from vendors.tasks import transition_notify_task

    with commit(execute=True):
        candidate = recommended_candidate(engagement=engagement, by=member)
    record = CandidateTransition.objects.get(candidate=candidate)
    assert len(mail.outbox) == 1
    assert transition_notify_task(record.pk) == 0
    assert len(mail.outbox) == 1


def test_no_mail_when_the_transaction_rolls_back(engagement, member, commit):
    from django.db import transaction

    candidate = CandidateFactory(engagement=engagement, added_by=member)
    with commit(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        actions.candidate_recommend(user=member, candidate=candidate, rationale="Fit.")
        raise RuntimeError("boom")
    assert mail.outbox == []
    assert _status(candidate) == S.SHORTLISTED


# ---------------------------------------------------------------- the views


def _url(name, candidate):
    return reverse(name, args=[candidate.engagement_id, candidate.pk])


def test_recommend_page_submits_with_rationale(member_client, manager, candidate):
    url = _url("vetting:candidate-recommend", candidate)
    assert "Rationale" in member_client.get(url).content.decode()
    response = member_client.post(url, {"rationale": "Best test calls."}, follow=True)
    assert _status(candidate) == S.RECOMMENDED
    page = response.content.decode()
    assert "submitted for approval" in page
    assert "Best test calls." in page  # the history on the shortlist page
    assert "awaits a manager" in page


def test_recommend_without_rationale_shows_the_error(member_client, candidate):
    response = member_client.post(_url("vetting:candidate-recommend", candidate), {"rationale": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert _status(candidate) == S.SHORTLISTED
    assert not CandidateTransition.objects.exists()


def test_member_cannot_approve_403(member_client, engagement, manager):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    url = _url("vetting:candidate-approve", candidate)
    assert member_client.get(url).status_code == 403
    assert member_client.post(url, {"reason": "Yes."}).status_code == 403
    assert _status(candidate) == S.RECOMMENDED


def test_outsider_gets_404_on_approval(outsider_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    assert (
        outsider_client.post(
            _url("vetting:candidate-approve", candidate), {"reason": "x"}
        ).status_code
        == 404
    )


def test_anonymous_is_sent_to_login(anon_client, candidate):
    response = anon_client.get(_url("vetting:candidate-approve", candidate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_approve_wrong_method_405(manager_client, candidate):
    assert manager_client.put(_url("vetting:candidate-approve", candidate)).status_code == 405


def test_manager_approves_through_the_page(manager_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    url = _url("vetting:candidate-approve", candidate)
    page = manager_client.get(url).content.decode()
    assert "Best overall fit." in page  # the rationale is shown to the approver
    response = manager_client.post(url, {"reason": "References checked."}, follow=True)
    assert _status(candidate) == S.APPROVED
    assert "is the approved vendor" in response.content.decode()
    assert "References checked." in response.content.decode()


def test_approve_without_reason_shows_the_error(manager_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    response = manager_client.post(_url("vetting:candidate-approve", candidate), {"reason": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


def test_self_approval_refused_through_the_page(
    manager_client, engagement, manager, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    response = manager_client.post(
        _url("vetting:candidate-approve", candidate), {"reason": "Mine."}, follow=True
    )
    assert "four-eyes" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


def test_submitting_manager_is_not_offered_approve_or_reject(
    manager_client, client, engagement, manager, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    approve_url = _url("vetting:candidate-approve", candidate)
    page = manager_client.get(reverse("vetting:candidate-list", args=[engagement.pk]))
    assert "another manager of the team must decide (four-eyes rule)" in page.content.decode()
    assert approve_url not in page.content.decode()
    client.force_login(second_manager)
    page = client.get(reverse("vetting:candidate-list", args=[engagement.pk]))
    assert approve_url in page.content.decode()


def test_member_who_submitted_sees_it_awaits_a_manager(member_client, engagement, member):
    recommended_candidate(engagement=engagement, by=member)
    page = member_client.get(reverse("vetting:candidate-list", args=[engagement.pk]))
    assert "awaits a manager's decision" in page.content.decode().replace("&#x27;", "'")
    assert "four-eyes" not in page.content.decode()
    assert "Approve…" not in page.content.decode()


@pytest.mark.parametrize("name", ["vetting:candidate-approve", "vetting:candidate-reject"])
def test_submitting_manager_opening_the_decision_page_is_sent_back_with_the_reason(
    manager_client, engagement, manager, second_manager, name
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    response = manager_client.get(_url(name, candidate), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("vetting:candidate-list", args=[engagement.pk])
    assert "You submitted this recommendation, so you may not" in page
    assert 'name="reason"' not in page
    assert _status(candidate) == S.RECOMMENDED


def test_decision_page_after_another_manager_decided_says_so_instead_of_a_form(
    manager_client, engagement, member, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=member)
    actions.candidate_approve(user=second_manager, candidate=candidate, reason="Pilot first.")
    response = manager_client.get(_url("vetting:candidate-reject", candidate), follow=True)
    page = response.content.decode()
    assert "is approved; it cannot be rejected now." in page
    assert 'name="reason"' not in page
    assert _status(candidate) == S.APPROVED


def test_illegal_move_through_the_page_shows_a_message(manager_client, candidate):
    response = manager_client.post(
        _url("vetting:candidate-reject", candidate), {"reason": "No."}, follow=True
    )
    assert "cannot be rejected now" in response.content.decode()
    assert _status(candidate) == S.SHORTLISTED


# ---------------------------------------------------------------- the e-mail task


def test_a_failed_send_stays_unsent_for_the_retry_and_is_sent_once(
    candidate, member, manager, monkeypatch
):
    from vendors import tasks

    record = actions.candidate_recommend(user=member, candidate=candidate, rationale="Cheapest.")
    real_send = tasks.send_mail

    def down(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(tasks, "send_mail", down)
    # Celery schedules a retry (eager mode in tests raises it instead of waiting).
    with pytest.raises(Retry):
        tasks.transition_notify_task.delay(record.pk)
    assert CandidateTransition.objects.get(pk=record.pk).notified_at is None
    assert mail.outbox == []

    monkeypatch.setattr(tasks, "send_mail", real_send)
    assert tasks.transition_notify_task.delay(record.pk).get() == 1  # the retry
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert CandidateTransition.objects.get(pk=record.pk).notified_at is not None
    # Running once more sends nothing.
    assert tasks.transition_notify_task.delay(record.pk).get() == 0
    assert len(mail.outbox) == 1


def test_sweep_sends_again_an_approval_email_whose_retries_all_failed(
    candidate, member, manager, monkeypatch
):
    from vendors import tasks

    record = actions.candidate_recommend(user=member, candidate=candidate, rationale="Cheapest.")
    monkeypatch.setattr(tasks, "send_mail", _mail_down)
    with pytest.raises(Retry):
        tasks.transition_notify_task.delay(record.pk)
    monkeypatch.undo()
    # Too recent: the task's own retries are still due.
    assert tasks.transition_notify_sweep_task() == 0
    assert mail.outbox == []

    CandidateTransition.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    assert tasks.transition_notify_sweep_task() == 1
    assert [m.to for m in mail.outbox] == [[manager.email]]
    # Sent: the next sweep finds nothing.
    assert tasks.transition_notify_sweep_task() == 0


def test_sweep_leaves_week_old_unsent_notices_alone(candidate, member, manager):
    from vendors import tasks

    record = actions.candidate_recommend(user=member, candidate=candidate, rationale="Cheapest.")
    mail.outbox.clear()
    CandidateTransition.objects.filter(pk=record.pk).update(
        notified_at=None, created_at=timezone.now() - timedelta(days=8)
    )
    assert tasks.transition_notify_sweep_task() == 0
    assert mail.outbox == []


def _mail_down(*args, **kwargs):
    raise ConnectionRefusedError("no mail server")


def test_recommend_page_warns_when_no_other_manager_can_approve(
    manager_client, engagement, candidate
):
    url = reverse("vetting:candidate-recommend", args=[engagement.pk, candidate.pk])
    page = manager_client.get(url).content.decode()
    assert "Nobody can approve this yet." in page
    assert "No manager of Customer Care other than you can approve" in page
    response = manager_client.post(url, {"rationale": "Best fit."}, follow=True)
    assert "will wait until an administrator adds another manager" in response.content.decode()
    assert _status(candidate) == S.RECOMMENDED


def test_recommend_page_has_no_warning_when_another_manager_can_approve(
    member_client, manager, engagement, candidate
):
    url = reverse("vetting:candidate-recommend", args=[engagement.pk, candidate.pk])
    page = member_client.get(url).content.decode()
    assert "Nobody can approve this yet." not in page
