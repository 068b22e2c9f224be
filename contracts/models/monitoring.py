"""Step 6, monitoring the vendor: governance (who monitors, RACI, escalation path), the
SLAs agreed in the contract and the KPIs recorded against them."""

from __future__ import annotations

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from contracts import kpis
from contracts.models.base import EngagementData
from portal.models import Engagement

# --- Governance -----------------------------------------------------------------


class Governance(models.Model):
    """Who keeps the link with the vendor and who monitors it, and how decisions are made."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="governance"
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="internal liaison",
    )
    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="person monitoring the vendor",
    )
    procedures = models.TextField(
        blank=True,
        help_text="Agreed principles and procedures for decisions, problems and contract changes.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Governance of {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


class RaciRow(EngagementData):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="raci_rows")
    activity = models.CharField(max_length=200)
    responsible = models.CharField(max_length=200)
    accountable = models.CharField(max_length=200)
    consulted = models.CharField(max_length=200, blank=True)
    informed = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.activity


class EscalationLevel(EngagementData):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="escalation_levels"
    )
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    who = models.CharField(max_length=200)
    trigger = models.CharField(max_length=300)
    response_hours = models.PositiveSmallIntegerField(
        "response time (hours)", validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "level"], name="escalation_level_once"),
        ]

    def __str__(self) -> str:
        return f"Level {self.level}: {self.who}"


# --- SLAs and KPIs --------------------------------------------------------------


class Metric(models.TextChoices):
    SERVICE_LEVEL = "service_level", "Service level (% answered within N seconds)"
    ABANDONED = "abandoned", "Abandoned / dropped calls (%)"
    FIRST_CONTACT_RESOLUTION = "fcr", "First-contact resolution (%)"
    REPEAT_CONTACTS = "repeat_contacts", "Repeat contacts for the same problem (%)"
    CSAT = "csat", "Customer satisfaction (%)"
    QUALITY = "quality", "Quality score (%)"
    SPEED_OF_ANSWER = "asa", "Average speed of answer (seconds)"
    HANDLE_TIME = "aht", "Average handle time (seconds), watch only"
    TEST_CALL_SCORE = "test_call_score", "Test-call score (points out of 100)"


WATCH_ONLY = {Metric.HANDLE_TIME}
# Metrics the portal works out itself rather than being recorded: the test-call score
# is the month's test calls scored as the comparison scores them (0-100).
COMPUTED = {Metric.TEST_CALL_SCORE}
WATCH_ONLY_REASON = (
    "Average handle time is watched, never a target: vendors optimize it because it "
    "lets more calls through, but it rushes agents and hurts service, so the SLAs "
    "stress abandoned calls, repeat contacts, satisfaction, quality and service level."
)
# Usual direction and unit per metric; the SLA form starts from these.
METRIC_DEFAULTS = {
    Metric.SERVICE_LEVEL: (kpis.HIGHER, "%"),
    Metric.ABANDONED: (kpis.LOWER, "%"),
    Metric.FIRST_CONTACT_RESOLUTION: (kpis.HIGHER, "%"),
    Metric.REPEAT_CONTACTS: (kpis.LOWER, "%"),
    Metric.CSAT: (kpis.HIGHER, "%"),
    Metric.QUALITY: (kpis.HIGHER, "%"),
    Metric.SPEED_OF_ANSWER: (kpis.LOWER, "s"),
    Metric.HANDLE_TIME: (kpis.LOWER, "s"),
    Metric.TEST_CALL_SCORE: (kpis.HIGHER, "pts"),
}
# Units a metric may be measured in: a rate is a percentage, a time is in seconds;
# satisfaction and quality may also be a points score (e.g. 1-5 or 0-10).
METRIC_UNITS = {
    Metric.SERVICE_LEVEL: ("%",),
    Metric.ABANDONED: ("%",),
    Metric.FIRST_CONTACT_RESOLUTION: ("%",),
    Metric.REPEAT_CONTACTS: ("%",),
    Metric.CSAT: ("%", "pts"),
    Metric.QUALITY: ("%", "pts"),
    Metric.SPEED_OF_ANSWER: ("s",),
    Metric.HANDLE_TIME: ("s",),
    Metric.TEST_CALL_SCORE: ("pts",),
}


def metric_name(metric: str) -> str:
    """The metric's name without its unit: "Customer satisfaction"."""
    return Metric(metric).label.split(" (")[0]


class Sla(EngagementData):
    class Direction(models.TextChoices):
        HIGHER = kpis.HIGHER, "Higher is better"
        LOWER = kpis.LOWER, "Lower is better"

    class Unit(models.TextChoices):
        PERCENT = "%", "percent"
        SECONDS = "s", "seconds"
        SCORE = "pts", "points"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="slas")
    metric = models.CharField(max_length=24, choices=Metric.choices)
    target = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    unit = models.CharField(max_length=4, choices=Unit.choices)
    answer_within_seconds = models.PositiveSmallIntegerField(
        "answered within (seconds)",
        null=True,
        blank=True,
        help_text="For the service level: the N in “% of calls answered within N seconds”.",
    )
    penalty = models.TextField("penalty or service credit", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "SLA"
        constraints = [
            models.UniqueConstraint(fields=["engagement", "metric"], name="one_sla_per_metric"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        label = metric_name(self.metric)
        if self.metric == Metric.SERVICE_LEVEL and self.answer_within_seconds:
            return f"{label} ({self.answer_within_seconds} s)"
        return label

    @property
    def watch_only(self) -> bool:
        return self.metric in WATCH_ONLY

    @property
    def computed(self) -> bool:
        """Its values are worked out by the portal (test calls), never recorded."""
        return self.metric in COMPUTED

    @property
    def target_text(self) -> str:
        if self.watch_only or self.target is None:
            return "watch only"
        sign = "≥" if self.direction == kpis.HIGHER else "≤"
        return f"{sign} {self.target.normalize():f} {self.unit}"

    def rule(self) -> kpis.MetricRule:
        maximum = Decimal(100) if self.unit == self.Unit.PERCENT or self.computed else None
        return kpis.MetricRule(minimum=Decimal(0), maximum=maximum)


class KpiRecord(models.Model):
    sla = models.ForeignKey(Sla, on_delete=models.CASCADE, related_name="records")
    period = models.DateField(help_text="The month, stored as its first day.")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    # Who recorded the value: a person, or (``recorded_by`` empty) a vendor's system
    # through a feed token.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    feed_token = models.ForeignKey(
        "contracts.FeedToken",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        help_text="The feed token that sent the value, if a vendor's system posted it.",
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period"]
        constraints = [
            models.UniqueConstraint(fields=["sla", "period"], name="one_kpi_per_sla_month"),
        ]

    def __str__(self) -> str:
        return f"{self.sla} {self.period:%Y-%m}: {self.value}"

    def get_additional_data(self) -> dict:
        data = {"engagement_id": self.sla.engagement_id}
        if self.feed_token_id is not None:
            data["source"] = self.feed_token.source
        return data


for _model in (Governance, RaciRow, EscalationLevel, Sla, KpiRecord):
    auditlog.register(_model)
