"""Step 6, keeping the vendor under review: its tier, which sets how often due
diligence is repeated (``contracts.standing_rules``)."""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from contracts import standing_rules
from portal.models import Engagement


class VendorTier(models.Model):
    """The vendor's tier on one engagement and its re-assessment interval.

    Without a row (or with ``tier`` empty) the suggested tier applies; without an
    interval, the tier's usual one (``standing_rules.TIER_INTERVAL_MONTHS``).
    """

    class DataHandled(models.TextChoices):
        NONE = standing_rules.DATA_NONE, "None"
        CONTACT = standing_rules.DATA_CONTACT, "Contact details"
        SENSITIVE = standing_rules.DATA_SENSITIVE, "Payment or health data"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="vendor_tier"
    )
    data_handled = models.CharField(
        "data the vendor handles",
        max_length=16,
        choices=DataHandled.choices,
        default=DataHandled.CONTACT,
    )
    tier = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")],
        help_text="Empty: the suggested tier.",
    )
    interval_months = models.PositiveSmallIntegerField(
        "re-assessment interval (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Empty: the tier's usual interval.",
    )
    reason = models.CharField(max_length=300, blank=True, help_text="Why it was set so.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Vendor tier of {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


auditlog.register(VendorTier)
