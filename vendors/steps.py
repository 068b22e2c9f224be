"""Step 4 in the navigator: one query (the approved vendor's open due-diligence items included)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.urls import reverse

from portal.models import Engagement
from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED, StepStatus
from vendors.models import Candidate


def shortlist_status(engagement) -> StepStatus:
    """Complete once a vendor is approved and its due diligence has no open item."""
    url = reverse("shortlist:candidate-list", args=[engagement.pk])
    approved = Q(status=Candidate.Status.APPROVED)
    # distinct: the join to the checklist items repeats a candidate once per item.
    counts = Candidate.objects.filter(engagement=engagement).aggregate(
        total=Count("id", distinct=True),
        recommended=Count("id", distinct=True, filter=Q(status=Candidate.Status.RECOMMENDED)),
        approved=Max("vendor__name", filter=approved),
        approved_items=Count("checklist__items", filter=approved),
        approved_open=Count("checklist__items", filter=approved & Q(checklist__items__answer="")),
    )
    total = counts["total"]
    if name := counts["approved"]:
        if not counts["approved_items"]:
            return StepStatus(
                IN_PROGRESS, f"Approved: {name}; its due diligence has not started.", url
            )
        if open_items := counts["approved_open"]:
            items = "item" if open_items == 1 else "items"
            return StepStatus(
                IN_PROGRESS,
                f"Approved: {name}; due diligence still has {open_items} open {items}.",
                url,
            )
        return StepStatus(COMPLETE, f"Approved: {name}", url)
    if not total:
        return StepStatus(NOT_STARTED, "No vendor shortlisted yet.", url)
    summary = f"{total} vendor{'s' if total != 1 else ''} shortlisted"
    if counts["recommended"]:
        summary += "; a recommendation awaits a manager's approval"
    return StepStatus(IN_PROGRESS, summary + ".", url)


def engagement_status(engagement) -> str:
    """The engagement status the shortlist gives: an approved candidate selects the
    vendor, a recommended one awaits approval, any candidate means vetting."""
    statuses = set(Candidate.objects.filter(engagement=engagement).values_list("status", flat=True))
    if Candidate.Status.APPROVED in statuses:
        return Engagement.Status.VENDOR_SELECTED
    if Candidate.Status.RECOMMENDED in statuses:
        return Engagement.Status.AWAITING_APPROVAL
    return Engagement.Status.VETTING if statuses else Engagement.Status.SCOPING
