"""Write operations of due diligence: checklists, answers, evidence and test calls.

Each is one transaction, audited under the acting user. (The checklist templates,
kept by administrators, have their own: ``vendors.diligence.template_actions``.)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import access, uploads
from portal.errors import DomainError
from portal.models import Engagement
from vendors import actions as vendor_actions
from vendors.diligence.models import (
    LIVE_CHANNELS,
    MAX_REPLY_HOURS,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    Reassessment,
    TestCall,
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


# --- Re-assessment rounds -------------------------------------------------------


def _question_key(template_item) -> tuple[str, str]:
    """A question across template versions: its group and its text."""
    return template_item.group, " ".join(template_item.text.split()).casefold()


@transaction.atomic
def reassessment_start(
    *, checklist_id: int, comes_due_on: datetime.date, due_date: datetime.date, assignee
) -> Reassessment | None:
    """Start the next due-diligence round of a checklist, once per due day.

    Run by the daily job, not a person. The checklist row is locked, so two runs at
    once start one round; a round already started for ``comes_due_on`` returns None.
    The checklist moves to the current template: each question still asked keeps its
    answer, risk, notes and evidence, marked "to confirm"; a new question starts
    open; the answers as they stood are kept on the round (``previous_answers``).
    """
    checklist = Checklist.objects.select_for_update().filter(pk=checklist_id).first()
    if checklist is None:
        return None
    if Reassessment.objects.filter(checklist=checklist, comes_due_on=comes_due_on).exists():
        return None
    template = ChecklistTemplate.objects.filter(is_current=True).first() or checklist.template
    items = list(checklist.items.select_related("template_item"))
    previous = [
        {
            "item": item.pk,
            "question": item.template_item.text,
            "answer": item.answer,
            "risk": item.risk,
            "notes": item.notes,
        }
        for item in items
    ]
    last = checklist.rounds.order_by("-number").values_list("number", flat=True).first()
    try:
        # The claim: a run that lost the race (same due day or number) starts nothing.
        with transaction.atomic():
            round_ = Reassessment.objects.create(
                checklist=checklist,
                number=(last or 1) + 1,
                template=template,
                comes_due_on=comes_due_on,
                due_date=due_date,
                assignee=assignee,
                previous_answers=previous,
            )
    except IntegrityError:
        return None
    by_question = {_question_key(item.template_item): item for item in items}
    for template_item in template.items.all():
        item = by_question.pop(_question_key(template_item), None)
        if item is None:
            ChecklistItem.objects.create(checklist=checklist, template_item=template_item)
            continue
        item.template_item = template_item
        item.to_confirm = True
        item.save(update_fields=["template_item", "to_confirm", "updated_at"])
    if checklist.template_id != template.pk:
        checklist.template = template
        checklist.save(update_fields=["template"])
    return round_


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


# --- Test calls ---------------------------------------------------------------


@dataclass(frozen=True)
class TestCallInput:
    """One call to the vendor's lines as a customer, as the test-call form gives it.

    The time taken is in the channel's own measure: ``wait_seconds`` for phone and
    chat, ``reply_hours`` for e-mail and social media (the other is ignored).
    ``resolved_first_contact`` None: not recorded."""

    __test__ = False  # not a pytest test class, whatever its name

    called_at: datetime.datetime
    caller: AbstractBaseUser
    channel: str
    scenario: str
    handle_minutes: Decimal
    courtesy: int
    language_clarity: int
    product_knowledge: int
    wait_seconds: int | None = None
    reply_hours: Decimal | None = None
    resolved_first_contact: bool | None = None
    notes: str = ""
    recording_reference: str = ""


SCORE_FIELDS = ("courtesy", "language_clarity", "product_knowledge")
# Only http(s) references are shown as links; script-like schemes are refused outright.
_SCRIPT_SCHEME = re.compile(r"\s*(javascript|data|vbscript|file)\s*:", re.IGNORECASE)


def _test_call_problems(data: TestCallInput) -> dict[str, str]:
    problems = {}
    for score in SCORE_FIELDS:
        if not 1 <= int(getattr(data, score)) <= 5:
            problems[score] = "Scores run from 1 (poor) to 5 (excellent)."
    for time in ("wait_seconds", "reply_hours", "handle_minutes"):
        value = getattr(data, time)
        if value is not None and Decimal(value) < 0:
            problems[time] = "Waiting and handling times cannot be negative."
    if data.channel in LIVE_CHANNELS:
        if data.wait_seconds is None and "wait_seconds" not in problems:
            problems["wait_seconds"] = (
                "Give the seconds until a person answered (chat: until the first reply)."
            )
    elif data.reply_hours is None:
        problems["reply_hours"] = "Give the hours until the reply came."
    elif Decimal(data.reply_hours) > MAX_REPLY_HOURS:
        problems["reply_hours"] = (
            f"At most {MAX_REPLY_HOURS} hours (two weeks); a slower reply is no reply."
        )
    if data.called_at > datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1):
        problems["called_at"] = "A test call cannot be logged in the future."
    if _SCRIPT_SCHEME.match(data.recording_reference):
        problems["recording_reference"] = "Give a http(s) link or a plain reference."
    return problems


def _write_test_call(test_call: TestCall, data: TestCallInput) -> TestCall:
    if problems := _test_call_problems(data):
        raise DomainError(fields=problems)
    test_call.called_at = data.called_at
    test_call.caller = data.caller
    test_call.channel = data.channel
    test_call.scenario = data.scenario
    live = data.channel in LIVE_CHANNELS
    test_call.wait_seconds = data.wait_seconds if live else None
    test_call.reply_hours = None if live else data.reply_hours
    test_call.handle_minutes = data.handle_minutes
    test_call.resolved_first_contact = data.resolved_first_contact
    test_call.courtesy = data.courtesy
    test_call.language_clarity = data.language_clarity
    test_call.product_knowledge = data.product_knowledge
    test_call.notes = data.notes
    test_call.recording_reference = data.recording_reference.strip()
    test_call.save()
    return test_call


@transaction.atomic
def test_call_create(*, user, candidate: Candidate, data: TestCallInput) -> TestCall:
    access.require(user, access.CHANGE, candidate.engagement)
    with set_actor(user):
        return _write_test_call(TestCall(candidate=candidate), data)


@transaction.atomic
def test_call_update(*, user, test_call: TestCall, data: TestCallInput) -> TestCall:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    with set_actor(user):
        return _write_test_call(test_call, data)


@transaction.atomic
def test_call_delete(*, user, test_call: TestCall) -> None:
    access.require(user, access.CHANGE, test_call.candidate.engagement)
    with set_actor(user):
        test_call.delete()
