"""Open hours as the scope form edits them and the pages say them."""

import pytest

from portal import week
from portal.planning import hours
from portal.planning.hours import DaySpan


def test_business_hours_and_24_7_are_named_as_such():
    assert hours.describe(week.BUSINESS_HOURS) == "Monday-Friday 09:00-18:00"
    assert hours.describe(week.ALL_WEEK) == "24/7"
    assert hours.kind_of(week.BUSINESS_HOURS) == hours.BUSINESS
    assert hours.kind_of(list(week.ALL_WEEK)) == hours.ALL_WEEK


def test_days_with_the_same_hours_are_grouped_and_breaks_said():
    spans = [DaySpan(7, 21)] * 5 + [DaySpan(9, 13), None]
    open_hours = hours.from_day_spans(spans)
    assert hours.describe(open_hours) == "Monday-Friday 07:00-21:00; Saturday 09:00-13:00"
    assert hours.day_spans(open_hours) == spans
    assert hours.count(open_hours) == 74
    weekend = hours.from_day_spans([None] * 5 + [DaySpan(0, 24)] * 2)
    assert hours.describe(weekend) == "Monday-Friday closed; Saturday-Sunday around the clock"
    split = list(week.BUSINESS_HOURS)
    split[12] = False
    assert hours.describe(split).startswith("Monday 09:00-12:00 and 13:00-18:00; Tuesday-Friday")
    assert hours.day_spans(split)[0] == DaySpan(9, 18)
    assert hours.describe([False] * 168) == "Closed all week"


def test_a_day_that_closes_before_it_opens_is_refused():
    with pytest.raises(ValueError, match="Tuesday: the closing hour must be after"):
        hours.from_day_spans([None, DaySpan(10, 9)] + [None] * 5)
    with pytest.raises(ValueError, match="7 days"):
        hours.from_day_spans([None])
