"""Contract date arithmetic: month ends, leap years, renewals, notice and reminders."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contracts import deadlines as d


def _terms(start, months=12, *, auto_renew=True, renewal=12, notice=90):
    return d.Terms(start, months, auto_renew, renewal, notice)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2024, 1, 1), 12, date(2024, 12, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day: no 29 Feb in 2025
        (date(2024, 2, 29), 48, date(2028, 2, 28)),  # 2028 has a 29 Feb again
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap February runs to its end
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2024, 1, 29), 1, date(2024, 2, 28)),
        (date(2024, 11, 15), 3, date(2025, 2, 14)),  # across the year end
        (date(2023, 3, 1), 12, date(2024, 2, 29)),  # ends on a leap day
    ],
)
def test_term_end(start, months, end):
    assert d.term_end(start, months) == end


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 1, 15), -14, date(2023, 11, 15)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert d.add_months(day, months) == expected


def test_term_must_last_a_month():
    with pytest.raises(ValueError):
        d.term_end(date(2024, 1, 1), 0)


def test_notice_deadline_counts_back_from_the_last_day_of_the_term():
    # 12 months from 1 Jan 2024 end on 31 Dec 2024; 90 days before is 2 Oct 2024.
    assert d.notice_deadline(date(2024, 12, 31), 90) == date(2024, 10, 2)
    # Across February: its 29th day in a leap year moves the deadline by one.
    assert d.notice_deadline(date(2024, 3, 31), 60) == date(2024, 1, 31)
    assert d.notice_deadline(date(2025, 3, 31), 60) == date(2025, 1, 30)


def test_notice_longer_than_any_initial_term_of_that_length_is_refused():
    # 12 months from 1 Mar 2024 end on 28 Feb 2025; 373 days before is 21 Feb 2024.
    assert d.notice_too_long(date(2024, 3, 1), 12, 372) is None
    assert d.notice_too_long(date(2024, 3, 1), 12, 373) == (
        "373 days' notice is longer than the 12-month initial term (2024-03-01 to 2025-02-28): "
        "the last day to give notice would be 2024-02-21, before the contract starts."
    )
    # A rolling monthly contract with 30 days' notice is a real clause, even from 31 Jan.
    assert d.notice_too_long(date(2024, 1, 31), 1, 30) is None
    assert d.notice_too_long(date(2024, 1, 31), 1, 32) is not None


def test_renewal_terms_are_chained_day_after_day():
    t = _terms(date(2024, 1, 31), 1, renewal=1)
    first, second, third = [term for _, term in zip(range(3), d.terms(t), strict=False)]
    assert (first.start, first.end) == (date(2024, 1, 31), date(2024, 2, 29))
    assert (second.start, second.end) == (date(2024, 3, 1), date(2024, 3, 31))
    assert (third.start, third.end) == (date(2024, 4, 1), date(2024, 4, 30))


def test_current_term_rolls_over_with_automatic_renewal():
    t = _terms(date(2024, 2, 29), 12, renewal=12)
    assert d.current_term(t, date(2024, 1, 1)).number == 1  # before the start
    assert d.current_term(t, date(2025, 2, 28)).end == date(2025, 2, 28)
    term = d.current_term(t, date(2025, 3, 1))
    assert (term.number, term.start, term.end) == (2, date(2025, 3, 1), date(2026, 2, 28))


def test_without_renewal_the_contract_ends():
    t = _terms(date(2024, 1, 1), 12, auto_renew=False)
    assert d.current_term(t, date(2024, 12, 31)).number == 1
    assert d.current_term(t, date(2025, 1, 1)) is None
    assert d.next_notice_deadline(t, date(2024, 12, 1)) is None


def test_next_notice_deadline_moves_to_the_renewal_once_passed():
    t = _terms(date(2024, 1, 1), 12, notice=90)
    assert d.next_notice_deadline(t, date(2024, 10, 2)).date == date(2024, 10, 2)  # today counts
    later = d.next_notice_deadline(t, date(2024, 10, 3))
    assert later.date == date(2025, 10, 2) and later.term.number == 2


def test_days_left():
    assert d.days_left(date(2024, 3, 1), date(2024, 2, 28)) == 2  # leap day in between
    assert d.days_left(date(2024, 3, 1), date(2024, 3, 2)) == -1


def test_upcoming_deadlines_within_the_horizon():
    t = _terms(date(2024, 1, 1), 12, notice=90)
    found = d.upcoming_deadlines(t, date(2024, 9, 2), 120)  # up to 31 Dec, included
    assert [(x.kind, x.date) for x in found] == [
        (d.NOTICE, date(2024, 10, 2)),
        (d.TERM_END, date(2024, 12, 31)),
    ]
    assert [x.kind for x in d.upcoming_deadlines(t, date(2024, 9, 1), 120)] == [d.NOTICE]
    assert d.upcoming_deadlines(t, date(2024, 1, 1), 120) == []


def test_reminder_dates_are_90_30_and_7_days_before():
    assert d.reminder_dates(date(2024, 3, 31)) == [
        date(2024, 1, 1),
        date(2024, 3, 1),
        date(2024, 3, 24),
    ]


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2024, 1, 1), None),  # 91 days before
        (date(2024, 1, 2), 90),
        (date(2024, 2, 15), 90),
        (date(2024, 3, 2), 30),
        (date(2024, 3, 25), 7),
        (date(2024, 4, 1), 7),  # the deadline itself
        (date(2024, 4, 2), None),  # past
    ],
)
def test_due_reminder_is_the_most_urgent_threshold_reached(today, due):
    assert d.due_reminder(date(2024, 4, 1), today) == due


def test_reminders_due_for_notice_and_term_end():
    t = _terms(date(2024, 1, 1), 12, notice=60)
    # Notice deadline 1 Nov 2024 (30 days ahead), term end 31 Dec 2024 (90 days ahead).
    due = d.reminders_due(t, date(2024, 10, 2))
    assert [(x.kind, x.date, n) for x, n in due] == [
        (d.NOTICE, date(2024, 11, 1), 30),
        (d.TERM_END, date(2024, 12, 31), 90),
    ]


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    months=st.integers(min_value=1, max_value=60),
)
def test_a_term_is_never_empty_and_the_next_one_follows_it(start, months):
    end = d.term_end(start, months)
    assert end >= start
    # The term covers at least (months - 1) whole months and at most months + a few days.
    assert d.add_months(start, months - 1) <= end + timedelta(days=1)
    assert end < d.add_months(start, months) + timedelta(days=4)
