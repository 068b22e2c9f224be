"""Steps 5-7 on the engagement page: their state and summary, and what needs attention."""

import datetime

from django.urls import reverse
from django.utils import timezone

from contracts.deadlines import days_left, next_notice_deadline
from contracts.models import Contract, ExitPlan
from tests.factories_contracts import ContractFactory, FollowUpActionFactory, LiaisonEntryFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_navigator_shows_steps_5_to_7(member_client, engagement, member):
    ContractFactory(engagement=engagement, notice_period_days=30)
    ExitPlan.objects.create(engagement=engagement, hiring_lead_days=60, training_lead_days=30)
    LiaisonEntryFactory(engagement=engagement)
    page = member_client.get(engagement.get_absolute_url()).text
    assert "1 log entry" in page
    assert (
        "Notice 30 days · exit plan: not ready · notice shorter than the in-house lead time" in page
    )
    assert url("monitoring", engagement) in page


def test_engagement_page_flags_overdue_actions_and_the_next_notice_deadline(
    member_client, engagement, member
):
    today = timezone.localdate()
    # A 12-month term from 300 days ago with 30 days' notice: the deadline is ~35 days away.
    ContractFactory(
        engagement=engagement,
        start_date=today - datetime.timedelta(days=300),
        initial_term_months=12,
        notice_period_days=30,
    )
    entry = LiaisonEntryFactory(engagement=engagement)
    for days in (2, 9):
        FollowUpActionFactory(
            entry=entry, owner=member, due_date=today - datetime.timedelta(days=days)
        )
    FollowUpActionFactory(entry=entry, owner=member, due_date=today + datetime.timedelta(days=5))
    page = member_client.get(engagement.get_absolute_url()).text
    liaison = url("liaison-list", engagement)
    assert f'href="{liaison}?open=on">2 follow-up actions overdue</a>' in page
    contract = Contract.objects.get()
    notice = next_notice_deadline(contract.terms, today)
    expected = (
        f"Next notice deadline {notice.date:%Y-%m-%d} ({days_left(notice.date, today)} days left)"
    )
    assert expected in page
    assert url("contract-detail", engagement) in page


def test_engagement_page_has_no_flags_when_nothing_is_due(member_client, engagement, member):
    entry = LiaisonEntryFactory(engagement=engagement)
    FollowUpActionFactory(
        entry=entry, owner=member, due_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    page = member_client.get(engagement.get_absolute_url()).text
    assert "overdue</a>" not in page and "Next notice deadline" not in page
