"""Interval volumes from a phone system, read into a week's arrival profile."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from portal.planning import intervals

BUSINESS = tuple(h // 24 < 5 and 9 <= h % 24 < 18 for h in range(168))


def _week_by_start(first: date, weeks: int, volume_of, *, half_hours: bool = False) -> str:
    rows = ["start,volume"]
    for offset in range(weeks * 7):
        day = first + timedelta(days=offset)
        for hour in range(24):
            for minute in (0, 30) if half_hours else (0,):
                rows.append(f"{day:%Y-%m-%d} {hour:02d}:{minute:02d},{volume_of(day, hour)}")
    return "\n".join(rows) + "\n"


def test_a_flat_business_week_gives_each_business_hour_one_45th():
    text = _week_by_start(
        date(2026, 3, 2), 1, lambda day, hour: 10 if day.weekday() < 5 and 9 <= hour < 18 else 0
    )
    result = intervals.parse_intervals(text, open_hours=BUSINESS)
    assert result.errors == []
    assert result.shares[9] == pytest.approx(1 / 45)
    assert result.shares[0] == 0
    assert math.fsum(result.shares) == pytest.approx(1)
    assert result.contacts_per_week == pytest.approx(450)
    assert result.closed_with_volume == ()
    assert (result.weeks, result.interval_minutes) == (1, 60)


def test_half_hours_add_up_into_their_hour_and_weeks_are_averaged():
    # Two weeks: Monday 09:00 has 10 + 10 in the first week and 20 + 20 in the second.
    def volume(day, hour):
        if day.weekday() == 0 and hour == 9:
            return 10 if day < date(2026, 3, 9) else 20
        return 1 if hour == 12 else 0

    text = _week_by_start(date(2026, 3, 2), 2, volume, half_hours=True)
    result = intervals.parse_intervals(text)
    assert result.errors == []
    assert result.interval_minutes == 30 and result.weeks == 2
    assert result.weekly_contacts[9] == pytest.approx(30)  # (20 + 40) / 2 weeks
    assert result.weekly_contacts[12] == pytest.approx(2)
    assert result.contacts_per_week == pytest.approx(30 + 7 * 2)


def test_weekday_and_time_rows_are_averaged_over_the_weeks_given():
    text = "Weekday,Time,Calls\nMonday,09:00,10\nMon,9:00,30\nSunday,11:30 PM,4\n"
    result = intervals.parse_intervals(text, open_hours=BUSINESS)
    assert result.errors == []
    assert result.weeks == 2
    assert result.weekly_contacts[9] == pytest.approx(20)
    assert result.weekly_contacts[6 * 24 + 23] == pytest.approx(2)
    assert result.closed_with_volume == (6 * 24 + 23,)
    assert intervals.hour_range_names(result.closed_with_volume) == ["Sunday 23:00-24:00"]


def test_us_dates_are_read_month_first():
    rows = ["start,volume"] + [
        f"03/{2 + d:02d}/2026 9:00 AM,{5 if d == 0 else 1}" for d in range(7)
    ]
    result = intervals.parse_intervals("\n".join(rows))
    assert result.errors == []
    assert result.weekly_contacts[9] == 5  # 2026-03-02 is a Monday


def test_a_bare_carriage_return_ends_a_row():
    text = "weekday,time,volume\rMonday,09:00,3\rTuesday,10:00,1\r"
    result = intervals.parse_intervals(text)
    assert result.errors == []
    assert result.weekly_contacts[9] == 3 and result.weekly_contacts[34] == 1


def test_hour_ranges_join_runs_within_a_day():
    assert intervals.hour_range_names([130, 131, 132, 143, 144]) == [
        "Saturday 10:00-13:00",
        "Saturday 23:00-24:00",
        "Sunday 00:00-01:00",
    ]


HEAD = "weekday,time,volume\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("when,volume\nx,1\n", "Line 1: no interval start column"),
        ("start,count\n", "Line 1: no volume column"),
        ("start,volume,notes\n", "Line 1: unknown column(s) notes"),
        ("start,volume,volume\n", "Line 1: column(s) volume appear more than once"),
        ("start,volume\n", "The file has a header but no interval rows."),
        (HEAD + "Monday,09:00\n", "Line 2: expected 3 columns (weekday, time, volume), got 2."),
        (HEAD + "Funday,09:00,1\n", "Line 2, column weekday: 'Funday' is not a day"),
        (HEAD + "Monday,09:15,1\n", "Line 2, column time: '09:15' does not start an hour"),
        (HEAD + "Monday,25:00,1\n", "Line 2, column time: '25:00' is not a time of day"),
        (HEAD + "Monday,09:00,-1\n", "Line 2, column volume: '-1' is negative"),
        (HEAD + "Monday,09:00,\n", "Line 2, column volume: no volume"),
        (HEAD + "Monday,09:00,NaN\n", "Line 2, column volume: 'NaN' is not a number"),
        (HEAD + "Monday,09:00,1e999999999\n", "Line 2, column volume: '1e999999999' is too"),
        (HEAD + "Monday,09:00,0\n", "The file has no contacts in any interval."),
        (HEAD + "Monday,09:00,1\x002\n", "Line 2, column volume: the cell contains a NUL"),
        (HEAD + "Monday," + "9" * 500 + ",1\n", "Line 2, column time: the cell is longer than"),
        (HEAD + 'Monday,09:00,"' + "9" * 200_000 + '"\n', "Line 2: cannot read the row"),
        ("start,volume\n2026-03-02 09:00,1\n", "The file covers 1 day"),
        ("start,volume\n2026-02-30 09:00,1\n", "Line 2, column start: '2026-02-30 09:00' is not"),
        (
            "start,volume\n2026-03-02 09:00,1\n2026-03-02T09:00,2\n",
            "Line 3, column start: the interval 2026-03-02 09:00 is already given on line 2.",
        ),
        (
            "start,volume\n2020-03-02 09:00,1\n2026-03-02 09:00,1\n",
            "The file runs from 2020-03-02 to 2026-03-02",
        ),
    ],
)
def test_a_file_the_import_cannot_take_is_a_line_message(text, message):
    result = intervals.parse_intervals(text)
    assert result.shares is None
    assert result.errors and result.errors[0].startswith(message), result.errors


def test_every_bad_row_is_reported_at_once():
    result = intervals.parse_intervals(HEAD + "Monday,09:00,x\nTuesday,9:00,1\nSun,7,2\n")
    assert result.errors == [
        "Line 2, column volume: 'x' is not a number.",
        "Line 4, column time: '7' is not a time such as 09:30.",
    ]


def test_too_many_rows_stop_the_read():
    text = HEAD + "Monday,09:00,1\n" * (intervals.MAX_ROWS + 5)
    result = intervals.parse_intervals(text)
    assert result.errors[-1].startswith(f"Line {intervals.MAX_ROWS + 2}: too many rows")
