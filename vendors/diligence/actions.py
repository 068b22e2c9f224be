"""Write operations of due diligence: checklists, answers and evidence.

Each is one transaction, audited under the acting user. (The checklist templates,
kept by administrators, have their own: ``vendors.diligence.template_actions``; so
do test calls, ``test_call_actions``, and re-assessment rounds, ``reassessment_actions``.)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal import access, uploads
from portal.errors import DomainError
from portal.models import Engagement
from vendors import actions as vendor_actions
from vendors.diligence.models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    Reassessment,
)
from vendors.models import Candidate

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

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


# --- Answers -------------------------------------------------------------------


def _complete_round_if_confirmed(checklist_id: int) -> None:
    """The open round is complete once no answer is left to confirm."""
    if ChecklistItem.objects.filter(checklist_id=checklist_id, to_confirm=True).exists():
        return
    for round_ in Reassessment.objects.filter(checklist_id=checklist_id, completed_at__isnull=True):
        round_.completed_at = timezone.now()
        round_.save(update_fields=["completed_at"])


def save_answered(item: ChecklistItem, fields: list[str]) -> None:
    """Save an item's new answer (``fields`` changed): a saved answer confirms it, so
    its re-assessment "to confirm" flag clears and the open round completes once none
    is left. Whether the team typed it or accepted a vendor contact's, it goes here."""
    confirmed = item.to_confirm
    item.to_confirm = False
    item.save(update_fields=[*fields, "to_confirm", "updated_at"])
    if confirmed:
        _complete_round_if_confirmed(item.checklist_id)


class CandidateAdded(NamedTuple):
    candidate: Candidate
    checklist: Checklist | None
    checklist_problem: str  # why no checklist was started, or ""


@transaction.atomic
def candidate_add_with_checklist(
    *, user, engagement: Engagement, data: vendor_actions.CandidateInput
) -> CandidateAdded:
    """Shortlist a vendor and start its due-diligence checklist from the current template.

    This lives here rather than in ``vendors.actions.candidate_add`` because
    dependencies run one way: due diligence builds on the shortlist (its models
    point at Candidate), so the shortlist's actions know nothing of checklists.
    The step-4 page calls this. When no template can be used (none is current,
    or it has no items) the candidate is still added and the reason returned;
    the checklist can be started later from the candidate's checklist page.
    """
    candidate = vendor_actions.candidate_add(user=user, engagement=engagement, data=data)
    try:
        checklist = checklist_start(user=user, candidate=candidate)
    except DomainError as exc:
        return CandidateAdded(candidate, None, str(exc))
    return CandidateAdded(candidate, checklist, "")


@dataclass(frozen=True)
class ChecklistAnswerInput:
    """The answer to one checklist item, with the evidence files posted beside it; a
    blank answer leaves the item open."""

    answer: str
    risk: str = ""
    reviewer: AbstractBaseUser | None = None
    notes: str = ""
    evidence: tuple = ()  # uploaded files, checked before anything is written
    # What the files posted with the answer say of themselves (effective: the upload
    # day when not given).
    evidence_effective_date: datetime.date | None = None
    evidence_expires_on: datetime.date | None = None


def _answer_problems(data: ChecklistAnswerInput) -> dict[str, str]:
    problems = {}
    if data.answer not in ChecklistItem.Answer.values and data.answer != "":
        problems["answer"] = "Choose yes, partly, no or not applicable."
    if data.risk not in ChecklistItem.Risk.values and data.risk != "":
        problems["risk"] = "Choose a low, medium or high risk."
    elif data.answer and not data.risk and data.answer != ChecklistItem.Answer.NOT_APPLICABLE:
        problems["risk"] = "Rate the risk of an answered item (low, medium or high)."
    problems.update(_evidence_date_problems(data.evidence_effective_date, data.evidence_expires_on))
    return problems


def _evidence_date_problems(effective, expires) -> dict[str, str]:
    """An expiry after the effective date (which, when not given, is the upload day)."""
    problems = {}
    effective = effective or timezone.localdate()
    if expires is not None and expires < effective:
        problems["evidence_expires_on"] = (
            f"The expiry date comes before the effective date ({effective:%Y-%m-%d})."
        )
    return problems


@transaction.atomic
def checklist_item_update(
    *, user, item: ChecklistItem, data: ChecklistAnswerInput
) -> ChecklistItem:
    """Save the answer and add its evidence files, all or nothing: a refused file
    (empty, disguised, too large) refuses the whole post, so the page can show the
    typed answer again with the file's reason and nothing is half-saved."""
    access.require(user, access.CHANGE, item.checklist.candidate.engagement)
    problems = _answer_problems(data)
    inspected = []
    file_problems = []
    for upload in data.evidence:
        try:
            inspected.append((upload, uploads.inspect_upload(upload, purpose=uploads.EVIDENCE)))
        except ValidationError as exc:
            file_problems.append(f"{upload.name}: {' '.join(exc.messages)}")
    if file_problems:
        problems["evidence"] = " ".join(file_problems)
    if problems:
        raise DomainError(fields=problems)
    with set_actor(user):
        item.answer = data.answer
        item.notes = data.notes.strip()
        item.risk = data.risk
        item.reviewer = data.reviewer
        save_answered(item, ["answer", "notes", "risk", "reviewer"])
        stored: list[str] = []
        try:
            for upload, checked in inspected:
                evidence = _store_evidence(
                    user=user,
                    item=item,
                    upload=upload,
                    inspected=checked,
                    effective_date=data.evidence_effective_date,
                    expires_on=data.evidence_expires_on,
                )
                stored.append(evidence.file.name)
        except Exception:
            for name in stored:  # the rows roll back with the transaction; the files too
                uploads.delete_stored(name)
            raise
    return item


# --- Evidence -----------------------------------------------------------------


@transaction.atomic
def evidence_add(
    *,
    user,
    item: ChecklistItem,
    upload,
    effective_date: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Evidence:
    """Store an uploaded file as evidence, after checking it as hostile input.

    Nothing is stored when the check fails (the message is the file field's).
    The file goes to the default storage under a generated name; if the row
    cannot be written the file is removed again.
    """
    access.require(user, access.CHANGE, item.checklist.candidate.engagement)
    try:
        inspected = uploads.inspect_upload(upload, purpose=uploads.EVIDENCE)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    if problems := _evidence_date_problems(effective_date, expires_on):
        raise DomainError(fields=problems)
    with set_actor(user):
        return _store_evidence(
            user=user,
            item=item,
            upload=upload,
            inspected=inspected,
            effective_date=effective_date,
            expires_on=expires_on,
        )


def _store_evidence(
    *, user, item: ChecklistItem, upload, inspected, effective_date=None, expires_on=None
) -> Evidence:
    """Store a checked upload and write its row; if the row fails, the file is removed."""
    stored_name = uploads.store_upload(upload, inspected, folder="evidence")
    try:
        evidence = Evidence(
            item=item,
            original_name=inspected.display_name,
            content_type=inspected.content_type,
            size=inspected.size,
            uploaded_by=user,
            effective_date=effective_date or timezone.localdate(),
            expires_on=expires_on,
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
    with set_actor(user):
        uploads.delete_with_stored_files(evidence)
