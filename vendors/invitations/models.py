"""Vendors answering for themselves: an invitation link per vendor contact, and what
the contact proposes through it (checklist answers with files, price quotes).

Nothing a contact proposes counts until a team member accepts it: proposals live
here, beside the checklist and the quotes, and an accepted one is written to the
checklist item or becomes a Quote by ``actions`` (audited as coming from the
invitation and accepted by the member). Only the SHA-256 of an invitation's token
is stored (``portal.tokens.token_hash``); the link itself is shown once.
"""

from __future__ import annotations

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from portal.reference import CURRENCY_CHOICES, PricingModel, RateUnit
from vendors.diligence.models import ChecklistItem, Evidence
from vendors.models import Candidate, Quote

ANSWER_MAX_CHARS = 5000


class RfpRound(models.Model):
    """A request for proposal: several candidates invited at once, the same questions,
    the same brief and one deadline. While it is open the comparison weights are
    frozen, unless a manager reopened them (with the reason recorded)."""

    engagement = models.ForeignKey(
        "portal.Engagement", on_delete=models.CASCADE, related_name="rfp_rounds"
    )
    number = models.PositiveIntegerField()
    deadline = models.DateTimeField()
    message = models.TextField(blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    weights_reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    weights_reopened_at = models.DateTimeField(null=True, blank=True)
    weights_reopened_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["engagement", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "number"], name="round_number_once"),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.engagement_id}

    def is_open(self, now=None) -> bool:
        return self.closed_at is None and (now or timezone.now()) < self.deadline

    @property
    def weights_frozen(self) -> bool:
        return self.is_open() and self.weights_reopened_at is None


class Invitation(models.Model):
    """One vendor contact's link to answer for one candidate."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        SUBMITTED = "submitted", "Submitted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="invitations")
    round = models.ForeignKey(
        RfpRound, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    contact_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    may_answer_checklist = models.BooleanField(default=True)
    may_upload_evidence = models.BooleanField(default=True)
    may_quote = models.BooleanField(default=True)
    # The pricing models the contact may quote under (PricingModel values).
    pricing_models = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    deadline = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Bookkeeping of the e-mails (plain UPDATEs, not audited).
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    team_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_3_days_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_1_day_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["candidate", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.contact_name} ({self.candidate.vendor})"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.candidate.engagement_id}

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.submitted_at is not None:
            return self.State.SUBMITTED
        if now >= self.deadline:
            return self.State.EXPIRED
        return self.State.OPEN

    def get_state_display(self) -> str:
        return self.State(self.state()).label

    def usable(self, now=None) -> bool:
        """The link still opens (submitted responses stay readable until the deadline)."""
        now = now or timezone.now()
        return self.revoked_at is None and now < self.deadline

    @property
    def source(self) -> str:
        """How the audit history names the contact: "Ana Ruiz, Manila Contact Co."."""
        return f"{self.contact_name}, {self.candidate.vendor}"


class Review(models.TextChoices):
    PENDING = "pending", "Awaiting review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class _Reviewed(models.Model):
    status = models.CharField(max_length=8, choices=Review.choices, default=Review.PENDING)
    review_note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def get_additional_data(self) -> dict:
        invitation = self.invitation
        return {
            "engagement_id": invitation.candidate.engagement_id,
            "source": invitation.source,
            "invitation_id": invitation.pk,
        }


class ProposedAnswer(_Reviewed):
    """A contact's answer to one checklist item, until the team accepts or rejects it."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="proposals")
    answer = models.CharField(max_length=8, choices=ChecklistItem.Answer.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["invitation", "item"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "item"], name="one_proposal_per_item"),
        ]

    def __str__(self) -> str:
        return f"Proposed answer to “{self.item.template_item.text}”"


def _proposed_path(instance, filename: str) -> str:
    return f"proposed/{uuid.uuid4().hex}"


class ProposedEvidence(models.Model):
    """A file a contact uploaded for an item; it becomes evidence when the answer is accepted."""

    proposal = models.ForeignKey(ProposedAnswer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=_proposed_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Set once accepted: the checklist evidence now owns the stored file.
    evidence = models.OneToOneField(
        Evidence, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["proposal", "uploaded_at", "id"]
        verbose_name_plural = "proposed evidence"

    def __str__(self) -> str:
        return self.original_name

    def get_additional_data(self) -> dict:
        data = self.proposal.get_additional_data()
        return data


class ProposedQuote(_Reviewed):
    """A contact's price under one pricing model the team allowed."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="quotes")
    pricing_model = models.CharField(max_length=32, choices=PricingModel.choices)
    rate = models.DecimalField(max_digits=10, decimal_places=4, validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=16, choices=RateUnit.choices)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="USD")
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    minimum_monthly = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    setup_fee = models.DecimalField(
        max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    includes = models.TextField(blank=True, help_text="What the price includes.")
    quote = models.OneToOneField(
        Quote, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["invitation", "pricing_model"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "pricing_model"], name="one_proposed_quote_per_model"
            ),
        ]

    def __str__(self) -> str:
        return f"Proposed quote, {self.get_pricing_model_display()}"


class RespondentEvent(models.Model):
    """What a contact did through the link, when and from which address."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


auditlog.register(RfpRound)
auditlog.register(
    Invitation,
    exclude_fields=[
        "token_hash",
        "emailed_at",
        "team_notified_at",
        "reminded_3_days_at",
        "reminded_1_day_at",
    ],
)
auditlog.register(ProposedAnswer)
auditlog.register(ProposedEvidence)
auditlog.register(ProposedQuote)
