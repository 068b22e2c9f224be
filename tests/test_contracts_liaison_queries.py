"""Reads of the liaison log: what is open and what is overdue, counted one way."""

from datetime import date

from contracts.liaison.queries import follow_up_counts, open_follow_ups, overdue_follow_ups
from tests.factories_contracts import FollowUpActionFactory, LiaisonEntryFactory


def test_overdue_means_open_and_due_before_today_wherever_it_is_counted(
    engagement, member, django_assert_num_queries
):
    entry = LiaisonEntryFactory(engagement=engagement)
    today = date(2025, 3, 10)
    FollowUpActionFactory(entry=entry, owner=member, due_date=date(2025, 3, 9))  # overdue
    FollowUpActionFactory(entry=entry, owner=member, due_date=today)  # due today: not yet
    FollowUpActionFactory(entry=entry, owner=member, due_date=date(2025, 3, 1), done=True)
    with django_assert_num_queries(1):
        counts = follow_up_counts(engagement, today)
    assert (counts.open, counts.overdue) == (2, 1)
    assert [a.due_date for a in overdue_follow_ups(member, today)] == [date(2025, 3, 9)]
    assert [(a.due_date, a.late) for a in open_follow_ups(engagement, today)] == [
        (date(2025, 3, 9), True),
        (today, False),
    ]
