"""Write operations of the vendor's review after go-live (step 6): the tier a manager
sets, and the daily start of due re-assessment rounds with their e-mail. Audited."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from auditlog.context import set_actor
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from contracts import standing, standing_rules
from contracts.models import Contract, Governance, VendorTier
from contracts.monitoring.review_queries import cadences_for
from portal import access
from portal.errors import DomainError
from portal.models import Engagement
from vendors.diligence import reassessment_actions
from vendors.diligence.models import Checklist, Reassessment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TierInput:
    """The tier form: the data the vendor handles, and the tier and interval a manager
    sets (None: the suggested tier, the tier's usual interval), with the reason."""

    data_handled: str
    tier: int | None = None
    interval_months: int | None = None
    reason: str = ""


@transaction.atomic
def vendor_tier_save(*, user, engagement: Engagement, data: TierInput) -> VendorTier:
    """Set the vendor's tier and re-assessment interval (managers only). A tier or an
    interval set by hand needs its reason, kept in the history with the change."""
    access.require(user, access.APPROVE, engagement)
    problems = {}
    if data.data_handled not in VendorTier.DataHandled.values:
        problems["data_handled"] = "Choose what data the vendor handles."
    if data.tier is not None and data.tier not in standing_rules.TIER_INTERVAL_MONTHS:
        problems["tier"] = "Choose tier 1, 2 or 3, or leave it to the suggestion."
    if data.interval_months is not None and not 1 <= data.interval_months <= 60:
        problems["interval_months"] = "Give an interval of 1 to 60 months."
    reason = data.reason.strip()
    if (data.tier is not None or data.interval_months is not None) and not reason:
        problems["reason"] = "Say why the tier or interval is set by hand."
    if problems:
        raise DomainError(fields=problems)
    row = VendorTier.objects.filter(engagement=engagement).first() or VendorTier(
        engagement=engagement
    )
    with set_actor(user):
        row.data_handled = data.data_handled
        row.tier = data.tier
        row.interval_months = data.interval_months
        row.reason = reason
        row.updated_by = user
        row.save()
    return row


# --- Re-assessments coming due (the daily job) -----------------------------------


def _assignee(contract: Contract, monitors: dict[int, object]):
    """The person monitoring the vendor (step 6), else the engagement's owner."""
    return monitors.get(contract.engagement_id) or contract.engagement.owner


def reassessments_start_due(*, today: datetime.date) -> int:
    """Start every re-assessment round due by ``today``; returns how many started.

    Safe to run twice or at once on two workers: each round is claimed by
    ``reassessment_actions.reassessment_start`` under a lock on its checklist and a
    unique (checklist, due day), so a second run starts nothing. Each e-mail goes
    out after its round is committed; one that failed is sent on the next run.
    """
    contracts = list(
        Contract.objects.exclude(engagement__status=Engagement.Status.CLOSED).select_related(
            "engagement__owner", "quote", "candidate"
        )
    )
    cadences = cadences_for(contracts, today)
    monitors = {
        g.engagement_id: g.monitor
        for g in Governance.objects.filter(
            engagement_id__in=list(cadences), monitor__isnull=False
        ).select_related("monitor")
    }
    checklists = dict(
        Checklist.objects.filter(candidate_id__in=[c.candidate_id for c in contracts]).values_list(
            "candidate_id", "pk"
        )
    )
    started = 0
    for contract in contracts:
        cadence = cadences[contract.engagement_id]
        checklist_id = checklists.get(contract.candidate_id)
        if cadence.next_due > today or checklist_id is None or cadence.open_round is not None:
            continue
        try:
            with transaction.atomic():
                round_ = reassessment_actions.reassessment_start(
                    checklist_id=checklist_id,
                    comes_due_on=cadence.next_due,
                    due_date=cadence.next_due
                    + datetime.timedelta(days=standing_rules.REASSESSMENT_DAYS),
                    assignee=_assignee(contract, monitors),
                )
                if round_ is not None:
                    started += 1
                    transaction.on_commit(
                        partial(reassessment_notify, round_id=round_.pk, today=today)
                    )
        except Exception:
            log.exception("Contract %s: re-assessment not started, retried tomorrow", contract.pk)
    for pk in Reassessment.objects.filter(
        notified_at__isnull=True, completed_at__isnull=True
    ).values_list("pk", flat=True):
        reassessment_notify(round_id=pk, today=today)
    return started


def reassessment_notify(*, round_id: int, today: datetime.date | None = None) -> bool:
    """E-mail the round's assignee, once: the round is claimed by setting
    ``notified_at`` (only the run that sets it sends) and released if sending fails."""
    claimed = Reassessment.objects.filter(pk=round_id, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return False
    round_ = Reassessment.objects.select_related(
        "assignee", "checklist__candidate__vendor", "checklist__candidate__engagement"
    ).get(pk=round_id)
    try:
        if round_.assignee.email:
            send_mail(
                subject=_subject(round_),
                message=_body(round_, today),
                from_email=None,
                recipient_list=[round_.assignee.email],
            )
    except Exception:
        Reassessment.objects.filter(pk=round_id).update(notified_at=None)
        log.exception("Re-assessment %s: e-mail not sent, retried on the next run", round_id)
        return False
    return True


def _subject(round_: Reassessment) -> str:
    candidate = round_.checklist.candidate
    return (
        f"[{candidate.engagement.title}] Re-assessment of {candidate.vendor} due "
        f"{round_.due_date:%Y-%m-%d}"
    )


def _body(round_: Reassessment, today: datetime.date | None) -> str:
    candidate = round_.checklist.candidate
    url = settings.PORTAL_BASE_URL + reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk},
    )
    found = standing.vendor_standing(candidate.engagement, today)
    lines = [
        f"Engagement: {candidate.engagement.title}",
        f"Vendor: {candidate.vendor}",
        f"Due diligence is repeated on the vendor's cadence: round {round_.number} came due "
        f"on {round_.comes_due_on:%B %-d, %Y} and is assigned to you, due by "
        f"{round_.due_date:%B %-d, %Y}.",
        "Last round's answers are shown as “to confirm”: check each one and save it.",
    ]
    if found is not None:
        lines.append(f"Standing: {found.summary}")
    lines += ["", url]
    return "\n".join(lines)
