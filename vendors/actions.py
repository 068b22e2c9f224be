"""Write operations of step 4 on one engagement: the shortlist, quotes, comparison
weights and the approval workflow. One transaction each, audited under the user.

(The organization-wide vendor registry has its own, ``vendors.registry_actions``.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django_fsm import can_proceed

from portal import access, uploads
from portal.actions import engagement_change_status
from portal.errors import DomainError
from portal.models import Engagement
from portal.reference import CURRENCY_CODES, Channel, PricingModel
from vendors.diligence.queries import open_critical_count
from vendors.invitations import queries as invitation_queries
from vendors.models import (
    Candidate,
    CandidateTransition,
    ComparisonWeights,
    Language,
    Quote,
    Vendor,
    unit_problem,
)
from vendors.scoring import DEFAULT_WEIGHTS, weight_problems
from vendors.tasks import transition_notify_task

# ---------------------------------------------------------------- the shortlist


@dataclass(frozen=True)
class CandidateInput:
    """A vendor to shortlist, and why."""

    vendor: Vendor
    notes: str = ""


@transaction.atomic
def candidate_add(*, user, engagement: Engagement, data: CandidateInput) -> Candidate:
    access.require(user, access.CHANGE, engagement)
    vendor = data.vendor
    if Candidate.objects.filter(engagement=engagement, vendor=vendor).exists():
        raise DomainError(f"{vendor} is already on the shortlist.", field="vendor")
    with set_actor(user):
        candidate = Candidate.objects.create(
            engagement=engagement, vendor=vendor, notes=data.notes.strip(), added_by=user
        )
    if engagement.status == Engagement.Status.SCOPING:
        engagement_change_status(
            user=user,
            engagement=engagement,
            to=Engagement.Status.VETTING,
            reason=f"{vendor} shortlisted.",
        )
    return candidate


@transaction.atomic
def candidate_remove(*, user, candidate: Candidate) -> None:
    access.require(user, access.CHANGE, candidate.engagement)
    if candidate.status in (Candidate.Status.RECOMMENDED, Candidate.Status.APPROVED):
        raise DomainError(
            f"{candidate.vendor} is {candidate.get_status_display().lower()}; "
            "a recommended or approved vendor cannot be removed from the shortlist."
        )
    with set_actor(user):
        uploads.delete_with_stored_files(candidate)


# ---------------------------------------------------------------- quotes


@dataclass(frozen=True)
class QuoteInput:
    """A vendor's price under one pricing model, as the quote form gives it."""

    pricing_model: str
    rate: Decimal
    unit: str
    currency: str = "USD"
    commission_percent: Decimal | None = None
    minimum_monthly: Decimal = Decimal(0)
    setup_fee: Decimal = Decimal(0)
    notes: str = ""
    # The scoped channels the price covers; empty: every scoped channel of its direction.
    channels: tuple[str, ...] = ()


COMMISSION_MODELS = (PricingModel.COMMISSION, PricingModel.HOURLY_PLUS_COMMISSION)
OUTBOUND_PRICING_MODELS = (PricingModel.OUTBOUND_HOURLY, *COMMISSION_MODELS)


def channels_problem(pricing_model: str, channels: Sequence[str]) -> str:
    """Why ``channels`` cannot be what a ``pricing_model`` quote covers, or "": an
    outbound model covers outbound phone only, an inbound model every channel but it."""
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        return f"Choose channels from the list ({', '.join(sorted(unknown))} is not one)."
    outbound = pricing_model in OUTBOUND_PRICING_MODELS
    wrong = [c for c in channels if (c == Channel.OUTBOUND_PHONE) != outbound]
    if not wrong:
        return ""
    label = PricingModel(pricing_model).label if pricing_model in PricingModel.values else "This"
    labels = ", ".join(Channel(c).label for c in wrong)
    if outbound:
        return f"A “{label}” quote covers outbound phone only, not {labels}."
    return f"A “{label}” quote covers inbound work, not {labels}: quote outbound separately."


def _quote_problems(data: QuoteInput) -> dict[str, str]:
    """What is wrong with ``data`` as a quote, by field: the currency code, the
    commission a commission model needs, the unit its pricing model is priced in."""
    problems = {}
    currency = (data.currency or "").strip().upper()
    if currency not in CURRENCY_CODES:
        problems["currency"] = "Choose the currency from the list (an ISO 4217 code such as USD)."
    if data.pricing_model in COMMISSION_MODELS and not data.commission_percent:
        problems["commission_percent"] = "A commission model needs the commission %."
    if problem := unit_problem(data.pricing_model, data.unit):
        problems["unit"] = problem
    if problem := channels_problem(data.pricing_model, data.channels):
        problems["channels"] = problem
    return problems


@transaction.atomic
def quote_save(
    *,
    user,
    candidate: Candidate,
    data: QuoteInput,
    quote: Quote | None = None,
    audit_extra: dict | None = None,
) -> Quote:
    """Create a quote for ``candidate`` (``quote`` None) or change one of its quotes.
    ``audit_extra`` joins the audit record's data (an accepted vendor proposal names
    the invitation and contact it came from)."""
    access.require(user, access.CHANGE, candidate.engagement)
    if quote is not None and quote.candidate_id != candidate.pk:
        raise DomainError("This quote belongs to another candidate.")
    if problems := _quote_problems(data):
        raise DomainError(fields=problems)
    quote = quote or Quote(candidate=candidate)
    quote.pricing_model = data.pricing_model
    quote.rate = data.rate
    quote.unit = data.unit
    quote.currency = data.currency.strip().upper()
    quote.commission_percent = data.commission_percent
    quote.minimum_monthly = data.minimum_monthly
    quote.setup_fee = data.setup_fee
    quote.notes = data.notes
    quote.audit_extra = audit_extra
    quote.channels = sorted(set(data.channels))
    with set_actor(user):
        quote.save()
    return quote


@transaction.atomic
def quote_delete(*, user, quote: Quote) -> None:
    access.require(user, access.CHANGE, quote.candidate.engagement)
    with set_actor(user):
        quote.delete()


# ---------------------------------------------------------------- comparison weights


@dataclass(frozen=True)
class WeightsInput:
    """How much each criterion counts (criterion key -> 0-100), and the languages the
    vendor's agents must speak (None: leave them as they are)."""

    weights: Mapping[str, int]
    required_languages: Sequence[Language] | None = None


@transaction.atomic
def weights_save(*, user, engagement: Engagement, data: WeightsInput) -> ComparisonWeights:
    access.require(user, access.CHANGE, engagement)
    if refusal := invitation_queries.weights_refusal(engagement):
        raise DomainError(refusal)
    if problems := weight_problems(data.weights):
        raise DomainError(fields=problems)
    with set_actor(user):
        row, _ = ComparisonWeights.objects.get_or_create(engagement=engagement)
        for key in DEFAULT_WEIGHTS:
            if key in data.weights:
                setattr(row, key, int(data.weights[key]))
        row.save()
        if data.required_languages is not None:
            row.required_languages.set(data.required_languages)
    return row


# ---------------------------------------------------------------- the approval workflow

_VERBS = {"recommend": "recommended", "approve": "approved", "reject": "rejected"}


def transition_refusal(*, candidate: Candidate, name: str) -> str:
    """Why transition ``name`` cannot be applied to ``candidate`` now, or "" when it can."""
    if can_proceed(getattr(candidate, name)):
        return ""
    return (
        f"{candidate.vendor} is {candidate.get_status_display().lower()}; "
        f"it cannot be {_VERBS[name]} now."
    )


def _move(
    *, user, candidate: Candidate, name: str, reason: str, record_fields=None, **kwargs
) -> CandidateTransition:
    """Apply transition ``name`` (a method of Candidate) and record it; the caller
    has checked the role. An illegal move raises DomainError and changes nothing."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for this decision.")
    candidate = (
        Candidate.objects.select_for_update()
        .select_related("engagement", "vendor")
        .get(pk=candidate.pk)
    )
    engagement = candidate.engagement
    if engagement.status == Engagement.Status.CLOSED:
        raise DomainError("The engagement is closed; a manager must reopen it first.")
    method = getattr(candidate, name)
    if problem := transition_refusal(candidate=candidate, name=name):
        raise DomainError(problem)
    from_status = candidate.status
    with set_actor(user):
        method(**kwargs)
        candidate.save(update_fields=["status", "recommended_by"])
        record = CandidateTransition.objects.create(
            candidate=candidate,
            from_status=from_status,
            to_status=candidate.status,
            actor=user,
            reason=reason,
            **(record_fields or {}),
        )
    transaction.on_commit(lambda: transition_notify_task.delay(record.pk))
    return record


@transaction.atomic
def candidate_recommend(*, user, candidate: Candidate, rationale: str) -> CandidateTransition:
    """A team member puts one candidate forward for a manager's approval."""
    engagement = candidate.engagement
    access.require(user, access.CHANGE, engagement)
    # Lock the engagement so two members cannot each submit a different vendor.
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    taken = (
        Candidate.objects.filter(
            engagement=engagement,
            status__in=[Candidate.Status.RECOMMENDED, Candidate.Status.APPROVED],
        )
        .exclude(pk=candidate.pk)
        .select_related("vendor")
        .first()
    )
    if taken is not None:
        raise DomainError(
            f"{taken.vendor} is already {taken.get_status_display().lower()}; "
            "only one recommendation can stand at a time."
        )
    record = _move(user=user, candidate=candidate, name="recommend", reason=rationale, by=user)
    engagement_change_status(
        user=user,
        engagement=engagement,
        to=Engagement.Status.AWAITING_APPROVAL,
        reason=f"{candidate.vendor} recommended for approval.",
    )
    return record


def four_eyes_refusal(*, user, recommended_by_id: int | None, verb: str = "decide on") -> str:
    """Why ``user`` may not decide on a recommendation submitted by
    ``recommended_by_id``, or "" when they may (as far as the four-eyes rule goes)."""
    if recommended_by_id is not None and recommended_by_id == user.pk:
        return (
            f"You submitted this recommendation, so you may not {verb} it: "
            "another manager of the team must decide (four-eyes rule)."
        )
    return ""


def _require_other_manager(user, candidate: Candidate, verb: str) -> None:
    access.require(user, access.APPROVE, candidate.engagement)
    current = Candidate.objects.filter(pk=candidate.pk).values_list("recommended_by", flat=True)
    if problem := four_eyes_refusal(user=user, recommended_by_id=current.first(), verb=verb):
        raise DomainError(problem)


def open_critical_refusal(*, open_critical: int, confirmed: bool) -> str:
    """Why an approval over ``open_critical`` unsettled critical items needs the
    approver's explicit confirmation, or "" when none is open or it was given."""
    if not open_critical or confirmed:
        return ""
    items = "item is" if open_critical == 1 else "items are"
    return (
        f"{open_critical} critical due-diligence {items} still open (unanswered, Partly "
        "or No, or rated high risk): tick the box to approve all the same, or settle "
        "them on the checklist first."
    )


@transaction.atomic
def candidate_approve(
    *, user, candidate: Candidate, reason: str, confirm_open_critical: bool = False
) -> CandidateTransition:
    """A manager other than the submitter approves the recommendation; the
    engagement moves to "vendor selected". With critical due-diligence items still
    open, the approver must confirm it (``confirm_open_critical``); the record keeps
    the count and the confirmation."""
    _require_other_manager(user, candidate, "approve")
    open_critical = open_critical_count(candidate)
    if problem := open_critical_refusal(
        open_critical=open_critical, confirmed=confirm_open_critical
    ):
        raise DomainError(problem, field="confirm_open_critical")
    record = _move(
        user=user,
        candidate=candidate,
        name="approve",
        reason=reason,
        record_fields={
            "open_critical_items": open_critical,
            "confirmed_open_critical": bool(open_critical and confirm_open_critical),
        },
    )
    engagement_change_status(
        user=user,
        engagement=candidate.engagement,
        to=Engagement.Status.VENDOR_SELECTED,
        reason=f"{candidate.vendor} approved.",
    )
    return record


@transaction.atomic
def candidate_reject(*, user, candidate: Candidate, reason: str) -> CandidateTransition:
    """A manager other than the submitter rejects the recommendation; vetting goes on."""
    _require_other_manager(user, candidate, "reject")
    record = _move(user=user, candidate=candidate, name="reject", reason=reason)
    engagement_change_status(
        user=user,
        engagement=candidate.engagement,
        to=Engagement.Status.VETTING,
        reason=f"Recommendation of {candidate.vendor} rejected.",
    )
    return record
