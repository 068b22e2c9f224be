"""Decision reports: one row per PDF a user asked for, rendered by a Celery worker."""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.models import Engagement


class Report(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    # Printed on the cover and in the file name: stable, unguessable, not a row count.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="requested_reports",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    # Last time the render task was handed to the broker; None while no broker took it.
    # The sweep re-sends queued reports whose last hand-over is too old (or never was).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The one PDF, stored by the worker as "reports/<public id>.pdf" (report_finish).
    file = models.FileField(blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["engagement", "-created_at"]),
            models.Index(fields=["status", "enqueued_at"]),
        ]

    def __str__(self) -> str:
        return f"Decision report {self.public_id} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-list", args=[self.engagement_id])

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}

    @property
    def download_name(self) -> str:
        return f"decision-report-{self.engagement_id}-{str(self.public_id)[:8]}.pdf"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


auditlog.register(Report)
