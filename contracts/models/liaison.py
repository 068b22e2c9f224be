"""Step 5, the working link with the vendor: the liaison log and its follow-up actions."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models

from contracts.models.base import EngagementData
from portal.models import Engagement


class LiaisonEntry(EngagementData):
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


auditlog.register(LiaisonEntry)
auditlog.register(FollowUpAction)
