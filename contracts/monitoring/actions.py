"""Write operations of monitoring (step 6): the SLAs and the KPIs recorded against them.
One transaction each, audited with the acting user."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from contracts import kpis
from contracts.models import (
    COMPUTED,
    METRIC_DEFAULTS,
    METRIC_UNITS,
    WATCH_ONLY,
    WATCH_ONLY_REASON,
    KpiRecord,
    Metric,
    Sla,
    metric_name,
)
from portal import access
from portal.errors import DomainError
from portal.models import Engagement

# --- SLAs -----------------------------------------------------------------------


@dataclass(frozen=True)
class SlaInput:
    """An SLA as the SLA form gives it; a blank direction or unit takes the metric's usual."""

    metric: str
    target: Decimal | None = None
    direction: str = ""
    unit: str = ""
    answer_within_seconds: int | None = None
    penalty: str = ""

    def with_usual(self) -> SlaInput:
        usual_direction, usual_unit = METRIC_DEFAULTS[self.metric]
        return replace(
            self, direction=self.direction or usual_direction, unit=self.unit or usual_unit
        )


_UNIT_WORDS = {"%": "a percentage", "s": "seconds", "pts": "points"}


def sla_terms_check(data: SlaInput) -> None:
    """The rules of an SLA's terms, each message by its field (``data`` with its usual
    direction and unit filled in).

    The metric decides the direction and the unit: more abandoned calls is never
    better, a faster answer always is, and a target in the wrong unit would be
    compared with KPIs in another unit and flag breaches that are not. Handle time
    is watched only, never a target; every other metric has one.
    """
    problems: dict[str, list[str]] = {}
    usual_direction, _ = METRIC_DEFAULTS[data.metric]
    name = metric_name(data.metric)
    if data.direction != usual_direction:
        better = "higher" if usual_direction == kpis.HIGHER else "lower"
        problems.setdefault("direction", []).append(
            f"For {name.lower()}, {better} is better: "
            f"choose “{better.capitalize()} is better” or leave it to the metric's usual."
        )
    allowed = METRIC_UNITS[data.metric]
    if data.unit not in allowed:
        words = " or ".join(_UNIT_WORDS[u] for u in allowed)
        problems.setdefault("unit", []).append(
            f"{name} is measured in {words}, not {_UNIT_WORDS.get(data.unit, data.unit)}."
        )
    target = problems.setdefault("target", [])
    if data.metric in WATCH_ONLY:
        if data.target is not None:
            target.append(WATCH_ONLY_REASON)
    elif data.target is None:
        target.append("Give the SLA a target.")
    if data.metric == Metric.SERVICE_LEVEL and not data.answer_within_seconds:
        problems["answer_within_seconds"] = ["Say within how many seconds calls count."]
    if data.target is not None and data.target < 0:
        target.append("A target cannot be negative.")
    if data.target is not None and data.unit == Sla.Unit.PERCENT and data.target > 100:
        target.append("A percentage target cannot exceed 100.")
    if data.target is not None and data.metric in COMPUTED and data.target > 100:
        target.append("The test-call score runs from 0 to 100.")
    problems = {name: texts for name, texts in problems.items() if texts}
    if problems:
        raise DomainError(fields=problems)


def _sla_metric_check(engagement: Engagement, sla: Sla | None, metric: str) -> None:
    """One SLA per metric, and an SLA with KPIs keeps its metric."""
    duplicate = Sla.objects.filter(engagement=engagement, metric=metric)
    if sla is not None:
        duplicate = duplicate.exclude(pk=sla.pk)
    if duplicate.exists():
        raise DomainError(
            "This contract already has an SLA for that metric; edit it instead.", field="metric"
        )
    # The stored row, not ``sla``: a bound model form has already written the new metric on it.
    stored = Sla.objects.filter(pk=sla.pk).first() if sla is not None else None
    if stored is not None and metric != stored.metric and stored.records.exists():
        # Its KPI values were measured for the old metric: they would be read as the new one.
        raise DomainError(
            f"{stored.title} has KPIs recorded, which would be read as another metric's. "
            "Keep this SLA and add a new one for the other metric.",
            field="metric",
        )


@transaction.atomic
def sla_save(*, user, engagement: Engagement, sla: Sla | None, data: SlaInput) -> Sla:
    """Agree a new SLA (``sla`` None) or change one."""
    access.require(user, access.CHANGE, engagement)
    _sla_metric_check(engagement, sla, data.metric)
    data = data.with_usual()
    sla_terms_check(data)
    sla = sla or Sla(engagement=engagement)
    with set_actor(user):
        for field in fields(data):
            setattr(sla, field.name, getattr(data, field.name))
        if sla.metric != Metric.SERVICE_LEVEL:
            sla.answer_within_seconds = None
        sla.save()
    return sla


@transaction.atomic
def sla_delete(*, user, sla: Sla) -> None:
    """Delete the SLA with its KPI records and the exit conditions watching it."""
    access.require(user, access.CHANGE, sla.engagement)
    with set_actor(user):
        sla.delete()


# --- KPIs -----------------------------------------------------------------------


def kpi_upsert(
    user, slas: dict[str, Sla], rows: list[tuple[date, str, Decimal]], *, feed_token=None
) -> list[KpiRecord]:
    """Write each (month, metric, value): one record per SLA and month, updated in place.

    ``feed_token`` is the feed that sent the rows (``user`` is then usually None); a
    person's write clears it, so a record's source is whoever wrote its value last. A
    value sent again unchanged writes nothing, so a repeated post leaves no trace.
    Callers hold the transaction and the audit actor.
    """
    ids = [s.pk for s in slas.values()]
    periods = {period for period, _, _ in rows}
    existing = {
        (r.sla_id, r.period): r
        for r in KpiRecord.objects.filter(sla_id__in=ids, period__in=periods)
    }
    written = []
    for period, metric, value in rows:
        sla = slas[metric]
        record = existing.get((sla.pk, period))
        if record is None:
            record = KpiRecord(sla=sla, period=period)
        else:
            record.sla = sla  # cached, so the audit entry finds its engagement without a query
        if record.pk is None or record.value != value:
            record.value = value
            record.recorded_by = user
            record.feed_token = feed_token
            record.save()
        written.append(record)
    return written


@dataclass(frozen=True)
class KpiMonthInput:
    """One month's KPIs as the month form gives them: a value (or None) per SLA id."""

    period: date
    values: Mapping[int, Decimal | None]


def kpi_month_check(period: date, today: date) -> None:
    """A month with KPIs has started, and is one the CSV import would take too."""
    if future := kpis.future_month_problem(period.replace(day=1), today):
        raise DomainError(f"No KPIs can be recorded for {future}.", field="period")
    if period.year < kpis.EARLIEST_YEAR:
        raise DomainError(
            f"{period.isoformat()[:7]} is not a valid month (from {kpis.EARLIEST_YEAR}).",
            field="period",
        )


@transaction.atomic
def kpi_record_month(
    *, user, engagement: Engagement, data: KpiMonthInput, today: date | None = None
) -> int:
    """Record one month's KPIs (by SLA id); blank values leave that SLA's month as it was.

    A month still to come is refused: its KPIs would show breaches that never happened.
    """
    access.require(user, access.CHANGE, engagement)
    kpi_month_check(data.period, today or timezone.localdate())
    slas = {
        s.metric: s for s in Sla.objects.filter(engagement=engagement).exclude(metric__in=COMPUTED)
    }
    by_id = {s.pk: s for s in slas.values()}
    rows = []
    for sla_id, value in data.values.items():
        if value is None:
            continue
        sla = by_id.get(sla_id)
        if sla is None:
            raise DomainError("That SLA is not part of this contract.")
        rule = sla.rule()
        if value < rule.minimum or (rule.maximum is not None and value > rule.maximum):
            raise DomainError(f"{sla.title}: {value} is outside {rule.minimum}-{rule.maximum}.")
        rows.append((data.period.replace(day=1), sla.metric, value))
    if not rows:
        raise DomainError("Enter at least one value.")
    with set_actor(user):
        return len(kpi_upsert(user, slas, rows))


def kpi_value_column() -> kpis.ValueColumn:
    """What a KPI value may be, read from the column it is stored in."""
    value_field = KpiRecord._meta.get_field("value")
    return kpis.ValueColumn(
        max_digits=value_field.max_digits, decimal_places=value_field.decimal_places
    )


class KpiImportError(DomainError):
    def __init__(self, errors: list[str]):
        count = len(errors)
        super().__init__(
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix."
        )
        self.errors = errors


@dataclass(frozen=True)
class KpiCsvInput:
    """A KPI file as the import form gives it: its text, read as UTF-8."""

    text: str


@transaction.atomic
def kpi_import_csv(
    *, user, engagement: Engagement, data: KpiCsvInput, today: date | None = None
) -> int:
    """Import ``period,metric,value`` rows: all of them, or none if any row is wrong.

    Raises KpiImportError with every bad line named when the file has errors; a month
    after the current one (``today``'s) is an error.
    """
    access.require(user, access.CHANGE, engagement)
    slas = {
        s.metric: s for s in Sla.objects.filter(engagement=engagement).exclude(metric__in=COMPUTED)
    }
    parsed, errors = kpis.parse_kpi_csv(
        data.text,
        {m: s.rule() for m, s in slas.items()},
        latest=today or timezone.localdate(),
        column=kpi_value_column(),
    )
    if errors:
        raise KpiImportError(errors)
    with set_actor(user):
        return len(kpi_upsert(user, slas, [(r.period, r.metric, r.value) for r in parsed]))
