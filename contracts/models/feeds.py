"""KPI feed tokens: how a vendor's own system posts the monthly KPIs of one engagement.

A token is shown once when it is issued; only its SHA-256 hash is kept (and its first
characters, so people can tell tokens apart). It writes KPI records of its engagement
and nothing else, until it expires or someone revokes it.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils import timezone

from contracts.models.base import EngagementData
from portal.models import Engagement


class FeedToken(EngagementData):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="feed_tokens")
    name = models.CharField(
        max_length=100, help_text="Whose system posts with it, e.g. “Vendor WFM export”."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="Its first characters.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "KPI feed token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def source(self) -> str:
        """How the history names what this token wrote."""
        return f"feed token {self.name} ({self.prefix})"

    def status(self, now=None) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    @property
    def status_label(self) -> str:
        return self.Status(self.status()).label


# The hash identifies the token and proves nothing to a reader; the last use changes
# on every post and would bury the history.
auditlog.register(FeedToken, exclude_fields=["token_hash", "last_used_at"])
