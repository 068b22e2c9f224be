"""The daily reminder task: each reminder of each deadline goes out once."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contracts.contract import actions
from contracts.models import SentReminder
from contracts.tasks import send_contract_reminders_task
from portal.models import Engagement
from tests.factories import EngagementFactory
from tests.factories_contracts import ContractFactory


@pytest.fixture
def live_contract(engagement, member, manager):
    # 12 months from 1 Jan 2025: term ends 31 Dec 2025, notice by 2 Oct 2025.
    return ContractFactory(
        engagement=engagement,
        start_date=date(2025, 1, 1),
        initial_term_months=12,
        notice_period_days=90,
    )


def test_reminders_go_out_once_even_when_the_job_runs_twice(live_contract, member, manager):
    day = "2025-09-02"  # 30 days before the notice deadline
    assert send_contract_reminders_task.delay(day).get() == 1
    assert send_contract_reminders_task.delay(day).get() == 0  # the second run sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([member.email, manager.email])
    assert "Last day to give notice in 30 days (2025-10-02)" in message.subject
    reminder = SentReminder.objects.get()
    assert (reminder.kind, reminder.deadline, reminder.days_before) == (
        "notice",
        date(2025, 10, 2),
        30,
    )


def test_each_threshold_of_each_deadline_is_sent_once(live_contract):
    start = date(2025, 6, 1)
    for offset in range(0, 260):  # every day until after the term ends, some days twice
        day = (start + timedelta(days=offset)).isoformat()
        send_contract_reminders_task(day)
        if offset % 7 == 0:
            send_contract_reminders_task(day)
    sent = sorted(SentReminder.objects.values_list("kind", "deadline", "days_before"))
    assert sent == [
        ("notice", date(2025, 10, 2), 7),
        ("notice", date(2025, 10, 2), 30),
        ("notice", date(2025, 10, 2), 90),
        ("term_end", date(2025, 12, 31), 7),
        ("term_end", date(2025, 12, 31), 30),
        ("term_end", date(2025, 12, 31), 90),
    ]
    assert len(mail.outbox) == 6


def test_one_contract_failing_to_send_does_not_hold_back_the_others(live_contract, monkeypatch):
    second = EngagementFactory(team=live_contract.engagement.team, title="Second engagement")
    other = ContractFactory(engagement=second, start_date=date(2025, 1, 1), notice_period_days=90)
    real_send = actions.send_mail
    refused = {live_contract.engagement.title}

    def refuse_one_team(**kwargs):
        if any(title in kwargs["subject"] for title in refused):
            raise ConnectionError("recipient refused")
        return real_send(**kwargs)

    monkeypatch.setattr(actions, "send_mail", refuse_one_team)
    assert send_contract_reminders_task("2025-09-02") == 1
    assert [m.subject.split("]")[0] for m in mail.outbox] == [f"[{other.engagement.title}"]
    assert SentReminder.objects.get().contract == other
    refused.clear()  # the mail server takes it the next day: that reminder goes out then
    assert send_contract_reminders_task("2025-09-03") == 1
    assert SentReminder.objects.count() == 2


def test_no_reminders_for_a_closed_engagement(live_contract):
    Engagement.objects.filter(pk=live_contract.engagement_id).update(status="closed")
    assert send_contract_reminders_task("2025-09-02") == 0
    assert mail.outbox == []


def test_reminder_task_sends_mail_from_the_demo_like_contract(engagement, member):
    today = timezone.localdate()
    ContractFactory(
        engagement=engagement,
        start_date=today.replace(day=1),
        initial_term_months=1,
        notice_period_days=0,
    )
    send_contract_reminders_task()
    send_contract_reminders_task()
    kinds = [m.subject for m in mail.outbox]
    assert len(kinds) == len(set(kinds)) >= 1
