"""Decision reports: one row per PDF a user asked for, rendered by a Celery worker."""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse

from portal.models import Engagement


class Report(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", "Decision report"
        SCORECARD = "scorecard", "Monthly scorecard"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    # Printed on the cover and in the file name: stable, unguessable, not a row count.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DECISION)
    # A scorecard's month (its first day); empty for a decision report.
    period = models.DateField(null=True, blank=True)
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
    # When the scorecard's link was e-mailed (set in the transaction that sent it).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["engagement", "-created_at"]),
            models.Index(fields=["status", "enqueued_at"]),
        ]
        constraints = [
            # One scorecard per engagement and month, whoever or whatever asks twice.
            models.UniqueConstraint(
                fields=["engagement", "kind", "period"],
                condition=models.Q(period__isnull=False),
                name="one_report_per_kind_and_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.public_id} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-list", args=[self.engagement_id])

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}

    @property
    def is_scorecard(self) -> bool:
        return self.kind == self.Kind.SCORECARD

    @property
    def title(self) -> str:
        if self.is_scorecard and self.period:
            return f"Scorecard for {self.period:%B %Y}"
        return self.get_kind_display()

    @property
    def download_name(self) -> str:
        if self.is_scorecard and self.period:
            return f"scorecard-{self.engagement_id}-{self.period:%Y-%m}.pdf"
        return f"decision-report-{self.engagement_id}-{str(self.public_id)[:8]}.pdf"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportRead(models.Model):
    """A person opened a report's PDF: the dashboard stops listing it as one to read."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="report_read_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.report}"


auditlog.register(Report)
