"""Step 6 after go-live: the test-call plan. A number of test calls a month, and
for each month a plan of planned calls (a channel, a language, a suggested day and
hour, a member to make it), generated once per engagement and month."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from contracts.models.base import EngagementData
from portal.models import Engagement
from portal.reference import Channel

DEFAULT_CALLS_PER_MONTH = 10
MAX_CALLS_PER_MONTH = 200


class TestCallTarget(EngagementData):
    """How many test calls the team makes to the vendor each month."""

    __test__ = False

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="test_call_target"
    )
    calls_per_month = models.PositiveSmallIntegerField(
        "test calls a month",
        default=DEFAULT_CALLS_PER_MONTH,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CALLS_PER_MONTH)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.calls_per_month} test calls a month"


class TestCallPlan(EngagementData):
    """One month's planned test calls; one plan per engagement and month."""

    __test__ = False

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="test_call_plans"
    )
    month = models.DateField(help_text="The month, stored as its first day.")
    calls_per_month = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "month"], name="one_plan_per_month"),
        ]

    def __str__(self) -> str:
        return f"Test-call plan for {self.month:%B %Y}"


class PlannedCall(models.Model):
    """A test call to make: which channel and language, when (a suggestion), who."""

    plan = models.ForeignKey(TestCallPlan, on_delete=models.CASCADE, related_name="calls")
    position = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    language = models.CharField(max_length=60, blank=True)
    suggested_at = models.DateTimeField()
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when the call was logged from the plan; a call logged on the test-call page
    # fills the first open planned call of its channel and month (see plan_fill).
    test_call = models.OneToOneField(
        "diligence.TestCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_call",
    )

    class Meta:
        ordering = ["suggested_at", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="planned_call_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} test call, {self.suggested_at:%b %d %H:%M}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.plan.engagement_id}


for _model in (TestCallTarget, TestCallPlan, PlannedCall):
    auditlog.register(_model)
