"""Step 4 in the navigator: one query."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.urls import reverse

from portal.models import Engagement
from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED, StepStatus
from vendors.models import Candidate


def shortlist_status(engagement) -> StepStatus:
    url = reverse("shortlist:candidate-list", args=[engagement.pk])
    counts = Candidate.objects.filter(engagement=engagement).aggregate(
        total=Count("id"),
        recommended=Count("id", filter=Q(status=Candidate.Status.RECOMMENDED)),
        approved=Max("vendor__name", filter=Q(status=Candidate.Status.APPROVED)),
    )
    total = counts["total"]
    if counts["approved"]:
        return StepStatus(COMPLETE, f"Approved: {counts['approved']}", url)
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
