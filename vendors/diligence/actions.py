"""Write operations of due diligence: checklists, answers, evidence, test calls, templates.

Each is one transaction, audited under the acting user.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from portal import uploads
from portal.actions import DomainError
from vendors.diligence.models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Evidence,
    TestCall,
)
from vendors.models import Candidate

# --- Templates (administrators, through the admin) ---------------------------


def checklist_template_in_use(template: ChecklistTemplate) -> bool:
    return template.pk is not None and Checklist.objects.filter(template_id=template.pk).exists()


@transaction.atomic
def checklist_template_save(*, user, template: ChecklistTemplate) -> bool:
    """Save an edited template; one already used by a checklist becomes a new version.

    The version in use is left exactly as it was (its checklists keep their
    questions); ``template`` is saved as a new row with the next version number
    and takes over "current" if the old one had it. Returns True when a new
    version was created, so the caller copies the items across.
    """
    with set_actor(user):
        new_version = checklist_template_in_use(template)
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
            ChecklistTemplate.objects.filter(is_current=True).exclude(pk=template.pk).update(
                is_current=False
            )
        template.save()
    return new_version


def _next_version(name: str) -> int:
    latest = ChecklistTemplate.objects.filter(name=name).aggregate(v=Max("version"))["v"]
    return (latest or 0) + 1


@transaction.atomic
def checklist_template_new_version(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
    """Copy a template and its items into a new, not yet current, version to edit."""
    with set_actor(user):
        copy = ChecklistTemplate.objects.create(
            name=template.name,
            version=_next_version(template.name),
            is_current=False,
            change_note=f"Copied from version {template.version}.",
        )
        ChecklistTemplateItem.objects.bulk_create(
            ChecklistTemplateItem(
                template=copy,
                group=item.group,
                text=item.text,
                guidance=item.guidance,
                critical=item.critical,
                order=item.order,
            )
            for item in template.items.all()
        )
    return copy


@transaction.atomic
def checklist_template_make_current(*, user, template: ChecklistTemplate) -> ChecklistTemplate:
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
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, template_item=item) for item in template_items
    )
    return checklist


@transaction.atomic
def checklist_item_update(
    *, user, item: ChecklistItem, answer: str, notes: str, risk: str, reviewer
) -> ChecklistItem:
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
    try:
        inspected = uploads.inspect_upload(upload)
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
    _check_test_call(values)
    with set_actor(user):
        return TestCall.objects.create(
            candidate=candidate, **{field: values[field] for field in TEST_CALL_FIELDS}
        )


@transaction.atomic
def test_call_update(*, user, test_call: TestCall, values: dict) -> TestCall:
    _check_test_call(values)
    with set_actor(user):
        for field in TEST_CALL_FIELDS:
            setattr(test_call, field, values[field])
        test_call.save()
    return test_call


@transaction.atomic
def test_call_delete(*, user, test_call: TestCall) -> None:
    with set_actor(user):
        test_call.delete()
