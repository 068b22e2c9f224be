"""Write operations of due diligence: checklists, answers, evidence, test calls, templates.

Each is one transaction, audited under the acting user.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import NamedTuple

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from portal import access, uploads
from portal.errors import DomainError
from portal.models import Engagement
from vendors import actions as vendor_actions
from vendors.diligence.models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Evidence,
    TestCall,
)
from vendors.models import Candidate, Vendor

# --- Templates (administrators, through the admin) ---------------------------


def _require_template_admin(user) -> None:
    """Templates are reference data: staff with the model permission keep them."""
    if not (user.is_staff and user.has_perm("diligence.change_checklisttemplate")):
        raise PermissionDenied("Only administrators keep the checklist templates.")


def checklist_template_in_use(template: ChecklistTemplate) -> bool:
    return template.pk is not None and Checklist.objects.filter(template_id=template.pk).exists()


@transaction.atomic
def checklist_template_save(*, user, template: ChecklistTemplate, items_changed: bool) -> bool:
    """Save an edited template; one already used by a checklist becomes a new version
    when its items (the questions) changed.

    The version in use is left exactly as it was (its checklists keep their
    questions); ``template`` is saved as a new row with the next version number
    and takes over "current" if the old one had it. Returns True when a new
    version was created, so the caller copies the items across. Without item
    changes (only the name, note or "current" flag, or nothing at all) the
    template is saved in place: a no-op save must not create a version.
    """
    _require_template_admin(user)
    with set_actor(user):
        new_version = items_changed and checklist_template_in_use(template)
        if new_version:
            old = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
            if old.is_current:
                old.is_current = False
                old.save(update_fields=["is_current"])
                template.is_current = True
            template.pk = None
            template._state.adding = True
            template.version = _next_version(template.name)
        elif template.pk is None:
            template.version = _next_version(template.name)
        if template.is_current:
            # One by one, so the History of each template shows it stopped being current.
            for other in ChecklistTemplate.objects.filter(is_current=True).exclude(pk=template.pk):
                other.is_current = False
                other.save(update_fields=["is_current"])
        template.save()
    return new_version


def _next_version(name: str) -> int:
    latest = ChecklistTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def checklist_template_new_version(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a template and its items into a new, not yet current, version to edit."""
    _require_template_admin(user)
    with set_actor(user):
        copy = ChecklistTemplate.objects.create(
            name=template.name,
            version=_next_version(template.name),
            is_current=False,
            change_note=f"Copied from version {template.version}.",
        )
        # One by one, not bulk_create, so each copied item leaves its audit entry.
        for item in template.items.all():
            ChecklistTemplateItem.objects.create(
                template=copy,
                group=item.group,
                text=item.text,
                guidance=item.guidance,
                critical=item.critical,
                order=item.order,
            )
    return copy


@transaction.atomic
def checklist_template_make_current(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
    _require_template_admin(user)
    if not template.items.exists():
        raise DomainError("A template without items cannot become the current one.")
    with set_actor(user):
        for other in ChecklistTemplate.objects.filter(is_current=True).exclude(pk=template.pk):
            other.is_current = False
            other.save(update_fields=["is_current"])
        template.is_current = True
        template.save(update_fields=["is_current"])
    return template


# --- Checklists ---------------------------------------------------------------


@transaction.atomic
def checklist_start(*, user, candidate: Candidate) -> Checklist:
    """Give the candidate a checklist from the current template (once; idempotent)."""
    access.require(user, access.CHANGE, candidate.engagement)
    existing = Checklist.objects.filter(candidate=candidate).first()
    if existing is not None:
        return existing
    template = ChecklistTemplate.objects.filter(is_current=True).first()
    if template is None:
        raise DomainError("No checklist template is current; ask an administrator to set one.")
    template_items = list(template.items.all())
    if not template_items:
        raise DomainError("The current checklist template has no items; ask an administrator.")
    with set_actor(user):
        checklist = Checklist.objects.create(
            candidate=candidate, template=template, started_by=user
        )
        # One by one, not bulk_create: each item's audit entry, tagged with the
        # engagement, shows on its History page.
        for item in template_items:
            ChecklistItem.objects.create(checklist=checklist, template_item=item)
    return checklist


class CandidateAdded(NamedTuple):
    candidate: Candidate
    checklist: Checklist | None
    checklist_problem: str  # why no checklist was started, or ""


@transaction.atomic
def candidate_add_with_checklist(
    *, user, engagement: Engagement, vendor: Vendor, notes: str = ""
) -> CandidateAdded:
    """Shortlist ``vendor`` and start its due-diligence checklist from the current template.

    This lives here rather than in ``vendors.actions.candidate_add`` because
    dependencies run one way: due diligence builds on the shortlist (its models
    point at Candidate), so the shortlist's actions know nothing of checklists.
    The step-4 page calls this. When no template can be used (none is current,
    or it has no items) the candidate is still added and the reason returned;
    the checklist can be started later from the candidate's checklist page.
    """
    candidate = vendor_actions.candidate_add(
        user=user, engagement=engagement, vendor=vendor, notes=notes
    )
    try:
        checklist = checklist_start(user=user, candidate=candidate)
    except DomainError as exc:
        return CandidateAdded(candidate, None, str(exc))
    return CandidateAdded(candidate, checklist, "")


@transaction.atomic
def checklist_item_update(
    *, user, item: ChecklistItem, answer: str, notes: str, risk: str, reviewer
) -> ChecklistItem:
    access.require(user, access.CHANGE, item.checklist.candidate.engagement)
    if answer not in ChecklistItem.Answer.values and answer != "":
        raise DomainError("Choose yes, partly, no or not applicable.")
    if risk not in ChecklistItem.Risk.values and risk != "":
        raise DomainError("Choose a low, medium or high risk.")
    if answer and not risk and answer != ChecklistItem.Answer.NOT_APPLICABLE:
        raise DomainError("Rate the risk of an answered item (low, medium or high).")
    with set_actor(user):
        item.answer = answer
        item.notes = notes.strip()
        item.risk = risk
        item.reviewer = reviewer
        item.save(update_fields=["answer", "notes", "risk", "reviewer", "updated_at"])
    return item


# --- Evidence -----------------------------------------------------------------


@transaction.atomic
def evidence_add(*, user, item: ChecklistItem, upload) -> Evidence:
    """Store an uploaded file as evidence, after checking it as hostile input.

    The form checks the file already; it is checked again here so no caller can
    skip it. Nothing is stored when the check fails. The file goes to the
    default storage under a generated name; if the row cannot be written the
    file is removed again.
    """
    access.require(user, access.CHANGE, item.checklist.candidate.engagement)
    try:
        inspected = uploads.inspect_upload(upload, purpose=uploads.EVIDENCE)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    stored_name = uploads.store_upload(upload, inspected, folder="evidence")
    try:
        with set_actor(user):
            evidence = Evidence(
                item=item,
                original_name=inspected.display_name,
                content_type=inspected.content_type,
                size=inspected.size,
                uploaded_by=user,
            )
            evidence.file.name = stored_name
            evidence.save()
    except Exception:
        uploads.delete_stored(stored_name)
        raise
    return evidence


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    access.require(user, access.CHANGE, evidence.item.checklist.candidate.engagement)
    stored_name = evidence.file.name
    with set_actor(user):
        evidence.delete()
    transaction.on_commit(lambda: uploads.delete_stored(stored_name))


# --- Test calls ---------------------------------------------------------------

TEST_CALL_FIELDS = (
    "called_at",
    "caller",
    "channel",
    "scenario",
    "wait_seconds",
    "handle_minutes",
    "resolved_first_contact",
    "courtesy",
    "language_clarity",
    "product_knowledge",
    "notes",
    "recording_reference",
)


def _check_test_call(values: dict) -> None:
    for score in ("courtesy", "language_clarity", "product_knowledge"):
        if not 1 <= int(values[score]) <= 5:
            raise DomainError("Scores run from 1 (poor) to 5 (excellent).")
    if values["wait_seconds"] < 0 or Decimal(values["handle_minutes"]) < 0:
        raise DomainError("Waiting and handling times cannot be negative.")
    if values["called_at"] > datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1):
        raise DomainError("A test call cannot be logged in the future.")


@transaction.atomic
def test_call_create(*, user, candidate: Candidate, values: dict) -> TestCall:
    access.require(user, access.CHANGE, candidate.engagement)
    _check_test_call(values)
    with set_actor(user):
        return TestCall.objects.create(
            candidate=candidate, **{field: values[field] for field in TEST_CALL_FIELDS}
        )


@transaction.atomic
def test_call_update(*, user, test_call: TestCall, values: dict) -> TestCall:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    _check_test_call(values)
    with set_actor(user):
        for field in TEST_CALL_FIELDS:
            setattr(test_call, field, values[field])
        test_call.save()
    return test_call


@transaction.atomic
def test_call_delete(*, user, test_call: TestCall) -> None:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    with set_actor(user):
        test_call.delete()
