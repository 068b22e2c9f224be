"""Vendors (shared across the organisation), the candidates shortlisted for one
engagement, and their quotes."""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from portal.models import Engagement
from portal.reference import PricingModel, RateUnit


class Vendor(models.Model):
    name = models.CharField(max_length=200, unique=True)
    headquarters_country = models.CharField(max_length=100)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A vendor shortlisted for one engagement."""

    class Status(models.TextChoices):
        SHORTLISTED = "shortlisted", "Shortlisted"
        RECOMMENDED = "recommended", "Recommended, awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="candidates")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="candidacies")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SHORTLISTED)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["vendor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "vendor"], name="vendor_once_per_engagement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} for {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


class Quote(models.Model):
    """A vendor's price for the engagement under one pricing model of DOMAIN.md."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="quotes")
    pricing_model = models.CharField(max_length=32, choices=PricingModel.choices)
    rate = models.DecimalField(max_digits=10, decimal_places=4, validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=16, choices=RateUnit.choices)
    currency = models.CharField(max_length=3, default="USD")
    commission_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For commission models: the share of each sale paid to the vendor.",
    )
    minimum_monthly = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Minimum monthly charge, if any.",
    )
    setup_fee = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "pricing_model"]

    def __str__(self) -> str:
        model, unit = self.get_pricing_model_display(), self.get_unit_display()
        return f"{model}: {self.rate} {self.currency} {unit}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.candidate.engagement_id}


auditlog.register(Vendor)
auditlog.register(Candidate)
auditlog.register(Quote)
