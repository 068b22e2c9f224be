"""Steps 5-7: the contract with the approved vendor, the liaison log, SLA/KPI
monitoring with its governance, and the exit plan that keeps the in-house option."""

from __future__ import annotations

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from contracts import deadlines, kpis
from portal.models import Engagement
from vendors.models import Candidate, Quote


class _EngagementData(models.Model):
    """Rows that belong to one engagement and tag their audit entries with it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


# --- Contract (step 7's terms, recorded once the vendor is approved) -------------


class Contract(models.Model):
    class Review(models.TextChoices):
        NOT_REQUESTED = "not_requested", "Not requested"
        REQUESTED = "requested", "Requested"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        CLEARED = "cleared", "Cleared by the attorney"

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="contract")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="contracts")
    quote = models.ForeignKey(
        Quote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="price schedule (quote)",
    )
    price_schedule_notes = models.TextField(blank=True)
    start_date = models.DateField()
    initial_term_months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    auto_renew = models.BooleanField("renews automatically", default=True)
    renewal_term_months = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    notice_period_days = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(730)]
    )
    termination_for_convenience = models.TextField(blank=True)
    termination_for_cause = models.TextField(
        blank=True, help_text="The quality standards whose breach allows ending the contract."
    )
    termination_fee = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="USD")
    attorney_review = models.CharField(
        max_length=20, choices=Review.choices, default=Review.NOT_REQUESTED
    )
    attorney_name = models.CharField(max_length=200, blank=True)
    attorney_reviewed_on = models.DateField(null=True, blank=True)
    attorney_notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Contract with {self.candidate.vendor}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}

    @property
    def terms(self) -> deadlines.Terms:
        return deadlines.Terms(
            start=self.start_date,
            initial_months=self.initial_term_months,
            auto_renew=self.auto_renew,
            renewal_months=self.renewal_term_months,
            notice_days=self.notice_period_days,
        )


class ContractDocument(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    # Saved by portal.uploads under a generated name; never served directly.
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    kind = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.contract.engagement_id}


class SentReminder(models.Model):
    """One reminder e-mail, claimed before it is sent so it goes out exactly once."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(
        max_length=16,
        choices=[(deadlines.NOTICE, "Notice deadline"), (deadlines.TERM_END, "Term end")],
    )
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "deadline", "days_before"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days_before}-day reminder: {self.get_kind_display()} {self.deadline}"


# --- Governance and liaison (steps 5 and 6) -------------------------------------


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


class RaciRow(_EngagementData):
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


class EscalationLevel(_EngagementData):
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


class LiaisonEntry(_EngagementData):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        ESCALATION = "escalation", "Escalation"
        DECISION = "decision", "Decision"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="liaison_entries"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    date = models.DateField()
    participants = models.CharField(max_length=500)
    summary = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "liaison entries"
        indexes = [models.Index(fields=["engagement", "-date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date}"


class FollowUpAction(models.Model):
    entry = models.ForeignKey(LiaisonEntry, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done", "due_date", "id"]
        indexes = [models.Index(fields=["done", "due_date"])]

    def __str__(self) -> str:
        return self.description

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.entry.engagement_id}

    def is_overdue(self, today) -> bool:
        return not self.done and self.due_date < today


# --- SLAs and KPIs (step 6) -----------------------------------------------------


class Metric(models.TextChoices):
    SERVICE_LEVEL = "service_level", "Service level (% answered within N seconds)"
    ABANDONED = "abandoned", "Abandoned / dropped calls (%)"
    FIRST_CONTACT_RESOLUTION = "fcr", "First-contact resolution (%)"
    REPEAT_CONTACTS = "repeat_contacts", "Repeat contacts for the same problem (%)"
    CSAT = "csat", "Customer satisfaction (%)"
    QUALITY = "quality", "Quality score (%)"
    SPEED_OF_ANSWER = "asa", "Average speed of answer (seconds)"
    HANDLE_TIME = "aht", "Average handle time (seconds), watch only"


WATCH_ONLY = {Metric.HANDLE_TIME}
WATCH_ONLY_REASON = (
    "Average handle time is watched, never a target: vendors optimise it because it "
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
}
_UNIT_WORDS = {"%": "a percentage", "s": "seconds", "pts": "points"}


def _short_label(metric: str) -> str:
    return Metric(metric).label.split(" (")[0]


def sla_contradictions(metric: str, direction: str, unit: str) -> dict[str, str]:
    """What is wrong with a direction or unit for ``metric``, by field; empty when consistent.

    The direction is not a matter of taste: more abandoned calls is never better,
    a faster answer always is. A target in the wrong unit would be compared with
    KPIs in another unit and flag breaches that are not.
    """
    if metric not in METRIC_DEFAULTS:
        return {}
    usual_direction, _ = METRIC_DEFAULTS[metric]
    name = _short_label(metric)
    problems = {}
    if direction and direction != usual_direction:
        better = "higher" if usual_direction == kpis.HIGHER else "lower"
        problems["direction"] = (
            f"For {name.lower()}, {better} is better: "
            f"choose “{better.capitalize()} is better” or leave it to the metric's usual."
        )
    allowed = METRIC_UNITS[metric]
    if unit and unit not in allowed:
        words = " or ".join(_UNIT_WORDS[u] for u in allowed)
        problems["unit"] = f"{name} is measured in {words}, not {_UNIT_WORDS.get(unit, unit)}."
    return problems


class Sla(_EngagementData):
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
        label = _short_label(self.metric)
        if self.metric == Metric.SERVICE_LEVEL and self.answer_within_seconds:
            return f"{label} ({self.answer_within_seconds} s)"
        return label

    @property
    def watch_only(self) -> bool:
        return self.metric in WATCH_ONLY

    @property
    def target_text(self) -> str:
        if self.watch_only or self.target is None:
            return "watch only"
        sign = "≥" if self.direction == kpis.HIGHER else "≤"
        return f"{sign} {self.target.normalize():f} {self.unit}"

    def rule(self) -> kpis.MetricRule:
        maximum = Decimal(100) if self.unit == self.Unit.PERCENT else None
        return kpis.MetricRule(minimum=Decimal(0), maximum=maximum)


class KpiRecord(models.Model):
    sla = models.ForeignKey(Sla, on_delete=models.CASCADE, related_name="records")
    period = models.DateField(help_text="The month, stored as its first day.")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
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
        return {"engagement_id": self.sla.engagement_id}


# --- Exit plan (step 7) ---------------------------------------------------------


class ExitPlan(models.Model):
    class Readiness(models.TextChoices):
        NOT_READY = "not_ready", "Not ready"
        PARTLY_READY = "partly_ready", "Partly ready"
        READY = "ready", "Ready to exit"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="exit_plan"
    )
    hiring_lead_days = models.PositiveSmallIntegerField(
        "hiring lead time (days)", help_text="From the decision to agents signed."
    )
    training_lead_days = models.PositiveSmallIntegerField(
        "training lead time (days)", help_text="From signing to taking calls alone."
    )
    ramp_up_cost = models.DecimalField(
        "ramp-up cost",
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Recruiting, training, equipment and overlap while the team takes the work back.",
    )
    data_return = models.TextField(
        "data return", blank=True, help_text="What the vendor hands back, in which format, when."
    )
    data_destruction = models.TextField(
        "data destruction", blank=True, help_text="What the vendor destroys and how it proves it."
    )
    readiness = models.CharField(
        max_length=16, choices=Readiness.choices, default=Readiness.NOT_READY
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Exit plan for {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}

    @property
    def lead_days(self) -> int:
        return self.hiring_lead_days + self.training_lead_days


class ExitTrigger(_EngagementData):
    """A reason to reconsider the vendor (DOMAIN.md step 7), checked on KPI data when it can be."""

    class Kind(models.TextChoices):
        SLA_BREACH_RUN = "sla_breach_run", "An SLA breached several months running"
        COST_ABOVE_BENEFIT = "cost_above_benefit", "Cost exceeds benefit"
        POOR_REVIEWS = "poor_reviews", "Poor customer reviews"
        LOW_VOLUME = "low_volume", "Not enough volume"
        POOR_WORK = "poor_work", "Poor work"
        OTHER = "other", "Other"

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="exit_triggers"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    sla = models.ForeignKey(
        Sla,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For an SLA breach run: the SLA watched.",
    )
    months = models.PositiveSmallIntegerField(
        "months running", default=3, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    description = models.CharField(max_length=300, blank=True)
    assessed_met = models.BooleanField(
        "met (assessed by the team)",
        default=False,
        help_text="For conditions the KPI data cannot check.",
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class TransitionStep(_EngagementData):
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="transition_steps"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description


for _model in (
    Contract,
    ContractDocument,
    Governance,
    RaciRow,
    EscalationLevel,
    LiaisonEntry,
    FollowUpAction,
    Sla,
    KpiRecord,
    ExitPlan,
    ExitTrigger,
    TransitionStep,
):
    auditlog.register(_model)
