"""Breaches against SLA targets in both directions, breach runs, and the KPI CSV format."""

from datetime import date
from decimal import Decimal as D

import pytest

from contracts import kpis

RULES = {
    "service_level": kpis.MetricRule(D(0), D(100)),
    "asa": kpis.MetricRule(D(0), None),
}


@pytest.mark.parametrize(
    ("value", "target", "direction", "breached"),
    [
        (D("79.9"), D("80"), kpis.HIGHER, True),  # service level below target
        (D("80"), D("80"), kpis.HIGHER, False),  # meeting it exactly is not a breach
        (D("91"), D("80"), kpis.HIGHER, False),
        (D("5.1"), D("5"), kpis.LOWER, True),  # abandoned calls above target
        (D("5"), D("5"), kpis.LOWER, False),
        (D("2"), D("5"), kpis.LOWER, False),
        (D("400"), None, kpis.LOWER, False),  # watch only: no target, never breached
        (None, D("80"), kpis.HIGHER, False),  # nothing recorded
    ],
)
def test_breach_per_direction(value, target, direction, breached):
    assert kpis.is_breach(value, target, direction) is breached


def test_unknown_direction_is_an_error():
    with pytest.raises(ValueError):
        kpis.is_breach(D(1), D(2), "sideways")


def test_consecutive_breaches_count_the_latest_run():
    assert kpis.consecutive_breaches([True, False, True, True, True]) == 3
    assert kpis.consecutive_breaches([True, True, False]) == 0
    assert kpis.longest_breach_run([True, True, False, True]) == 2


def test_monthly_breach_run_is_broken_by_a_missing_month():
    points = [(date(2024, 11, 1), True), (date(2024, 12, 1), True), (date(2025, 1, 1), True)]
    assert kpis.monthly_breach_run(points) == 3  # across the year end
    gap = [(date(2024, 10, 1), True), (date(2024, 12, 1), True), (date(2025, 1, 1), True)]
    assert kpis.monthly_breach_run(gap) == 2


def test_parse_a_good_file():
    rows, errors = kpis.parse_kpi_csv(
        "period,metric,value\n2025-01,service_level,82.5\n2025-01,asa,31\n\n2025-02-01,ASA,29\n",
        RULES,
    )
    assert errors == []
    assert [(r.line, r.period, r.metric, r.value) for r in rows] == [
        (2, date(2025, 1, 1), "service_level", D("82.5")),
        (3, date(2025, 1, 1), "asa", D("31")),
        (5, date(2025, 2, 1), "asa", D("29")),
    ]


def test_a_month_after_the_latest_is_named_with_its_line():
    text = "period,metric,value\n2025-03,asa,31\n2025-04,asa,29\n"
    rows, errors = kpis.parse_kpi_csv(text, RULES, latest=date(2025, 3, 31))
    assert errors == ["Line 3, column period: 2025-04 has not started yet (latest month: 2025-03)."]
    rows, errors = kpis.parse_kpi_csv(text, RULES, latest=date(2025, 4, 1))
    assert errors == [] and len(rows) == 2


def test_values_are_kept_to_two_decimals_and_a_value_too_large_to_store_is_named():
    text = "period,metric,value\n2025-01,asa,31.555\n2025-02,asa,1e2\n2025-03,asa,123456789012\n"
    rows, errors = kpis.parse_kpi_csv(text, RULES)
    assert errors == ["Line 4, column value: '123456789012' is too large (at most 99,999,999.99)."]
    assert [r.value for r in rows] == [D("31.56"), D("100.00")]


def test_every_bad_line_is_named_with_its_column_and_reason():
    text = (
        "period,metric,value\n"
        "2025-01,service_level,82\n"
        "2025-13,service_level,80\n"  # line 3: no 13th month
        "2025-02,handle_time,300\n"  # line 4: not an SLA of this contract
        "2025-02,service_level,abc\n"  # line 5: not a number
        "2025-03,service_level,104\n"  # line 6: above 100 %
        "2025-01,service_level,81\n"  # line 7: repeats line 2
        "2025-04,asa\n"  # line 8: missing a column
        "2025-04,asa,-3\n"  # line 9: negative
    )
    rows, errors = kpis.parse_kpi_csv(text, RULES)
    assert errors == [
        "Line 3, column period: '2025-13' is not a valid month.",
        "Line 4, column metric: 'handle_time' is not one of this contract's SLAs "
        "(asa, service_level).",
        "Line 5, column value: 'abc' is not a number.",
        "Line 6, column value: 104 is above 100.",
        "Line 7, column metric: service_level for 2025-01 already given on line 2.",
        "Line 8: expected 3 columns (period, metric, value), got 2.",
        "Line 9, column value: -3 is below 0.",
    ]


def test_every_problem_of_one_row_is_reported_not_just_the_first():
    rows, errors = kpis.parse_kpi_csv("period,metric,value\n2025-1x,nps,lots\n", RULES)
    assert rows == []
    assert errors == [
        "Line 2, column period: '2025-1x' is not a month written as YYYY-MM.",
        "Line 2, column metric: 'nps' is not one of this contract's SLAs (asa, service_level).",
        "Line 2, column value: 'lots' is not a number.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("month,kpi,amount\n2025-01,asa,3\n", "Line 1: the header must be"),
        ("period,metric,value\n", "no KPI rows"),
    ],
)
def test_file_level_errors(text, message):
    rows, errors = kpis.parse_kpi_csv(text, RULES)
    assert rows == [] and message in errors[0]


HEAD = "period,metric,value\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (HEAD + '2025-01,asa,"' + "9" * 200_000 + '"\n', "Line 2: cannot read the row (field"),
        (HEAD + "2025-01,service_level,8\x002\n", "Line 2, column value: the cell contains a NUL"),
        (HEAD + "2025-01,asa\x00,5\n", "Line 2, column metric: the cell contains a NUL"),
        (HEAD + "2025-01," + "m" * 500 + ",5\n", "Line 2, column metric: the cell is longer than"),
        (HEAD + "2025-01,asa,99999999.995\n", "Line 2, column value: '99999999.995' is too large"),
        (HEAD + "2025-01,asa,1e999999999\n", "Line 2, column value: '1e999999999' is too large"),
    ],
)
def test_a_file_or_cell_the_import_cannot_take_is_a_line_message(text, message):
    rows, errors = kpis.parse_kpi_csv(text, RULES)
    assert rows == []
    assert errors and errors[0].startswith(message)


def test_a_bare_carriage_return_ends_a_row_as_a_line_feed_does():
    rows, errors = kpis.parse_kpi_csv("period,metric,value\r2025-01,asa,5\r2025-02,asa,6\r", RULES)
    assert errors == []
    assert [(r.line, r.value) for r in rows] == [(2, D("5.00")), (3, D("6.00"))]


def test_a_quoted_cell_over_two_lines_keeps_the_next_rows_line_number():
    text = 'period,metric,value\n2025-01,asa,"5"\n2025-02,"as\na",6\n2025-03,asa,x\n'
    _, errors = kpis.parse_kpi_csv(text, RULES)
    assert errors[-1] == "Line 5, column value: 'x' is not a number."


def test_the_value_column_is_a_parameter():
    column = kpis.ValueColumn(max_digits=4, decimal_places=1)
    rows, errors = kpis.parse_kpi_csv(HEAD + "2025-01,asa,999.94\n", RULES, column=column)
    assert [r.value for r in rows] == [D("999.9")]
    _, errors = kpis.parse_kpi_csv(HEAD + "2025-01,asa,999.95\n", RULES, column=column)
    assert errors == ["Line 2, column value: '999.95' is too large (at most 999.9)."]


# --- A feed's JSON rows ---------------------------------------------------------


def test_feed_rows_are_read_as_the_csv_reads_its_lines():
    rows, errors = kpis.parse_kpi_rows(
        [
            {"metric": "Service_Level", "month": "2025-03", "value": 82.555},
            {"metric": "asa", "month": "2025-03-01", "value": "41"},
        ],
        RULES,
        latest=date(2025, 4, 15),
    )
    assert errors == []
    assert [(r.line, r.period, r.metric, r.value) for r in rows] == [
        (1, date(2025, 3, 1), "service_level", D("82.56")),  # rounded as stored
        (2, date(2025, 3, 1), "asa", D("41")),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"metric": "asa", "month": 202503, "value": 1}, "Row 1, field month: must be text"),
        ({"metric": "asa", "month": "2025-03", "value": "x" * 101}, "longer than 100 characters"),
        ({"metric": "asa", "month": "2025-03", "value": float("nan")}, "'nan' is not a number"),
        ({"metric": "asa", "month": "2025-03", "value": 1e20}, "is too large"),
        ({"metric": None, "month": "2025-03", "value": 1}, "Row 1, field metric: missing."),
        ({"metric": "asa", "month": "2025-03", "value": [1]}, "is not a number"),
    ],
)
def test_each_bad_feed_field_is_named(row, message):
    rows, errors = kpis.parse_kpi_rows([row], RULES)
    assert rows == []
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize("items", [None, "rows", {"rows": []}, []])
def test_feed_without_a_list_of_rows_is_refused(items):
    rows, errors = kpis.parse_kpi_rows(items, RULES)
    assert rows == [] and len(errors) == 1


def test_feed_over_the_row_limit_is_refused_whole():
    item = {"metric": "asa", "month": "2025-03", "value": 1}
    _, errors = kpis.parse_kpi_rows([item] * (kpis.MAX_CSV_ROWS + 1), RULES)
    assert errors == [f"Too many rows: {kpis.MAX_CSV_ROWS + 1} (at most {kpis.MAX_CSV_ROWS})."]
