"""Models of step 4: due-diligence checklists with evidence, and test calls.

Checklist templates are versioned: a template a checklist already uses is never
changed in place (see ``actions.checklist_template_save``), so a started
checklist keeps the questions it was started with.
"""

from __future__ import annotations

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from portal.reference import Channel
from vendors.models import Candidate


class ChecklistGroup(models.TextChoices):
    DATA_PROTECTION = "data_protection", "Data protection and company assets"
    LEGAL = "legal", "Legal, labor law and regulation of the vendor's country"
    REFERENCES = "references", "References and reputation"
    OPERATIONS = "operations", "Operations and quality"
    CONTRACT = "contract", "Contract readiness"


class ChecklistTemplate(models.Model):
    """One version of the due-diligence questions, kept by administrators."""

    name = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1, editable=False)
    is_current = models.BooleanField(
        default=False,
        help_text="New checklists are started from the current template (only one is current).",
    )
    change_note = models.CharField(
        max_length=300, blank=True, help_text="What changed in this version, for the record."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="template_version_once"),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_checklist_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    group = models.CharField(max_length=32, choices=ChecklistGroup.choices)
    text = models.CharField(max_length=300, help_text="The question the reviewer answers.")
    guidance = models.TextField(blank=True, help_text="What good evidence looks like.")
    critical = models.BooleanField(
        default=False, help_text='A "no" on a critical item is a red flag in the summary.'
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Checklist(models.Model):
    """The due-diligence checklist of one candidate, from one template version."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="checklist")
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="checklists"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Due diligence of {self.candidate.vendor}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.candidate.engagement_id}


class ChecklistItem(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        PARTIAL = "partial", "Partly"
        NO = "no", "No"
        NOT_APPLICABLE = "na", "Not applicable"

    class Risk(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    template_item = models.ForeignKey(
        ChecklistTemplateItem, on_delete=models.PROTECT, related_name="+"
    )
    # Blank answer = still open.
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    notes = models.TextField(blank=True)
    risk = models.CharField(max_length=8, choices=Risk.choices, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when a re-assessment round starts: the answer is last round's, shown
    # "to confirm" until someone saves the item again.
    to_confirm = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["checklist", "template_item__order", "template_item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "template_item"], name="template_item_once_per_checklist"
            ),
        ]

    def __str__(self) -> str:
        return self.template_item.text

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.checklist.candidate.engagement_id}


def _evidence_path(instance, filename: str) -> str:
    # Uploads are stored by portal.uploads.store_upload (evidence/<uuid>.<ext>);
    # this covers files saved through the field directly: never the uploader's name.
    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file backing a checklist answer; stored privately under a generated name."""

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(max_length=200, help_text="Sanitised, for display only.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    effective_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the document (a certificate, a policy) took effect.",
    )
    expires_on = models.DateField(
        null=True, blank=True, help_text="When it stops being valid; empty if it does not expire."
    )

    class Meta:
        ordering = ["item", "uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.item.checklist.candidate.engagement_id}


class Reassessment(models.Model):
    """One round of due diligence repeated after go-live (the first round is the
    checklist as started in step 4).

    A round re-points the checklist at the current template, keeps the answers as
    they were (``previous_answers``, the history) and marks them "to confirm"; it is
    complete once every item is saved again.
    """

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(help_text="2 for the first re-assessment.")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, related_name="+")
    comes_due_on = models.DateField(help_text="The day the cadence brought it due.")
    due_date = models.DateField(help_text="The day it should be done by.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    previous_answers = models.JSONField(
        default=list, blank=True, help_text="Each item's answer, risk and notes before the round."
    )
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Claimed just before the assignee's e-mail goes out (cleared again if it fails).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["checklist", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="reassessment_once"),
            models.UniqueConstraint(
                fields=["checklist", "comes_due_on"], name="reassessment_once_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Re-assessment {self.number} of {self.checklist.candidate.vendor}"

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.checklist.candidate.engagement_id}


# Channels answered live, timed in seconds; the others (e-mail, social media) are
# timed in hours to the reply, up to two weeks.
LIVE_CHANNELS = frozenset({Channel.INBOUND_PHONE, Channel.OUTBOUND_PHONE, Channel.CHAT})
MAX_REPLY_HOURS = 14 * 24


class TestCall(models.Model):
    """A call made to the vendor's existing lines as a customer (DOMAIN.md step 4)."""

    __test__ = False  # not a pytest test class, whatever its name

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="test_calls")
    called_at = models.DateTimeField()
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who made the call.",
    )
    channel = models.CharField(max_length=32, choices=Channel.choices)
    scenario = models.CharField(
        max_length=300, help_text='What the "customer" asked, e.g. "refund for a late order".'
    )
    # How long the vendor took, in the measure that fits the channel (LIVE_CHANNELS
    # in seconds, the written ones in hours); the other one stays empty.
    wait_seconds = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Phone: seconds before a person answered. Chat: seconds to the first reply.",
    )
    reply_hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_REPLY_HOURS)],
        help_text="E-mail and social media: hours until the reply.",
    )
    handle_minutes = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text="Minutes from answer to the end of the contact.",
    )
    resolved_first_contact = models.BooleanField(
        null=True,
        blank=True,
        help_text="The problem was solved in this one contact (empty: not recorded).",
    )
    courtesy = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    language_clarity = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    product_knowledge = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    notes = models.TextField(blank=True)
    recording_reference = models.CharField(
        max_length=500,
        blank=True,
        help_text="Link to the recording, or where it is kept.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-called_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(courtesy__gte=1, courtesy__lte=5)
                & Q(language_clarity__gte=1, language_clarity__lte=5)
                & Q(product_knowledge__gte=1, product_knowledge__lte=5),
                name="test_call_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} test call, {self.called_at:%Y-%m-%d}"

    @property
    def is_live(self) -> bool:
        return self.channel in LIVE_CHANNELS

    def get_additional_data(self) -> dict:
        return {"engagement_id": self.candidate.engagement_id}

    @property
    def recording_is_link(self) -> bool:
        return self.recording_reference.lower().startswith(("https://", "http://"))


# auditlog records reverse relations too; one named "items" would shadow
# ``changes_dict.items`` in the History template, so it is left out.
auditlog.register(ChecklistTemplate, exclude_fields=["items"])
auditlog.register(ChecklistTemplateItem)
auditlog.register(Checklist, exclude_fields=["items"])
auditlog.register(ChecklistItem)
auditlog.register(Evidence)
auditlog.register(Reassessment, exclude_fields=["previous_answers", "notified_at"])
auditlog.register(TestCall)
