"""The test-call plan's arithmetic, worked by hand: the share between channels, the
spread over open hours and languages, the turns of the team and the fill."""

from datetime import datetime

from contracts import test_call_plan as plan
from contracts.test_call_plan import ChannelSlots, PlannedRef
from portal import week


def _even(open_hours) -> tuple:
    """An even week over ``open_hours``, as the plan reads a flat arrival pattern."""
    return plan.weekly_hours(week.normalized_profile((1.0,) * 168, open_hours))


BUSINESS = _even(week.BUSINESS_HOURS)
ALL_WEEK = _even(week.ALL_WEEK)


def test_business_hours_are_nine_to_six_monday_to_friday():
    hours = BUSINESS
    assert len(hours) == 45
    assert {day for day, _, _ in hours} == {0, 1, 2, 3, 4}
    assert {hour for _, hour, _ in hours} == set(range(9, 18))


def test_around_the_clock_is_every_hour_of_the_week():
    assert len(ALL_WEEK) == 168


def test_the_arrival_pattern_weights_the_hours_and_hours_without_contacts_get_no_call():
    shares = [0.0] * 168
    shares[9], shares[10] = 0.75, 0.25  # Monday 09:00 and 10:00 only
    assert plan.weekly_hours(shares) == ((0, 9, 0.75), (0, 10, 0.25))
    # Sixteen calls over December 2026's four Mondays: three at 09:00 for one at 10:00.
    moments = plan.spread(plan.month_hours(2026, 12, plan.weekly_hours(shares)), 16)
    assert [moment.hour for moment in moments].count(9) == 12
    assert {moment.day for moment in moments} == {7, 14, 21, 28}


def test_calls_are_shared_by_volume_with_the_largest_remainders():
    # 9,000 phone and 3,000 e-mail and 1,000 chat contacts: 10 x 9/13 = 6.92, 2.31, 0.77.
    assert plan.share_calls(10, [9000, 3000, 1000]) == [7, 2, 1]
    assert plan.share_calls(10, [1, 1, 1]) == [4, 3, 3]  # ties go to the earlier channel
    assert plan.share_calls(4, [0, 0]) == [2, 2]
    assert plan.share_calls(0, [5]) == [0]


def test_a_month_of_business_hours_spreads_the_calls_through_the_month():
    # December 2026 has 23 weekdays of 9 open hours: 207 hours, even weight.
    hours = plan.month_hours(2026, 12, BUSINESS)
    assert len(hours) == 23 * 9
    moments = plan.spread(hours, 3)
    # The 34th, 104th and 173rd open hours (at 1/6, 3/6, 5/6 of the month's weight).
    assert moments == [hours[34][0], hours[103][0], hours[172][0]]
    assert all(m.weekday() < 5 for m in moments)
    assert moments[0].day < 10 < moments[1].day < 20 < moments[2].day


def test_a_busier_hour_gets_more_calls():
    # Two open hours a week, Monday 9 (weight 3) and Monday 10 (weight 1).
    hours = plan.month_hours(2026, 12, [(0, 9, 3.0), (0, 10, 1.0)])
    # Four Mondays in December 2026: 16 units of weight, one call per unit.
    moments = plan.spread(hours, 16)
    assert sum(m.hour == 9 for m in moments) == 12
    assert sum(m.hour == 10 for m in moments) == 4


def test_the_plan_takes_languages_and_members_in_turn():
    channels = [
        ChannelSlots("inbound_phone", 9000, ("English", "Spanish"), BUSINESS),
        ChannelSlots("email", 1000, ("English",), ALL_WEEK),
    ]
    slots = plan.plan_month(2026, 12, 10, channels, team_size=3)
    assert [s.position for s in slots] == list(range(1, 11))
    assert sorted(s.suggested_at for s in slots) == [s.suggested_at for s in slots]
    phone = [s for s in slots if s.channel == "inbound_phone"]
    assert len(phone) == 9
    assert [s.language for s in phone].count("English") == 5
    assert [s.language for s in phone].count("Spanish") == 4
    # Round robin from (2026 * 12 + 12) % 3 = 0: 0, 1, 2, 0, ...
    assert [s.assignee for s in slots] == [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]


def test_no_team_means_nobody_assigned():
    channels = [ChannelSlots("chat", 10, (), BUSINESS)]
    slots = plan.plan_month(2026, 12, 2, channels, team_size=0)
    assert [s.assignee for s in slots] == [None, None]
    assert [s.language for s in slots] == ["", ""]


def test_calls_fill_linked_slots_then_the_first_open_one_of_their_channel():
    planned = [
        PlannedRef(1, "inbound_phone", None),
        PlannedRef(2, "inbound_phone", 50),  # logged from the plan
        PlannedRef(3, "email", None),
        PlannedRef(4, "inbound_phone", None),
    ]
    calls = [(50, "inbound_phone"), (51, "inbound_phone"), (52, "chat"), (53, "email")]
    filled, extra = plan.plan_fill(planned, calls)
    assert filled == {2: 50, 1: 51, 3: 53}
    assert extra == [52]


def test_a_month_ends_where_it_ends():
    hours = plan.month_hours(2027, 2, ALL_WEEK)
    assert hours[0][0] == datetime(2027, 2, 1, 0)
    assert hours[-1][0] == datetime(2027, 2, 28, 23)
