"""Steps 1-3 of DOMAIN.md: the needs scope, the cost case, the customer-base assessment,
and the reference rate card administrators keep."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from portal.models import Engagement
from portal.planning.choices import (
    DEFAULT_CHAT_CONCURRENCY,
    MAX_CONTACTS_MESSAGE,
    MAX_CONTACTS_PER_MONTH,
    Level,
    ProfileKind,
    default_open_hours,
    is_open_hours_week,
    is_profile_week,
)
from portal.planning.formatting import plain
from portal.reference import Channel, PricingModel, RateUnit, Region

NON_NEGATIVE = [MinValueValidator(0)]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


def _money(**kwargs):
    return models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE, **kwargs
    )


class NeedsScope(models.Model):
    """Step 1: what the company wants to outsource, apart from the channel volumes."""

    class VolumePattern(models.TextChoices):
        STEADY = "steady", "Steady and predictable"
        SEASONAL = "seasonal", "Seasonal but predictable"
        VOLATILE = "volatile", "Volatile, hard to forecast"

    class OutboundPurpose(models.TextChoices):
        NONE = "", "No outbound calling"
        SALES = "sales", "Sales"
        LEADS = "leads", "Lead qualification"
        APPOINTMENTS = "appointments", "Appointment setting"
        SERVICE = "service", "Service call-backs and surveys"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="needs_scope"
    )
    complex_share_percent = models.DecimalField(
        "technical or complex contacts (%)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=PERCENT,
        help_text="Share of contacts that need technical knowledge or judgment.",
    )
    face_to_face_needed = models.BooleanField(
        "customers need face-to-face contact",
        default=False,
        help_text="Where service must be in person, outsourcing may be impossible.",
    )
    volume_pattern = models.CharField(
        max_length=16, choices=VolumePattern.choices, default=VolumePattern.STEADY
    )
    outbound_purpose = models.CharField(
        max_length=16, choices=OutboundPurpose.choices, blank=True, default=""
    )
    in_house_agents = models.PositiveIntegerField(
        "current in-house agents", default=0, help_text="Full-time people handling contacts now."
    )
    in_house_hours_per_week = models.DecimalField(
        "hours a week they cover",
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(168)],
    )
    notes = models.TextField(blank=True)
    channels_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a channel last joined or left the scope (the step-3 assessment "
        "judges language risk per channel).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Scope of {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


class ChannelLine(models.Model):
    """One channel in scope: its volume, handle time, open hours, arrival pattern
    (``profile_kind``; ``profile`` holds the shares of an interval import), the
    patience of its callers (phone and chat), the chats an agent carries at once
    (chat) and its languages."""

    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="channel_lines"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    contacts_per_month = models.PositiveIntegerField(
        validators=[MaxValueValidator(MAX_CONTACTS_PER_MONTH, message=MAX_CONTACTS_MESSAGE)]
    )
    handle_minutes = models.DecimalField(
        "average handle time (minutes)",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    open_hours = models.JSONField(
        default=default_open_hours,
        help_text="168 true/false values, one per hour of the week from Monday 00:00.",
    )
    profile_kind = models.CharField(
        "arrival pattern",
        max_length=16,
        choices=ProfileKind.choices,
        default=ProfileKind.FLAT,
    )
    profile = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="168 shares of the week's contacts, from the last interval import.",
    )
    patience_seconds = models.PositiveIntegerField(
        "caller patience (seconds)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3600)],
        help_text="Average seconds a caller waits before hanging up; leave empty if unknown.",
    )
    concurrency = models.DecimalField(
        "chats an agent carries at once",
        max_digits=3,
        decimal_places=1,
        default=DEFAULT_CHAT_CONCURRENCY,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("10"))],
    )
    languages = models.CharField(max_length=200, blank=True, default="English")

    class Meta:
        ordering = ["engagement", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "channel"], name="channel_once_per_scope"
            ),
            models.CheckConstraint(
                condition=models.Q(concurrency__gte=1, concurrency__lte=10),
                name="concurrency_one_to_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.contacts_per_month:,} a month"

    def clean(self):
        """The week's shapes (the admin edits them as JSON): 168 booleans of open
        hours, and an imported profile of 168 shares of zero or more."""
        if not is_open_hours_week(self.open_hours):
            raise ValidationError(
                {"open_hours": "Open hours are 168 true/false values, Monday 00:00 first."}
            )
        if self.profile is not None and not is_profile_week(self.profile):
            raise ValidationError(
                {"profile": "A profile is 168 shares of zero or more, not all zero."}
            )

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


class RateCard(models.Model):
    """Reference prices from DOMAIN.md, kept and dated by administrators.

    A blank pricing model is the general hourly rate of agent work in a region
    ("Hourly rates by location"); vendor quotes override all of these. An empty
    ``high`` is a floor with no ceiling (the guide's "Western Europe: 40 and up"):
    the high estimate is left open until vendors quote.
    """

    region = models.CharField(max_length=24, choices=Region.choices)
    pricing_model = models.CharField(
        max_length=32,
        choices=PricingModel.choices,
        blank=True,
        help_text="Leave blank for the general hourly rate of agent work in the region.",
    )
    low = models.DecimalField(max_digits=10, decimal_places=4, validators=NON_NEGATIVE)
    high = models.DecimalField(
        max_digits=10,
        decimal_places=4,
        validators=NON_NEGATIVE,
        null=True,
        blank=True,
        help_text='Leave empty for a floor with no ceiling ("40 and up").',
    )
    unit = models.CharField(max_length=16, choices=RateUnit.choices)
    currency = models.CharField(max_length=3, default="USD")
    source = models.CharField(max_length=300)
    effective_date = models.DateField()
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["pricing_model", "region", "-effective_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(high__isnull=True) | models.Q(low__lte=models.F("high")),
                name="rate_low_le_high",
            ),
        ]

    def __str__(self) -> str:
        model = self.get_pricing_model_display() or "Hourly rate"
        return (
            f"{model}, {self.get_region_display()}: {self.range_text} "
            f"{self.currency} {self.get_unit_display()}"
        )

    @property
    def range_text(self) -> str:
        """ "22-35", or "40 and up" for a floor with no ceiling."""
        if self.high is None:
            return f"{plain(self.low)} and up"
        return f"{plain(self.low)}-{plain(self.high)}"

    def clean(self):
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValidationError({"low": "The low rate cannot be above the high rate."})

    @property
    def mid(self) -> Decimal | None:
        """The middle of the range; None for a floor with no ceiling."""
        return None if self.high is None else (self.low + self.high) / 2


class CostCase(models.Model):
    """Step 2: the company's own figures that price the in-house option, and the
    targets per channel: inbound phone and chat answer a share of contacts within
    seconds, e-mail and social reply within hours."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="cost_case"
    )
    service_target_percent = models.DecimalField(
        "service-level target (%)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("99.9"))],
    )
    answer_within_seconds = models.PositiveIntegerField(
        "answered within (seconds)", default=20, validators=[MaxValueValidator(3600)]
    )
    reply_within_hours = models.PositiveIntegerField(
        "e-mail and social replied within (hours)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
        help_text="24 hours is the usual standard; at most 336 (two weeks).",
    )
    shrinkage_percent = models.DecimalField(
        "shrinkage (%)",
        max_digits=4,
        decimal_places=1,
        default=Decimal("30"),
        validators=[MinValueValidator(0), MaxValueValidator(Decimal("90"))],
        help_text="Paid time not available for contacts: breaks, training, absence.",
    )
    loaded_salary = _money(
        verbose_name="loaded salary per agent (month)",
        help_text="Salary plus benefits and payroll taxes.",
    )
    training_per_agent = _money(verbose_name="training per agent (month)")
    equipment_per_agent = _money(verbose_name="equipment and supplies per agent (month)")
    rent_per_agent = _money(verbose_name="building or rent per seat (month)")
    it_per_agent = _money(verbose_name="maintenance and IT per agent (month)")
    supervision_per_agent = _money(verbose_name="supervision per agent (month)")
    coverage_extra_percent = models.DecimalField(
        "premium for hours outside business hours (%)",
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(200)],
    )
    in_house_agents_override = models.PositiveIntegerField(
        "in-house agents (override)",
        null=True,
        blank=True,
        help_text="Leave blank to use the staffing math for the scoped volume.",
    )
    oversight_monthly = _money(
        verbose_name="oversight cost (month)",
        help_text="Your own liaison, monitoring and test calls when outsourced.",
    )
    outbound_sales_monthly = _money(
        verbose_name="outbound sales value (month)",
        help_text="Revenue the outbound calls are expected to bring (for commission models).",
    )
    commission_percent = models.DecimalField(
        "commission offered (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    region = models.CharField(
        "region for rate-card options",
        max_length=24,
        choices=Region.choices,
        default=Region.ASIA_PHILIPPINES,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cost case of {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


class CustomerAssessment(models.Model):
    """Step 3: how the customer base may take outsourcing."""

    class LocalPreference(models.TextChoices):
        NONE = "none", "Customers do not mind where service comes from"
        SOME = "some", "Some customers prefer local service"
        STRONG = "strong", "Customers strongly value local service (brand, past complaints)"

    class ResponseExpectation(models.TextChoices):
        MINUTES = "minutes", "Within minutes (live answer)"
        HOURS = "hours", "Within a few hours"
        DAY = "day", "Within about 24 hours"
        DAYS = "days", "Within a few days"

    class DataResidency(models.TextChoices):
        NONE = "none", "No rules on where customer data is handled"
        CONTRACT = "contract", "Contracts or policy restrict it"
        LAW = "law", "Law requires customer data to stay in the country"

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="customer_assessment"
    )
    offshore = models.BooleanField(
        "vendors considered are offshore", default=True, help_text="Outside the United States."
    )
    local_preference = models.CharField(
        max_length=16, choices=LocalPreference.choices, default=LocalPreference.SOME
    )
    language_risk = models.JSONField(
        default=dict, blank=True, help_text="Language and accent risk per channel in scope."
    )
    response_expectation = models.CharField(
        max_length=16, choices=ResponseExpectation.choices, default=ResponseExpectation.MINUTES
    )
    data_residency = models.CharField(
        max_length=16, choices=DataResidency.choices, default=DataResidency.NONE
    )
    notes = models.TextField(blank=True)
    risk_level = models.CharField(
        max_length=8, choices=Level.choices, help_text="Combined level, kept for the vendor step."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Customer-base assessment of {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


auditlog.register(NeedsScope)
auditlog.register(ChannelLine)
auditlog.register(CostCase)
auditlog.register(CustomerAssessment)
auditlog.register(RateCard)
