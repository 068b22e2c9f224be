"""The contract with the approved vendor: its terms, its documents and the reminders
sent before its deadlines."""

from __future__ import annotations

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from contracts import deadlines
from portal.models import Engagement
from vendors.models import Candidate, Quote


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


def _document_path(instance, filename: str) -> str:
    # Uploads are stored by portal.uploads.store_upload (contracts/<id>/<uuid>.<ext>);
    # this covers files saved through the field directly: never the uploader's name.
    return f"contracts/{instance.contract_id}/{uuid.uuid4().hex}"


class ContractDocument(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    # Stored privately under a generated name; sent only through uploads.private_download.
    file = models.FileField(upload_to=_document_path, max_length=300)
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


auditlog.register(Contract)
auditlog.register(ContractDocument)
