"""Monitoring (step 6): SLAs, a month's KPIs, the CSV import and the trend charts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.deadlines import add_months
from contracts.models import COMPUTED, KpiRecord, Metric, Sla
from contracts.monitoring.plan_queries import TEST_CALL_QUERIES
from contracts.monitoring.queries import PLAN_CHECK_QUERIES
from contracts.monitoring.review_queries import CADENCE_QUERIES
from contracts.standing import STANDING_QUERIES
from tests.factories_contracts import ExitTriggerFactory, KpiRecordFactory, SlaFactory


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_sla_create_and_watch_only_handle_time(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "aht", "target": "300", "direction": "lower", "unit": "s"},
    )
    assert response.status_code == 200 and "watched, never a target" in response.text
    assert Sla.objects.count() == 0
    member_client.post(
        url("sla-create", engagement), {"metric": "aht", "direction": "lower", "unit": "s"}
    )
    member_client.post(
        url("sla-create", engagement),
        {
            "metric": "service_level",
            "target": "80",
            "direction": "higher",
            "unit": "%",
            "answer_within_seconds": "20",
        },
    )
    page = member_client.get(url("monitoring", engagement)).text
    assert "watch only" in page and "Service level (20 s)" in page and "≥ 80 %" in page


def test_sla_bad_input(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "service_level", "target": "120", "direction": "higher", "unit": "%"},
    )
    assert "cannot exceed 100" in response.text
    assert "Say within how many seconds" in response.text
    assert Sla.objects.count() == 0


def test_the_metric_of_an_sla_with_kpis_cannot_change(member_client, engagement):
    sla = SlaFactory(engagement=engagement, metric="csat", target=85)
    KpiRecordFactory(sla=sla, value=Decimal("88"))
    response = member_client.post(
        url("sla-edit", engagement, pk=sla.pk),
        {"metric": "abandoned", "target": "5"},
    )
    assert response.status_code == 200
    assert "has KPIs recorded, which would be read as another metric&#x27;s" in response.text
    sla.refresh_from_db()
    assert (sla.metric, sla.target) == ("csat", Decimal("85"))
    # Its target can still change.
    response = member_client.post(
        url("sla-edit", engagement, pk=sla.pk), {"metric": "csat", "target": "90"}
    )
    assert response.status_code == 302
    sla.refresh_from_db()
    assert sla.target == Decimal("90")


def test_new_sla_takes_the_metrics_usual_direction_and_unit(member_client, engagement):
    form_page = member_client.get(url("sla-create", engagement)).text
    assert "The metric&#x27;s usual" in form_page or "The metric's usual" in form_page
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "abandoned", "target": "5", "direction": "", "unit": ""},
    )
    assert response.status_code == 302
    sla = Sla.objects.get()
    assert (sla.direction, sla.unit) == ("lower", "%")
    page = member_client.get(url("monitoring", engagement)).text
    assert "≤ 5 %" in page and "Lower is better" in page


@pytest.mark.parametrize(
    "post, field_message",
    [
        (
            {"metric": "abandoned", "target": "5", "direction": "higher", "unit": "%"},
            "For abandoned / dropped calls, lower is better",
        ),
        (
            {
                "metric": "service_level",
                "target": "80",
                "direction": "higher",
                "unit": "s",
                "answer_within_seconds": "20",
            },
            "Service level is measured in a percentage, not seconds.",
        ),
        (
            {"metric": "asa", "target": "30", "direction": "", "unit": "%"},
            "Average speed of answer is measured in seconds, not a percentage.",
        ),
        (
            {"metric": "csat", "target": "80", "direction": "lower", "unit": "pts"},
            "For customer satisfaction, higher is better",
        ),
    ],
)
def test_sla_contradicting_its_metric_is_refused(member_client, engagement, post, field_message):
    response = member_client.post(url("sla-create", engagement), post)
    assert response.status_code == 200
    assert field_message in response.text
    assert Sla.objects.count() == 0


def test_satisfaction_may_be_a_points_score(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "csat", "target": "4.2", "direction": "", "unit": "pts"},
    )
    assert response.status_code == 302
    assert member_client.get(url("monitoring", engagement)).text.count("≥ 4.2 pts") >= 1


def test_handle_time_stays_watch_only_whatever_the_direction(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement), {"metric": "aht", "target": "300", "direction": ""}
    )
    assert "watched, never a target" in response.text
    assert Sla.objects.count() == 0
    response = member_client.post(url("sla-create", engagement), {"metric": "aht"})
    assert response.status_code == 302
    assert "watch only" in member_client.get(url("monitoring", engagement)).text


def test_record_a_month(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-record", engagement), {"period": "2025-03", f"sla_{sla.pk}": "77.5"}
    )
    assert response.status_code == 302
    record = KpiRecord.objects.get()
    assert record.period == date(2025, 3, 1) and record.value == Decimal("77.5")
    bad = member_client.post(
        url("kpi-record", engagement), {"period": "2025-04", f"sla_{sla.pk}": "130"}
    )
    assert "Enter 100 or less." in bad.text
    assert KpiRecord.objects.count() == 1


def test_a_month_still_to_come_cannot_be_recorded(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    response = member_client.post(
        url("kpi-record", engagement), {"period": f"{next_month:%Y-%m}", f"sla_{sla.pk}": "75"}
    )
    assert response.status_code == 200
    assert (
        f"No KPIs can be recorded for {next_month:%Y-%m} has not started yet "
        f"(latest month: {today:%Y-%m})." in response.text
    )
    assert KpiRecord.objects.count() == 0


def test_a_month_before_1990_cannot_be_recorded_by_form_as_in_the_csv(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-record", engagement), {"period": "0001-01", f"sla_{sla.pk}": "75"}
    )
    assert "0001-01 is not a valid month (from 1990)." in response.text
    assert KpiRecord.objects.count() == 0


def _csv(text, name="kpis.csv"):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def test_kpi_csv_with_a_month_still_to_come_imports_nothing_and_names_the_line(
    member_client, engagement
):
    SlaFactory(engagement=engagement)
    today = timezone.localdate()
    this_month, next_month = today.replace(day=1), add_months(today.replace(day=1), 1)
    text = (
        f"period,metric,value\n{this_month:%Y-%m},service_level,82\n"
        f"{next_month:%Y-%m},service_level,75\n"
    )
    response = member_client.post(url("kpi-import", engagement), {"file": _csv(text)})
    assert "Nothing was imported: 1 problem to fix." in response.text
    assert f"Line 3, column period: {next_month:%Y-%m} has not started yet" in response.text
    assert KpiRecord.objects.count() == 0


def test_kpi_csv_import_shows_breaches(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement),
        {"file": _csv("period,metric,value\n2025-01,service_level,82\n2025-02,service_level,75\n")},
        follow=True,
    )
    assert "2 KPI value(s) imported" in response.text
    series = response.context["table"].series[0]
    assert series.breaches == 1 and series.consecutive == 1


def test_kpi_csv_with_a_bad_line_imports_nothing_and_names_it(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement),
        {"file": _csv("period,metric,value\n2025-01,service_level,82\n2025-02,nps,40\n")},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "Line 3, column metric: &#x27;nps&#x27; is not one of this contract&#x27;s SLAs" in (
        response.text
    )
    assert KpiRecord.objects.count() == 0


def test_kpi_csv_lists_every_problem_and_keeps_the_good_rows_out_too(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2025, 1, 1), value=Decimal("70"))
    response = member_client.post(
        url("kpi-import", engagement),
        {
            "file": _csv(
                "period,metric,value\n"
                "2025-01,service_level,90\n"  # good, but the file has errors: not applied
                "2025-02,service_level,81\n"  # good
                "2025-13,service_level,abc\n"  # two problems on one line
            )
        },
    )
    assert "Nothing was imported: 2 problems to fix." in response.text
    assert "Line 4, column period: &#x27;2025-13&#x27; is not a valid month." in response.text
    assert "Line 4, column value: &#x27;abc&#x27; is not a number." in response.text
    assert list(KpiRecord.objects.values_list("period", "value")) == [
        (date(2025, 1, 1), Decimal("70"))
    ]


def test_kpi_import_refuses_a_disguised_file(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement), {"file": _csv("<html><body>x</body></html>")}
    )
    assert "markup" in response.text and KpiRecord.objects.count() == 0


def test_kpi_import_refusal_does_not_speak_of_evidence(member_client, engagement):
    SlaFactory(engagement=engagement)
    upload = SimpleUploadedFile("kpis.csv", b"<html><script>x</script></html>", "text/csv")
    response = member_client.post(url("kpi-import", engagement), {"file": upload})
    assert "not accepted in a KPI file" in response.text
    assert "evidence" not in response.text.lower()
    assert KpiRecord.objects.count() == 0


def test_kpi_csv_value_too_large_to_store_imports_nothing_and_the_page_still_opens(
    member_client, engagement
):
    SlaFactory(engagement=engagement, metric="aht", target=None, direction="lower", unit="s")
    text = "period,metric,value\n2025-01,aht,300.555\n2025-02,aht,123456789012\n"
    response = member_client.post(url("kpi-import", engagement), {"file": _csv(text)})
    assert "Line 3, column value: &#x27;123456789012&#x27; is too large" in response.text
    assert KpiRecord.objects.count() == 0
    response = member_client.post(
        url("kpi-import", engagement), {"file": _csv("period,metric,value\n2025-01,aht,300.555\n")}
    )
    assert KpiRecord.objects.get().value == Decimal("300.56")
    assert member_client.get(url("monitoring", engagement)).status_code == 200


def test_kpi_page_query_count_with_36_months_of_8_metrics(
    member_client, engagement, member, django_assert_max_num_queries
):
    units = {"asa": "s", "aht": "s"}
    slas = [
        SlaFactory(
            engagement=engagement,
            metric=metric,
            target=None if metric == "aht" else Decimal("50"),
            unit=units.get(metric, "%"),
            answer_within_seconds=20 if metric == "service_level" else None,
        )
        for metric in Metric.values
        if metric not in COMPUTED
    ]
    assert len(slas) == 8
    KpiRecord.objects.bulk_create(
        KpiRecord(
            sla=sla,
            period=date(2023 + m // 12, m % 12 + 1, 1),
            value=Decimal(40 + (m * 7 + i) % 20),
            recorded_by=member,
        )
        for i, sla in enumerate(slas)
        for m in range(36)
    )
    # 10, the feed tokens and the recent KPI history (one query each), the vendor's
    # standing and re-assessment cadence, and the test-call plan (the vendor's
    # test calls and scores, the month's plan, its number a month).
    with django_assert_max_num_queries(
        12 + STANDING_QUERIES + CADENCE_QUERIES + TEST_CALL_QUERIES + PLAN_CHECK_QUERIES
    ):
        response = member_client.get(url("monitoring", engagement))
    assert response.status_code == 200
    assert len(response.context["table"].rows) == 36
    assert response.text.count("<svg") == 8


def test_a_chart_without_kpis_says_so_instead_of_describing_a_target_line(
    member_client, engagement
):
    with_data = SlaFactory(engagement=engagement)
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=5)
    KpiRecordFactory(sla=with_data)
    response = member_client.get(url("monitoring", engagement))
    assert response.text.count("Target line dashed; breached months in red.") == 1
    assert response.text.count("No KPI recorded for this SLA yet.") == 1


def test_outsider_cannot_see_a_delete_confirmation(outsider_client, engagement):
    sla = SlaFactory(engagement=engagement)
    assert outsider_client.get(url("sla-delete", engagement, pk=sla.pk)).status_code == 404
    assert Sla.objects.filter(pk=sla.pk).exists()


def test_the_monitoring_page_answers_only_get(member_client, engagement):
    assert member_client.delete(url("monitoring", engagement)).status_code == 405
    assert member_client.post(url("monitoring", engagement)).status_code == 405


def test_deleting_an_sla_asks_first_and_names_what_goes_with_it(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2025, 1, 1))
    KpiRecordFactory(sla=sla, period=date(2025, 2, 1))
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla)
    delete_url = url("sla-delete", engagement, pk=sla.pk)
    page = member_client.get(url("monitoring", engagement)).text
    assert f'href="{delete_url}">Delete</a>' in page  # a link, not a one-click form
    confirm = member_client.get(delete_url)
    assert confirm.status_code == 200
    assert "Delete SLA?" in confirm.text and "Service level (20 s)" in confirm.text
    assert "Its 2 KPI records will be deleted with it." in confirm.text
    assert "1 exit trigger condition watching it will be deleted." in confirm.text
    assert ">Delete SLA</button>" in confirm.text
    assert "Cancel, keep it" in confirm.text
    assert Sla.objects.filter(pk=sla.pk).exists()
    response = member_client.post(delete_url, follow=True)
    assert "SLA “Service level (20 s)” and its KPI records deleted." in response.text
    assert not Sla.objects.filter(pk=sla.pk).exists()
    assert KpiRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('period,metric,value\n2025-01,service_level,"' + "9" * 200_000 + '"\n', "Line 2: cannot"),
        (
            "period,metric,value\n" + "2025-01,service_level,80\n" * 3000 + "2025-02,s\x00,5\n",
            "Line 3002, column metric: the cell contains a NUL character.",
        ),
        ("period,metric,value\n2025-01,service_level,99999999.999\n", "is too large"),
    ],
)
def test_kpi_csv_the_column_cannot_hold_is_a_line_message_and_saves_nothing(
    member_client, engagement, text, message
):
    SlaFactory(engagement=engagement)
    response = member_client.post(url("kpi-import", engagement), {"file": _csv(text)})
    assert response.status_code == 200
    assert message in response.text
    assert KpiRecord.objects.count() == 0


@pytest.mark.parametrize(
    ("period", "value", "message"),
    [
        ("9999-12", "75", "has not started yet"),
        ("2025-01\x00", "75", "Enter a valid date"),
        ("2025-01", "99999999999999999999", "is too large: it must be below 100,000,000"),
        ("2025-01", "NaN", "Enter a number"),
        ("2025-01", "7\x005", "Enter a number"),
    ],
)
def test_kpi_month_input_the_column_cannot_hold_is_a_form_error(
    member_client, engagement, period, value, message
):
    sla = SlaFactory(engagement=engagement, metric="aht", target=None, unit="s")
    response = member_client.post(
        url("kpi-record", engagement), {"period": period, f"sla_{sla.pk}": value}
    )
    assert response.status_code == 200
    assert message in response.text
    assert KpiRecord.objects.count() == 0
