"""Hour-by-hour staffing over a week (portal/week.py)."""

import pytest

from portal import staffing, week

WEEKDAY_HOURS = [day * 24 + hour for day in range(5) for hour in range(8, 20)]
OPEN = [hour in WEEKDAY_HOURS for hour in range(168)]  # Monday to Friday, 08:00-20:00


def _peaked():
    """A weekday curve: a morning peak at 10:00 and a smaller one at 14:00."""
    shape = {8: 3, 9: 8, 10: 12, 11: 10, 12: 6, 13: 7, 14: 9, 15: 7, 16: 5, 17: 4, 18: 2, 19: 1}
    return [shape.get(hour % 24, 0) if hour in WEEKDAY_HOURS else 0 for hour in range(168)]


def _staff(calls, **kwargs):
    kwargs = {"aht_seconds": 300, "target": 0.8, "answer_within_seconds": 20} | kwargs
    return week.staff_week(calls, **kwargs)


def test_hourly_calls_keep_the_weeks_volume_and_skip_closed_hours():
    calls = week.hourly_calls(6_000, [1] * 168, OPEN)
    assert sum(calls) == pytest.approx(6_000)
    assert all(calls[hour] == 0 for hour in range(168) if not OPEN[hour])
    assert calls[WEEKDAY_HOURS[0]] == pytest.approx(100)


@pytest.mark.parametrize("profile", [[1] * 168, _peaked()])
def test_hour_by_hour_never_staffs_more_than_the_busiest_hour_all_week(profile):
    calls = week.hourly_calls(6_000, profile, OPEN)
    staffed = _staff(calls, open_hours=OPEN)
    busiest = max(staffed.agents)
    assert staffed.seat_hours == sum(staffed.agents)
    assert staffed.seat_hours <= busiest * sum(OPEN)
    for hour, agents in enumerate(staffed.agents):
        if OPEN[hour]:
            expected = staffing.agents_for_service_level(calls[hour], 300, 0.8, 20)
            assert agents == max(1, expected)
        else:
            assert agents == 0
    assert staffed.service_level >= 0.8
    assert staffed.abandon_rate is None


def test_a_peaked_week_saves_seat_hours_over_its_busiest_hour():
    flat = _staff(week.hourly_calls(6_000, [1] * 168, OPEN), open_hours=OPEN)
    peaked = _staff(week.hourly_calls(6_000, _peaked(), OPEN), open_hours=OPEN)
    # A flat week needs its one hour's agents all week; a peaked one needs more at the
    # peak, but well under that peak through every open hour.
    assert len({flat.agents[hour] for hour in WEEKDAY_HOURS}) == 1
    assert max(peaked.agents) > max(flat.agents)
    assert peaked.seat_hours < max(peaked.agents) * sum(OPEN)


def test_open_hours_without_calls_keep_one_agent_and_closed_hours_none():
    calls = [0.0] * 168
    calls[10] = 50
    staffed = _staff(calls, open_hours=[hour < 24 for hour in range(168)])
    assert staffed.agents[:24].count(1) == 23 and staffed.agents[10] > 1
    assert staffed.agents[24:] == (0,) * 144
    assert staffed.seat_hours == 23 + staffed.agents[10]


def test_chat_divides_handle_time_by_concurrency():
    calls = week.hourly_calls(20_000, _peaked(), OPEN)
    chat = _staff(calls, aht_seconds=600, concurrency=3, open_hours=OPEN)
    same = _staff(calls, aht_seconds=200, open_hours=OPEN)
    one_at_a_time = _staff(calls, aht_seconds=600, open_hours=OPEN)
    assert chat.agents == same.agents
    assert chat.seat_hours < one_at_a_time.seat_hours


def test_callers_who_hang_up_give_a_week_abandon_rate():
    calls = week.hourly_calls(6_000, _peaked(), OPEN)
    staffed = _staff(calls, patience_seconds=120, open_hours=OPEN)
    assert staffed.service_level >= 0.8
    assert 0 < staffed.abandon_rate < 0.1
    busiest = max(range(168), key=calls.__getitem__)
    assert staffed.agents[busiest] == staffing.agents_for_service_level(
        calls[busiest], 300, 0.8, 20, patience_seconds=120
    )


def test_a_week_around_the_clock_at_scale():
    calls = week.hourly_calls(168 * 60_000, [1] * 168)
    staffed = _staff(calls, patience_seconds=180)
    assert len(set(staffed.agents)) == 1 and 4_000 < staffed.agents[0] < 5_100
    assert 0.8 <= staffed.service_level <= 1 and 0 < staffed.abandon_rate < 1


def test_a_closed_week_needs_no_one():
    staffed = _staff([0] * 168, open_hours=[False] * 168, patience_seconds=60)
    assert staffed == week.WeekStaffing((0,) * 168, 0, 1.0, 0.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: _staff([1] * 167), "168"),
        (lambda: _staff("x" * 168), "list of 168"),
        (lambda: _staff([1] * 167 + [-1]), r"Sunday 23:00 cannot be negative"),
        (lambda: _staff([1] * 167 + [float("nan")]), "finite"),
        (lambda: _staff([1] * 168, open_hours=[False] * 168), "Monday 00:00 is closed"),
        (lambda: _staff([1] * 168, concurrency=0.5), "at least one"),
        (lambda: _staff([1] * 168, target=1.0), "between 0 and 1"),
        (lambda: _staff([0] * 168, open_hours=[False] * 168, patience_seconds=0), "patience"),
        (lambda: _staff([1] * 168, aht_seconds=0), "above zero"),
        (lambda: week.hourly_calls(100, [0] * 168), "no share"),
        (lambda: week.hourly_calls(-1, [1] * 168), "zero or more"),
        (lambda: week.hourly_calls(100, [1] * 168, open_hours=[True]), "168"),
    ],
)
def test_bad_weeks_are_refused_with_the_hour_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_hour_names():
    assert week.hour_name(0) == "Monday 00:00"
    assert week.hour_name(37) == "Tuesday 13:00"
    assert week.hour_name(167) == "Sunday 23:00"


def test_business_hours_and_all_week():
    assert sum(week.BUSINESS_HOURS) == 45 and sum(week.ALL_WEEK) == 168
    assert week.business_hour(9) and week.business_hour(4 * 24 + 17)
    assert not week.business_hour(8) and not week.business_hour(18)
    assert not week.business_hour(5 * 24 + 10)  # Saturday 10:00


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("business hours", week.BUSINESS_HOURS),
        ("  Business Hours ", week.BUSINESS_HOURS),
        ("24/7", week.ALL_WEEK),
        ([True] * 168, week.ALL_WEEK),
    ],
)
def test_open_hours_from_shorthands_and_lists(value, expected):
    assert week.open_hours_from(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("weekdays", '"business hours", "24/7"'),
        (70, "list of 168"),
        ([True] * 167, "168"),
        ([1] * 168, "Monday 00:00 must be true or false"),
    ],
)
def test_open_hours_from_refuses_anything_else(value, message):
    with pytest.raises(ValueError, match=message):
        week.open_hours_from(value)


def test_weekly_hours_become_a_shape_centered_on_the_business_day():
    assert week.open_hours_for_weekly_hours(45) == week.BUSINESS_HOURS
    assert week.open_hours_for_weekly_hours(168) == week.ALL_WEEK
    seventy = week.open_hours_for_weekly_hours(70)  # 14 hours a weekday: 07:00-21:00
    assert [h for h in range(24) if seventy[h]] == list(range(7, 21))
    assert not any(seventy[120:])
    forty = week.open_hours_for_weekly_hours(40)  # 8 hours a weekday: 10:00-18:00
    assert [h for h in range(24) if forty[h]] == list(range(10, 18))
    # Beyond 5 x 24: the weekdays around the clock, then Saturday, then Sunday.
    shape = week.open_hours_for_weekly_hours(130)
    assert all(shape[:120]) and sum(shape[120:144]) == 10 and not any(shape[144:])
    assert sum(week.open_hours_for_weekly_hours(47)) == 47
    with pytest.raises(ValueError, match="at most 168"):
        week.open_hours_for_weekly_hours(169)


@pytest.mark.parametrize("name", ["flat", "consumer", "night_trough"])
def test_built_in_profiles_share_the_open_hours(name):
    shares = week.profile_for(name, week.BUSINESS_HOURS)
    assert sum(shares) == pytest.approx(1)
    assert all(share == 0 for hour, share in enumerate(shares) if not week.BUSINESS_HOURS[hour])
    assert all(share > 0 for hour, share in enumerate(shares) if week.BUSINESS_HOURS[hour])


def test_the_consumer_week_peaks_late_morning_and_mid_afternoon_and_is_quieter_at_weekends():
    shares = week.profile_for("consumer", week.ALL_WEEK)
    monday = shares[:24]
    assert max(range(24), key=monday.__getitem__) in (10, 11)
    assert monday[15] > monday[13] and monday[15] > monday[17]
    assert sum(shares[120:144]) < sum(shares[:24]) and sum(shares[144:]) < sum(shares[120:144])
    night = week.profile_for("night_trough", week.ALL_WEEK)
    assert night[3] < night[11] / 5
    with pytest.raises(ValueError, match="built-in ones"):
        week.profile_for("retail", week.ALL_WEEK)
