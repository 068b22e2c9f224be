"""Contract date arithmetic: terms, renewals, notice deadlines and reminder dates.

Pure Python (no Django) so views, the reminder task and the PDF share one answer.

Conventions, written once here because every date shown depends on them:

- A term of N months that starts on day D runs up to and including the day
  before day D, N months later. When that later month has no day D (a term
  starting on 31 January or 29 February), the term runs to the end of that
  month: 2024-01-31 + 1 month ends 2024-02-29, 2024-02-29 + 12 months ends
  2025-02-28, 2024-01-01 + 12 months ends 2024-12-31.
- A renewal term starts the day after the previous term ends (terms are
  chained, so after a short first month the renewals follow calendar months).
- The last day to give notice is the term's last day minus the notice period
  in days: notice given that day still leaves the full period before the term
  ends. Giving it later means the contract renews (or, without automatic
  renewal, runs to its end without the agreed notice).
- Reminders go out 90, 30 and 7 days before each deadline. If the job missed a
  day, the most urgent reminder still due is sent (never an older one).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from portal.wording import counted

REMINDER_DAYS = (90, 30, 7)
NOTICE = "notice"
TERM_END = "term_end"
KIND_LABELS = {NOTICE: "Last day to give notice", TERM_END: "Term ends"}
# Safety stop for automatic renewal: never walk more terms than this.
_MAX_TERMS = 1200


@dataclass(frozen=True)
class Terms:
    start: date
    initial_months: int
    auto_renew: bool
    renewal_months: int
    notice_days: int


@dataclass(frozen=True)
class Term:
    number: int  # 1 for the initial term, 2 for the first renewal...
    start: date
    end: date  # last day in force


@dataclass(frozen=True)
class Deadline:
    kind: str  # NOTICE or TERM_END
    date: date
    term: Term

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    """The last day of a term of ``months`` months starting on ``start``."""
    if months < 1:
        raise ValueError("A term lasts at least one month.")
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if start.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, start.day) - timedelta(days=1)


def notice_deadline(end: date, notice_days: int) -> date:
    return end - timedelta(days=notice_days)


# Start dates the arithmetic accepts: terms (up to 120 months) and their renewals
# stay far inside the calendar's year 9999, so no page can fail on a typo like 9025.
EARLIEST_START = date(1990, 1, 1)
LATEST_START = date(2100, 12, 31)


def start_problem(start: date) -> str | None:
    """Why ``start`` cannot be a contract's start date, or None when it can."""
    if EARLIEST_START <= start <= LATEST_START:
        return None
    return (
        f"Give a start date between {EARLIEST_START:%Y-%m-%d} and {LATEST_START:%Y-%m-%d} "
        f"({start:%Y-%m-%d} is out of range)."
    )


def notice_too_long(start: date, initial_months: int, notice_days: int) -> str | None:
    """Why a notice period cannot fit the initial term, or None when it does.

    Notice longer than any term of that many months (31 days a month) would fall
    due before the contract starts: a typing slip (days for months) more often
    than a real clause. A rolling monthly contract with 30 days' notice stays
    possible, even when its first month is a 29-day February.
    """
    if notice_days <= 31 * initial_months:
        return None
    end = term_end(start, initial_months)
    deadline = notice_deadline(end, notice_days)
    return (
        f"{counted(notice_days, "day's", "days'")} notice is longer than the "
        f"{initial_months}-month initial term "
        f"({start:%Y-%m-%d} to {end:%Y-%m-%d}): the last day to give notice would be "
        f"{deadline:%Y-%m-%d}, before the contract starts."
    )


def terms(t: Terms) -> Iterator[Term]:
    """The initial term, then (with automatic renewal) every renewal term."""
    start, months, number = t.start, t.initial_months, 1
    while True:
        term = Term(number, start, term_end(start, months))
        yield term
        if not t.auto_renew or number >= _MAX_TERMS:
            return
        start, months, number = term.end + timedelta(days=1), t.renewal_months, number + 1


def current_term(t: Terms, today: date) -> Term | None:
    """The term in force today (the first one before the start); None once it has ended."""
    for term in terms(t):
        if term.end >= today:
            return term
    return None


def term_deadlines(t: Terms, term: Term) -> list[Deadline]:
    return [
        Deadline(NOTICE, notice_deadline(term.end, t.notice_days), term),
        Deadline(TERM_END, term.end, term),
    ]


def next_notice_deadline(t: Terms, today: date) -> Deadline | None:
    """The next day by which notice can still be given (today counts)."""
    for term in terms(t):
        deadline = term_deadlines(t, term)[0]
        if deadline.date >= today:
            return deadline
    return None


def upcoming_deadlines(t: Terms, today: date, horizon_days: int) -> list[Deadline]:
    """Deadlines from today to ``horizon_days`` ahead (both included), soonest first."""
    last = today + timedelta(days=horizon_days)
    found = []
    for term in terms(t):
        if term.end - timedelta(days=t.notice_days) > last:
            break
        found.extend(d for d in term_deadlines(t, term) if today <= d.date <= last)
    return sorted(found, key=lambda d: (d.date, d.kind))


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def reminder_dates(deadline: date, days_before: tuple[int, ...] = REMINDER_DAYS) -> list[date]:
    return [deadline - timedelta(days=n) for n in days_before]


def due_reminder(deadline: date, today: date, days_before=REMINDER_DAYS) -> int | None:
    """Which reminder (90, 30 or 7 days before) is due today for this deadline, if any.

    The most urgent threshold already reached, so a job that missed a day still
    sends one reminder and never an outdated one. None before the first
    threshold and after the deadline.
    """
    left = days_left(deadline, today)
    if left < 0:
        return None
    reached = [n for n in days_before if left <= n]
    return min(reached) if reached else None


def reminders_due(t: Terms, today: date, days_before=REMINDER_DAYS) -> list[tuple[Deadline, int]]:
    """(deadline, days before) for every reminder due today."""
    horizon = max(days_before)
    due = []
    for deadline in upcoming_deadlines(t, today, horizon):
        threshold = due_reminder(deadline.date, today, days_before)
        if threshold is not None:
            due.append((deadline, threshold))
    return due
