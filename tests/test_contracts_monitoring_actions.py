"""Write operations of monitoring: SLAs and the KPIs recorded against them."""

from datetime import date
from decimal import Decimal

import pytest

from contracts.models import KpiRecord, Sla
from contracts.monitoring import actions
from contracts.monitoring.queries import kpi_table
from portal.errors import DomainError
from tests.factories_contracts import KpiRecordFactory, SlaFactory


@pytest.fixture
def slas(engagement):
    return {
        "service_level": SlaFactory(engagement=engagement),
        "abandoned": SlaFactory(
            engagement=engagement,
            metric="abandoned",
            target=Decimal(5),
            direction="lower",
            answer_within_seconds=None,
        ),
    }


def test_kpi_csv_imports_every_row(engagement, member, slas):
    KpiRecordFactory(sla=slas["service_level"], period=date(2025, 1, 1), value=Decimal(70))
    count = actions.kpi_import_csv(
        user=member,
        engagement=engagement,
        data=actions.KpiCsvInput(
            "period,metric,value\n2025-01,service_level,82\n2025-01,abandoned,6.5\n"
            "2025-02,service_level,78\n"
        ),
    )
    assert count == 3
    assert KpiRecord.objects.count() == 3
    assert KpiRecord.objects.get(sla=slas["service_level"], period=date(2025, 1, 1)).value == 82


def test_kpi_csv_with_one_bad_row_imports_nothing(engagement, member, slas):
    with pytest.raises(actions.KpiImportError) as caught:
        actions.kpi_import_csv(
            user=member,
            engagement=engagement,
            data=actions.KpiCsvInput(
                "period,metric,value\n2025-01,service_level,82\n2025-02,abandoned,lots\n"
            ),
        )
    assert caught.value.errors == ["Line 3, column value: 'lots' is not a number."]
    assert KpiRecord.objects.count() == 0


def test_breaches_are_computed_per_direction(engagement, member, slas):
    actions.kpi_import_csv(
        user=member,
        engagement=engagement,
        data=actions.KpiCsvInput(
            "period,metric,value\n"
            "2025-01,service_level,82\n2025-01,abandoned,4\n"
            "2025-02,service_level,79\n2025-02,abandoned,5\n"
            "2025-03,service_level,80\n2025-03,abandoned,5.5\n"
        ),
    )
    table = kpi_table(engagement)
    by_month = {period: cells for period, cells, _, _ in table.rows}
    # Service level (higher is better) breached when below 80; abandoned (lower) when above 5.
    assert [b for _, b in by_month[date(2025, 2, 1)]] == [True, False]
    assert [b for _, b in by_month[date(2025, 3, 1)]] == [False, True]
    counts = {period: (higher, lower) for period, _, higher, lower in table.rows}
    assert counts[date(2025, 2, 1)] == (1, 0) and counts[date(2025, 3, 1)] == (0, 1)


def test_handle_time_is_watched_never_a_target(engagement, member):
    with pytest.raises(DomainError, match="watched, never a target"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data=actions.SlaInput(metric="aht", target=Decimal(300), direction="lower", unit="s"),
        )
    sla = actions.sla_save(
        user=member,
        engagement=engagement,
        sla=None,
        data=actions.SlaInput(metric="aht", direction="lower", unit="s"),
    )
    assert sla.watch_only and sla.target_text == "watch only"


def test_one_sla_per_metric(engagement, member, slas):
    with pytest.raises(DomainError, match="already has an SLA"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data=actions.SlaInput(
                metric="abandoned", target=Decimal(4), direction="lower", unit="%"
            ),
        )
    assert Sla.objects.count() == 2


def test_sla_save_refuses_a_direction_against_the_metric(engagement, member):
    with pytest.raises(DomainError, match="lower is better"):
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data=actions.SlaInput(
                metric="abandoned", target=Decimal(5), direction="higher", unit="%"
            ),
        )
    assert Sla.objects.count() == 0


def test_every_term_of_an_sla_is_checked_and_named_by_its_field(engagement, member):
    with pytest.raises(DomainError) as caught:
        actions.sla_save(
            user=member,
            engagement=engagement,
            sla=None,
            data=actions.SlaInput(
                metric="service_level", target=Decimal(120), direction="lower", unit="s"
            ),
        )
    assert caught.value.fields == {
        "direction": [
            "For service level, higher is better: "
            "choose “Higher is better” or leave it to the metric's usual."
        ],
        "unit": ["Service level is measured in a percentage, not seconds."],
        "answer_within_seconds": ["Say within how many seconds calls count."],
    }
    assert not Sla.objects.exists()


def test_a_percentage_target_stays_between_0_and_100(engagement, member):
    for target, message in [
        (Decimal(120), "A percentage target cannot exceed 100."),
        (Decimal(-1), "A target cannot be negative."),
    ]:
        with pytest.raises(DomainError) as caught:
            actions.sla_save(
                user=member,
                engagement=engagement,
                sla=None,
                data=actions.SlaInput(metric="abandoned", target=target),
            )
        assert caught.value.fields == {"target": [message]}
    assert not Sla.objects.exists()


def test_only_the_service_level_keeps_its_answer_time(engagement, member):
    sla = actions.sla_save(
        user=member,
        engagement=engagement,
        sla=None,
        data=actions.SlaInput(metric="abandoned", target=Decimal(5), answer_within_seconds=20),
    )
    assert (sla.direction, sla.unit, sla.answer_within_seconds) == ("lower", "%", None)


def test_a_month_of_kpis_replaces_the_months_values_and_skips_blanks(engagement, member, slas):
    level, abandoned = slas["service_level"], slas["abandoned"]
    KpiRecordFactory(sla=level, period=date(2025, 3, 1), value=Decimal(70))
    KpiRecordFactory(sla=abandoned, period=date(2025, 3, 1), value=Decimal(4))
    count = actions.kpi_record_month(
        user=member,
        engagement=engagement,
        data=actions.KpiMonthInput(
            period=date(2025, 3, 17), values={level.pk: Decimal(82), abandoned.pk: None}
        ),
        today=date(2025, 4, 2),
    )
    assert count == 1
    assert dict(KpiRecord.objects.values_list("sla__metric", "value")) == {
        "service_level": Decimal(82),
        "abandoned": Decimal(4),
    }


@pytest.mark.parametrize(
    ("period", "values", "fields"),
    [
        (
            date(2025, 5, 1),
            "value",
            {
                "period": [
                    "No KPIs can be recorded for 2025-05 has not "
                    "started yet (latest month: 2025-04)."
                ]
            },
        ),
        (date(1989, 12, 1), "value", {"period": ["1989-12 is not a valid month (from 1990)."]}),
        (date(2025, 3, 1), "blank", {None: ["Enter at least one value."]}),
    ],
)
def test_a_month_that_cannot_have_kpis_records_nothing(
    engagement, member, slas, period, values, fields
):
    sla = slas["service_level"]
    with pytest.raises(DomainError) as caught:
        actions.kpi_record_month(
            user=member,
            engagement=engagement,
            data=actions.KpiMonthInput(
                period=period, values={sla.pk: Decimal(80) if values == "value" else None}
            ),
            today=date(2025, 4, 2),
        )
    assert caught.value.fields == fields
    assert not KpiRecord.objects.exists()
