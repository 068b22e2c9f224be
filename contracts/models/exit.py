"""Step 7, keeping the in-house option: the exit plan, the conditions that trigger an
exit, and the steps to bring the work back."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from contracts import exit_rules
from contracts.models.base import EngagementData
from contracts.models.monitoring import Sla
from portal.models import Engagement


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


class ExitTrigger(EngagementData):
    """A reason to reconsider the vendor (DOMAIN.md step 7), checked on the data when it can be."""

    class Kind(models.TextChoices):
        SLA_BREACH_RUN = exit_rules.SLA_BREACH_RUN, "An SLA breached several months running"
        COST_ABOVE_BENEFIT = exit_rules.COST_ABOVE_BENEFIT, "Cost exceeds benefit"
        POOR_REVIEWS = exit_rules.POOR_REVIEWS, "Poor customer reviews"
        LOW_VOLUME = exit_rules.LOW_VOLUME, "Not enough volume"
        POOR_WORK = exit_rules.POOR_WORK, "Poor work"
        OTHER = exit_rules.OTHER, "Other"

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


class TransitionStep(EngagementData):
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


for _model in (ExitPlan, ExitTrigger, TransitionStep):
    auditlog.register(_model)
