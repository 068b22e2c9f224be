"""Write operations of the contract: its terms, its documents and the reminder e-mails.
One transaction each, audited with the acting user."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from contracts import deadlines, standing
from contracts.contract.queries import approved_candidate
from contracts.models import Contract, ContractDocument, SentReminder
from portal import access, uploads
from portal.actions import engagement_change_status
from portal.errors import DomainError
from portal.models import Engagement, Membership
from portal.wording import counted
from vendors.models import Candidate, Quote

# --- Terms ----------------------------------------------------------------------


@dataclass(frozen=True)
class ContractInput:
    """The contract's terms as the contract form gives them."""

    start_date: date
    initial_term_months: int
    notice_period_days: int
    auto_renew: bool = True
    renewal_term_months: int = 12
    quote: Quote | None = None
    price_schedule_notes: str = ""
    termination_for_convenience: str = ""
    termination_for_cause: str = ""
    termination_fee: Decimal = Decimal(0)
    currency: str = "USD"
    attorney_review: str = Contract.Review.NOT_REQUESTED
    attorney_name: str = ""
    attorney_reviewed_on: date | None = None
    attorney_notes: str = ""


def contract_terms_check(data: ContractInput, candidate: Candidate) -> None:
    """The rules of a contract's terms, each message by the field it is about.

    The price schedule is one of the approved vendor's quotes; the start date stays
    inside the calendar the date arithmetic handles; the notice fits the initial
    term; an attorney's clearance names the attorney and the date.
    """
    problems: dict[str, str] = {}
    if data.quote is not None and data.quote.candidate_id != candidate.pk:
        problems["quote"] = "The price schedule must be one of the approved vendor's quotes."
    if start := deadlines.start_problem(data.start_date):
        problems["start_date"] = start
    elif data.initial_term_months >= 1 and (
        notice := deadlines.notice_too_long(
            data.start_date, data.initial_term_months, data.notice_period_days
        )
    ):
        problems["notice_period_days"] = notice
    if data.attorney_review == Contract.Review.CLEARED:
        if not data.attorney_name.strip():
            problems["attorney_name"] = "Name the attorney who cleared the contract."
        if not data.attorney_reviewed_on:
            problems["attorney_reviewed_on"] = "Give the date of the attorney's review."
    if problems:
        raise DomainError(fields=problems)


@transaction.atomic
def contract_save(*, user, engagement: Engagement, data: ContractInput) -> Contract:
    """Record or update the contract with the approved vendor; the engagement goes live."""
    access.require(user, access.CHANGE, engagement)
    candidate = approved_candidate(engagement)
    if candidate is None:
        raise DomainError("A manager must approve a vendor before its contract is recorded.")
    contract_terms_check(data, candidate)
    with set_actor(user):
        contract = Contract.objects.select_for_update().filter(engagement=engagement).first()
        if contract is None:
            contract = Contract(engagement=engagement, recorded_by=user)
        contract.candidate = candidate
        for field in fields(data):
            setattr(contract, field.name, getattr(data, field.name))
        contract.save()
        if engagement.status not in (Engagement.Status.LIVE, Engagement.Status.CLOSED):
            engagement_change_status(
                user=user,
                engagement=engagement,
                to=Engagement.Status.LIVE,
                reason=f"Contract with {candidate.vendor} recorded.",
            )
    return contract


# --- Documents ------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInput:
    uploaded: object  # the uploaded file
    title: str = ""  # the file's name when blank


@transaction.atomic
def contract_document_add(*, user, contract: Contract, data: DocumentInput) -> ContractDocument:
    """Store a contract document under the same hostile-upload rules as evidence.

    Raises DomainError on the ``file`` field with the reason when the file is
    refused (type, size, name).
    """
    access.require(user, access.CHANGE, contract.engagement)
    try:
        inspected = uploads.inspect_upload(data.uploaded, purpose=uploads.CONTRACT_DOCUMENT)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="file") from exc
    name = uploads.store_upload(data.uploaded, inspected, folder=f"contracts/{contract.pk}")
    try:
        with set_actor(user):
            return ContractDocument.objects.create(
                contract=contract,
                title=data.title.strip() or inspected.display_name,
                file=name,
                original_name=inspected.display_name,
                content_type=inspected.content_type,
                kind=inspected.kind,
                size=inspected.size,
                uploaded_by=user,
            )
    except Exception:
        uploads.delete_stored(name)  # no row, so no file either
        raise


@transaction.atomic
def contract_document_delete(*, user, document: ContractDocument) -> None:
    """Delete the document and, once the deletion commits, its stored file."""
    access.require(user, access.CHANGE, document.contract.engagement)
    with set_actor(user):
        uploads.delete_with_stored_files(document)


# --- Reminders ------------------------------------------------------------------


def _team_emails(engagement: Engagement) -> list[str]:
    return sorted(
        Membership.objects.filter(team_id=engagement.team_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def contract_reminders_send(*, contract_id: int, today: date) -> int:
    """E-mail the team every reminder due today for one contract; returns how many were sent.

    Each reminder is claimed by inserting its SentReminder row first: the unique
    constraint (contract, kind, deadline, days before) lets only one run win, so a
    second run, a retried task or a restarted worker finds the row and sends
    nothing. The mail is sent inside the claim's transaction: if sending fails
    the claim is rolled back and the next run tries again.
    """
    contract = (
        Contract.objects.select_related("engagement__team", "candidate__vendor")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None or contract.engagement.status == Engagement.Status.CLOSED:
        return 0
    sent = 0
    for deadline, days_before in deadlines.reminders_due(contract.terms, today):
        recipients = _team_emails(contract.engagement)
        if not recipients:
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        contract=contract,
                        kind=deadline.kind,
                        deadline=deadline.date,
                        days_before=days_before,
                        recipients=", ".join(recipients),
                    )
            except IntegrityError:
                continue  # another run already claimed (and sent) this reminder
            send_mail(
                subject=_reminder_subject(contract, deadline, today),
                message=_reminder_body(contract, deadline, today),
                from_email=None,
                recipient_list=recipients,
            )
            sent += 1
    return sent


def _reminder_subject(contract: Contract, deadline: deadlines.Deadline, today: date) -> str:
    left = deadlines.days_left(deadline.date, today)
    return (
        f"[{contract.engagement.title}] {deadline.label} in {counted(left, 'day')} "
        f"({deadline.date:%Y-%m-%d})"
    )


def _reminder_body(contract: Contract, deadline: deadlines.Deadline, today: date) -> str:
    t = contract.terms
    lines = [
        f"Engagement: {contract.engagement.title}",
        f"Vendor: {contract.candidate.vendor}",
        f"{deadline.label}: {deadline.date:%A %d %B %Y} "
        f"({counted(deadlines.days_left(deadline.date, today), 'day')} from today).",
        f"Current term: {deadline.term.start:%Y-%m-%d} to {deadline.term.end:%Y-%m-%d}.",
        f"Notice period: {counted(t.notice_days, 'day')}. "
        + (
            f"Without notice the contract renews for {counted(t.renewal_months, 'month')}."
            if t.auto_renew
            else "The contract does not renew automatically."
        ),
    ]
    found = standing.vendor_standing(contract.engagement, today)
    if found is not None:
        lines.append(f"Vendor standing: {found.summary}")
        if found.level == standing.AT_RISK:
            lines.append("The vendor is at risk: do not let the contract renew by default.")
    lines += ["", "Decide now whether to renew, renegotiate or start the exit plan."]
    return "\n".join(lines)
