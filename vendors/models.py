"""Vendors (shared across the organization), the candidates shortlisted for one
engagement, their quotes, the comparison weights and the approval record."""

from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, transition

from portal.models import Engagement
from portal.reference import CURRENCY_CHOICES, Channel, PricingModel, RateUnit, Region

# Reference tables rather than JSON lists: "vendors speaking Spanish" is a join,
# which SQLite and PostgreSQL both filter and index the same way.


class Language(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Certification(models.Model):
    """ISO 27001, SOC 2, PCI DSS, HIPAA, GDPR readiness...; administrators add more."""

    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Vendor(models.Model):
    class CallRecording(models.TextChoices):
        UNKNOWN = "unknown", "Not known yet"
        ALL_AVAILABLE = "all_available", "All calls recorded, available to the client"
        ALL_INTERNAL = "all_internal", "All calls recorded, internal use only"
        SAMPLE = "sample", "A sample of calls recorded"
        NONE = "none", "Calls not recorded"

    name = models.CharField(max_length=200, unique=True)
    headquarters_country = models.CharField(max_length=100)
    website = models.URLField(blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="vendors")
    certifications = models.ManyToManyField(Certification, blank=True, related_name="vendors")
    headcount = models.PositiveIntegerField(
        null=True, blank=True, help_text="Agents and staff, all sites."
    )
    agent_turnover_percent = models.DecimalField(
        "agent turnover %",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text="Agents leaving per year, as a share of the agent headcount.",
    )
    call_recording_policy = models.CharField(
        max_length=16, choices=CallRecording.choices, default=CallRecording.UNKNOWN
    )
    incentive_scheme = models.TextField(
        blank=True, help_text="How agents are motivated: tiered bonuses, contests, goals."
    )
    review_sources = models.TextField(
        blank=True, help_text="Blogs, forums and review sites read, one per line."
    )
    review_notes = models.TextField(blank=True, help_text="What the reviews say.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:vendor-detail", args=[self.pk])


class VendorChannel(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(max_length=16, choices=Channel.choices)

    class Meta:
        ordering = ["channel"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "channel"], name="channel_once_per_vendor")
        ]

    def __str__(self) -> str:
        return self.get_channel_display()


class DeliveryLocation(models.Model):
    """A country the vendor delivers from, and its rate-card region."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="locations")
    country = models.CharField(max_length=100)
    region = models.CharField(max_length=24, choices=Region.choices)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "country"], name="country_once_per_vendor")
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_region_display()})"


class ClientReference(models.Model):
    """Another company using the vendor, to talk to (DOMAIN.md step 4)."""

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="references")
    company = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True, help_text="Name, e-mail or phone.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["company"]

    def __str__(self) -> str:
        return self.company


class Candidate(models.Model):
    """A vendor shortlisted for one engagement.

    The status moves only through the transitions below, called from
    ``vendors.actions`` (which check roles, four-eyes, and record each move).
    """

    class Status(models.TextChoices):
        SHORTLISTED = "shortlisted", "Shortlisted"
        RECOMMENDED = "recommended", "Recommended, awaiting approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="candidates")
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="candidacies")
    status = FSMField(max_length=16, choices=Status.choices, default=Status.SHORTLISTED)
    notes = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who submitted the current recommendation (may not approve it).",
    )

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

    # The workflow, written once. Roles, four-eyes and "one recommendation at a
    # time" are checked by the actions, which also record every move.
    @transition(
        field=status, source=[Status.SHORTLISTED, Status.REJECTED], target=Status.RECOMMENDED
    )
    def recommend(self, *, by) -> None:
        self.recommended_by = by

    @transition(field=status, source=Status.RECOMMENDED, target=Status.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=status, source=Status.RECOMMENDED, target=Status.REJECTED)
    def reject(self) -> None:
        pass


class CandidateTransition(models.Model):
    """One move of the approval workflow: who, when, from, to, why."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Candidate.Status.choices)
    to_status = models.CharField(max_length=16, choices=Candidate.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    open_critical_items = models.PositiveIntegerField(
        default=0,
        help_text="Critical or high-risk due-diligence items not settled when this move was made.",
    )
    confirmed_open_critical = models.BooleanField(
        default=False,
        help_text="The approver confirmed approving although critical items were open.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the e-mail about this move went out."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.candidate.vendor}: {self.from_status} → {self.to_status}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.candidate.engagement_id}


# The unit a rate is given in under each pricing model (DOMAIN.md "Pricing models"
# and the reference rate card): the cost model reads the rate in exactly this unit.
UNIT_FOR_PRICING_MODEL = {
    PricingModel.SHARED_PER_MINUTE: RateUnit.PER_MINUTE,
    PricingModel.DEDICATED_PER_HOUR: RateUnit.PER_HOUR,
    PricingModel.MONTHLY: RateUnit.PER_MONTH,
    PricingModel.OUTBOUND_HOURLY: RateUnit.PER_HOUR,
    PricingModel.COMMISSION: RateUnit.PERCENT_PREMIUM,
    PricingModel.HOURLY_PLUS_COMMISSION: RateUnit.PER_HOUR,
}


def unit_problem(pricing_model: str, unit: str) -> str:
    """Why ``unit`` does not fit ``pricing_model``, or "" when it does."""
    expected = UNIT_FOR_PRICING_MODEL.get(pricing_model)
    if expected is None or unit == expected:
        return ""
    return (
        f"A “{PricingModel(pricing_model).label}” quote is priced {expected.label}, "
        f"not {RateUnit(unit).label if unit in RateUnit.values else unit}: "
        f"choose “{expected.label}”."
    )


class Quote(models.Model):
    """A vendor's price for the engagement under one pricing model of DOMAIN.md."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="quotes")
    pricing_model = models.CharField(max_length=32, choices=PricingModel.choices)
    rate = models.DecimalField(max_digits=10, decimal_places=4, validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=16, choices=RateUnit.choices)
    currency = models.CharField(
        max_length=3,
        choices=CURRENCY_CHOICES,
        default="USD",
        blank=True,  # only a pre-list free-text value the migration could not read
        help_text="The currency the vendor quotes in (ISO 4217).",
    )
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
    channels = models.JSONField(
        "channels covered",
        default=list,
        blank=True,
        help_text=(
            "The scoped channels this price covers (channel values); none: every scoped "
            "channel of its direction (inbound models the inbound channels, outbound "
            "models outbound phone). A scoped channel no quote covers stays in-house."
        ),
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["candidate", "pricing_model"]

    def __str__(self) -> str:
        model, unit = self.get_pricing_model_display(), self.get_unit_display()
        return f"{model}: {self.rate_display} {self.currency} {unit}"

    @property
    def rate_display(self) -> str:
        """The rate without trailing zeros, but with cents: 14.00, 0.42, 0.425."""
        rate = Decimal(self.rate).normalize()
        return f"{rate:.2f}" if -rate.as_tuple().exponent <= 2 else f"{rate:f}"

    @property
    def channels_display(self) -> str:
        """The channels the price covers, by label ("E-mail, Chat"); "" for all of its direction."""
        labels = dict(Channel.choices)
        return ", ".join(labels.get(c, c) for c in self.channels or ())

    def get_additional_data(self) -> dict:
        # An accepted vendor proposal adds where it came from (vendors.invitations).
        return {"engagement_id": self.candidate.engagement_id, **(self.audit_extra or {})}

    audit_extra: dict | None = None


class ComparisonWeights(models.Model):
    """How much each criterion counts in one engagement's comparison (0-100 each)."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="comparison_weights"
    )
    cost = models.PositiveSmallIntegerField(default=30, validators=[MaxValueValidator(100)])
    diligence = models.PositiveSmallIntegerField(default=25, validators=[MaxValueValidator(100)])
    test_calls = models.PositiveSmallIntegerField(default=15, validators=[MaxValueValidator(100)])
    language = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(100)])
    customer_risk = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(100)]
    )
    references = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(100)])
    required_languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="+",
        help_text="Languages the vendor's agents must speak to the customers.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "comparison weights"

    def __str__(self) -> str:
        return f"Weights for {self.engagement}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}


auditlog.register(Vendor, m2m_fields={"languages", "certifications"})
auditlog.register(ComparisonWeights, m2m_fields={"required_languages"})
for _model in (
    Language,
    Certification,
    VendorChannel,
    DeliveryLocation,
    ClientReference,
    Candidate,
    CandidateTransition,
    Quote,
):
    auditlog.register(_model)
