"""Write operations of step 4: the vendor registry, the shortlist, quotes, comparison
weights and the approval workflow. One transaction each, audited under the user."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django_fsm import can_proceed

from portal import access, uploads
from portal.actions import engagement_change_status
from portal.errors import DomainError
from portal.models import Engagement
from vendors.models import (
    Candidate,
    CandidateTransition,
    Certification,
    ClientReference,
    ComparisonWeights,
    DeliveryLocation,
    Language,
    Quote,
    Vendor,
    VendorChannel,
    unit_problem,
)
from vendors.scoring import DEFAULT_WEIGHTS
from vendors.tasks import transition_notify_task

# ---------------------------------------------------------------- the registry


@dataclass
class VendorInput:
    """Everything the registry knows about a vendor, as the form or a CSV row gives it.

    ``given`` names the fields the source carries (a CSV file may hold only some
    columns); None means all of them, as the vendor form does. Updating a vendor
    changes only the given fields, so a file with three columns leaves the rest of
    the record (and its channels, languages, locations...) as it was.
    """

    name: str
    headquarters_country: str
    website: str = ""
    headcount: int | None = None
    agent_turnover_percent: Decimal | None = None
    call_recording_policy: str = Vendor.CallRecording.UNKNOWN
    incentive_scheme: str = ""
    review_sources: str = ""
    review_notes: str = ""
    channels: Sequence[str] = ()
    languages: Sequence[Language] = ()
    certifications: Sequence[Certification] = ()
    locations: Sequence[tuple[str, str]] = ()  # (country, region)
    references: Sequence[tuple[str, str, str]] = field(default=())  # (company, contact, notes)
    given: frozenset[str] | None = None

    def gives(self, name: str) -> bool:
        return self.given is None or name in self.given


_SCALARS = (
    "name",
    "headquarters_country",
    "website",
    "headcount",
    "agent_turnover_percent",
    "call_recording_policy",
    "incentive_scheme",
    "review_sources",
    "review_notes",
)


def _vendor_write(vendor: Vendor | None, data: VendorInput) -> Vendor:
    """Write ``data`` to ``vendor`` (a new one when None); the caller sets the actor.

    Related rows are created one by one, not with ``bulk_create``, so each leaves
    its audit entry; unchanged rows are kept, so the log shows only real changes.
    """
    creating = vendor is None
    vendor = vendor or Vendor()
    for name in _SCALARS:
        if creating or data.gives(name):
            value = getattr(data, name)
            setattr(vendor, name, value.strip() if isinstance(value, str) else value)
    vendor.save()
    if data.gives("languages"):
        vendor.languages.set(data.languages)
    if data.gives("certifications"):
        vendor.certifications.set(data.certifications)

    if data.gives("channels"):
        channels = set(data.channels)
        for row in vendor.channels.exclude(channel__in=channels):
            row.delete()
        existing = set(vendor.channels.values_list("channel", flat=True))
        for channel in sorted(channels - existing):
            VendorChannel.objects.create(vendor=vendor, channel=channel)

    if data.gives("locations"):
        wanted = {country.strip(): region for country, region in data.locations}
        for row in vendor.locations.all():
            if row.country not in wanted:
                row.delete()
            elif row.region != wanted[row.country]:
                row.region = wanted.pop(row.country)
                row.save()
            else:
                del wanted[row.country]
        for country, region in wanted.items():
            DeliveryLocation.objects.create(vendor=vendor, country=country, region=region)

    if data.gives("references"):
        wanted_refs = [(c.strip(), ct.strip(), n.strip()) for c, ct, n in data.references]
        for row in vendor.references.all():
            key = (row.company, row.contact, row.notes)
            if key in wanted_refs:
                wanted_refs.remove(key)
            else:
                row.delete()
        for company, contact, notes in wanted_refs:
            ClientReference.objects.create(
                vendor=vendor, company=company, contact=contact, notes=notes
            )
    return vendor


@transaction.atomic
def vendor_save(*, user, data: VendorInput, vendor: Vendor | None = None) -> Vendor:
    """Create a vendor (``vendor`` None) or replace what the registry says about one."""
    access.require_vendor_access(user, write=True)
    name_taken = Vendor.objects.filter(name__iexact=data.name.strip())
    if vendor is not None:
        name_taken = name_taken.exclude(pk=vendor.pk)
    if name_taken.exists():
        raise DomainError(f"A vendor named “{data.name.strip()}” is already in the registry.")
    with set_actor(user):
        return _vendor_write(vendor, data)


@transaction.atomic
def vendors_import(*, user, rows: Iterable[VendorInput]) -> tuple[int, int]:
    """Import validated rows in one transaction: a row whose name is in the registry
    updates that vendor, the others are created. Returns (created, updated)."""
    access.require_vendor_access(user, write=True)
    rows = list(rows)
    existing = {v.name.lower(): v for v in Vendor.objects.filter(name__in=[r.name for r in rows])}
    # name__in is case-sensitive on PostgreSQL; catch the other spellings too.
    for row in rows:
        if row.name.lower() not in existing:
            match = Vendor.objects.filter(name__iexact=row.name).first()
            if match is not None:
                existing[row.name.lower()] = match
    created = updated = 0
    with set_actor(user):
        for row in rows:
            vendor = existing.get(row.name.lower())
            _vendor_write(vendor, row)
            created, updated = (created, updated + 1) if vendor else (created + 1, updated)
    return created, updated


# ---------------------------------------------------------------- the shortlist


@transaction.atomic
def candidate_add(*, user, engagement: Engagement, vendor: Vendor, notes: str = "") -> Candidate:
    access.require(user, access.CHANGE, engagement)
    if Candidate.objects.filter(engagement=engagement, vendor=vendor).exists():
        raise DomainError(f"{vendor} is already on the shortlist.")
    with set_actor(user):
        candidate = Candidate.objects.create(
            engagement=engagement, vendor=vendor, notes=notes.strip(), added_by=user
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


_QUOTE_FIELDS = (
    "pricing_model",
    "rate",
    "unit",
    "currency",
    "commission_percent",
    "minimum_monthly",
    "setup_fee",
    "notes",
)


@transaction.atomic
def quote_save(*, user, candidate: Candidate, values: dict, quote: Quote | None = None) -> Quote:
    """Create a quote for ``candidate`` (``quote`` None) or change one of its quotes."""
    access.require(user, access.CHANGE, candidate.engagement)
    if quote is not None and quote.candidate_id != candidate.pk:
        raise DomainError("This quote belongs to another candidate.")
    quote = quote or Quote(candidate=candidate)
    for name in _QUOTE_FIELDS:
        if name in values:
            setattr(quote, name, values[name])
    quote.currency = (quote.currency or "USD").upper()
    if problem := unit_problem(quote.pricing_model, quote.unit):
        raise DomainError(problem)
    with set_actor(user):
        quote.save()
    return quote


@transaction.atomic
def quote_delete(*, user, quote: Quote) -> None:
    access.require(user, access.CHANGE, quote.candidate.engagement)
    with set_actor(user):
        quote.delete()


@transaction.atomic
def weights_save(
    *, user, engagement: Engagement, weights: dict[str, int], required_languages=None
) -> ComparisonWeights:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        row, _ = ComparisonWeights.objects.get_or_create(engagement=engagement)
        for key in DEFAULT_WEIGHTS:
            if key in weights:
                setattr(row, key, int(weights[key]))
        row.save()
        if required_languages is not None:
            row.required_languages.set(required_languages)
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


def _move(*, user, candidate: Candidate, name: str, reason: str, **kwargs) -> CandidateTransition:
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


@transaction.atomic
def candidate_approve(*, user, candidate: Candidate, reason: str) -> CandidateTransition:
    """A manager other than the submitter approves the recommendation; the
    engagement moves to "vendor selected"."""
    _require_other_manager(user, candidate, "approve")
    record = _move(user=user, candidate=candidate, name="approve", reason=reason)
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
