"""The approval e-mails: sent once after the commit, retried, swept up when all sends failed."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from tests.factories import CandidateFactory
from tests.factories_vendors import recommended_candidate
from vendors import actions
from vendors.models import CandidateTransition


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the e-mail task) as a real commit would."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(engagement=engagement, added_by=member)


def test_notification_task_sends_once(engagement, member, manager, commit):
    from vendors.tasks import transition_notify_task

    with commit(execute=True):
        candidate = recommended_candidate(engagement=engagement, by=member)
    record = CandidateTransition.objects.get(candidate=candidate)
    assert len(mail.outbox) == 1
    assert transition_notify_task(record.pk) == 0
    assert len(mail.outbox) == 1


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


def test_approval_email_links_straight_to_the_decision_page(
    engagement, member, manager, commit, settings
):
    from django.urls import reverse

    settings.PORTAL_BASE_URL = "http://127.0.0.1:8400"
    with commit(execute=True):
        candidate = recommended_candidate(engagement=engagement, by=member)
    (message,) = mail.outbox
    assert message.to == [manager.email]
    decision = reverse("shortlist:candidate-approve", args=[engagement.pk, candidate.pk])
    assert f"Approve or reject it here: http://127.0.0.1:8400{decision}\n" in message.body
    assert "localhost:8000" not in message.body


def test_decision_email_links_to_the_shortlist(engagement, member, manager, commit, settings):
    from django.urls import reverse

    settings.PORTAL_BASE_URL = "http://127.0.0.1:8400"
    candidate = recommended_candidate(engagement=engagement, by=member)
    with commit(execute=True):
        actions.candidate_approve(user=manager, candidate=candidate, reason="Good checks.")
    (message,) = mail.outbox
    assert message.to == [member.email]
    shortlist = reverse("shortlist:candidate-list", args=[engagement.pk])
    assert f"http://127.0.0.1:8400{shortlist}\n" in message.body


def test_a_vendor_name_stored_with_a_line_break_still_gets_its_email_out(
    engagement, member, manager
):
    from tests.factories import VendorFactory
    from vendors import tasks

    vendor = VendorFactory(name="Acme\r\nBcc: everyone@example.com")
    candidate = CandidateFactory(engagement=engagement, added_by=member, vendor=vendor)
    record = actions.candidate_recommend(user=member, candidate=candidate, rationale="Cheapest.")
    assert tasks.transition_notify_task.delay(record.pk).get() == 1
    assert mail.outbox[-1].subject.startswith("Approval needed: Acme Bcc: everyone@example.com")
    assert mail.outbox[-1].to == [manager.email]
