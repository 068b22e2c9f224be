"""Teams, their members' roles, and engagements: what every step hangs off."""

import uuid
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse

from portal.reference import CURRENCY_CHOICES


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member (fills in the steps)"
        MANAGER = "manager", "Manager (also approves)"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"


class Engagement(models.Model):
    """One outsourcing decision, owned by one team."""

    class Status(models.TextChoices):
        SCOPING = "scoping", "Scoping"
        VETTING = "vetting", "Vetting vendors"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        VENDOR_SELECTED = "vendor_selected", "Vendor selected"
        LIVE = "live", "Live with vendor"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="engagements")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_engagements"
    )
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.SCOPING)
    currency = models.CharField(
        max_length=3,
        choices=CURRENCY_CHOICES,
        default="USD",
        help_text="Every quote's figures are converted to this currency to be compared.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # One more on every audited change of the engagement's data, in that change's
    # transaction (portal.derived): the key derived figures are cached under.
    version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["team", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # ``version`` is only ever raised in the database (portal.derived.bump): a save
        # of an instance loaded before a change must not write its older number back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "version"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:engagement-detail", args=[self.pk])

    def get_additional_data(self) -> dict:
        """Tag audit entries with their engagement so its History page finds them."""
        return {"engagement_id": self.pk}


class EngagementStatusChange(models.Model):
    """One move of an engagement's status: who, when and why (``portal.status``)."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=24, choices=Engagement.Status.choices)
    to_status = models.CharField(max_length=24, choices=Engagement.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.engagement}: {self.from_status} -> {self.to_status}"


class WorkerPing(models.Model):
    """One /healthz round trip: the web process enqueues it, a worker answers it.

    A task through the real queue (rather than a broadcast) proves that a worker
    consumes the queue the portal's work goes to, on any broker.
    """

    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"ping {self.token}"


class ApiToken(models.Model):
    """A personal API token: the API acts as its user, with the user's teams and roles.

    Only the SHA-256 of the token is stored (``portal.tokens``); the token itself is
    shown once, when it is created. ``prefix`` is its first characters, so a user can
    tell their tokens apart without the secret being kept anywhere.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. “BI export”.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_active(self, now) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ExchangeRate(models.Model):
    """One unit of ``from_currency`` is worth ``rate`` of ``to_currency`` from
    ``effective_date`` until the next rate of the pair (``portal.currency``)."""

    from_currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    to_currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        validators=[MinValueValidator(Decimal("0.00000001"))],
        help_text="What one unit of the first currency is worth in the second.",
    )
    effective_date = models.DateField(help_text="The rate applies from this day on.")
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the rate comes from, e.g. a bank's table."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["from_currency", "to_currency", "-effective_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "effective_date"],
                name="one_exchange_rate_per_pair_and_day",
            ),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=~models.Q(from_currency=models.F("to_currency")),
                name="exchange_rate_two_currencies",
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_currency} = {self.rate} {self.to_currency} from {self.effective_date}"


auditlog.register(Engagement, exclude_fields=["version"])
auditlog.register(ExchangeRate)
auditlog.register(Membership)
auditlog.register(Team)
# Created and revoked are audited; the hash is no secret but has nothing to tell a reader,
# and last use changes on every call (it is written without an audit entry).
auditlog.register(ApiToken, exclude_fields=["token_hash", "last_used_at"])
