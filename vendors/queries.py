"""Reads for the step-4 pages, with the joins that keep each page's query count fixed."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q

from portal import access
from portal.models import Engagement, Membership
from vendors.models import Candidate, CandidateTransition, ComparisonWeights, Vendor


def registry():
    """Vendors with what the registry's detail page and the CSV export show."""
    return registry_list().prefetch_related("references")


def registry_list():
    """Vendors with what a row of the registry list shows (its references do not show)."""
    return Vendor.objects.prefetch_related("locations", "channels", "languages", "certifications")


def vendor_shortlists(vendor: Vendor, user):
    """The candidacies of ``vendor`` in engagements ``user`` can see."""
    return (
        Candidate.objects.filter(vendor=vendor, engagement__team_id__in=access.team_ids(user))
        .select_related("engagement__team")
        .order_by("-engagement__updated_at", "-engagement_id")
    )


def candidates_page(engagement: Engagement):
    """The shortlist with quotes and the workflow history of each candidate."""
    return (
        Candidate.objects.filter(engagement=engagement)
        .select_related("vendor", "added_by", "recommended_by")
        .prefetch_related(
            "quotes",
            "vendor__locations",
            Prefetch(
                "transitions",
                queryset=CandidateTransition.objects.select_related("actor"),
            ),
        )
        .annotate(reference_count=Count("vendor__references", distinct=True))
        .order_by("vendor__name")
    )


def recommendation_record(candidate: Candidate) -> CandidateTransition | None:
    """The move that put ``candidate`` forward, with its rationale (for the approver)."""
    return (
        candidate.transitions.filter(to_status=Candidate.Status.RECOMMENDED)
        .select_related("actor")
        .first()
    )


def workflow_history(engagement: Engagement):
    return (
        CandidateTransition.objects.filter(candidate__engagement=engagement)
        .select_related("actor", "candidate__vendor")
        .order_by("-created_at", "-id")
    )


def shortlistable_vendors(engagement: Engagement):
    return Vendor.objects.exclude(candidacies__engagement=engagement).order_by("name")


def approved_candidate(engagement: Engagement) -> Candidate | None:
    """The vendor a manager approved for ``engagement``, or None (used by contracts)."""
    return (
        Candidate.objects.filter(engagement=engagement, status=Candidate.Status.APPROVED)
        .select_related("vendor")
        .first()
    )


def weights_for(engagement: Engagement) -> ComparisonWeights:
    """The engagement's weights, or the defaults (unsaved) when none were set."""
    row = (
        ComparisonWeights.objects.filter(engagement=engagement)
        .prefetch_related("required_languages")
        .first()
    )
    return row or ComparisonWeights(engagement=engagement)


def comparison_candidates(engagement: Engagement):
    """Every candidate with the registry facts and quotes the comparison reads."""
    return (
        Candidate.objects.filter(engagement=engagement)
        .select_related("vendor", "recommended_by")
        .prefetch_related(
            "quotes",
            "vendor__locations",
            "vendor__channels",
            "vendor__languages",
            "vendor__certifications",
            "vendor__references",
        )
        .order_by("vendor__name")
    )


def other_manager_count(engagement: Engagement, user) -> int:
    """Managers of the engagement's team other than ``user``: who may approve what
    ``user`` recommends (four-eyes rule)."""
    return (
        Membership.objects.filter(team_id=engagement.team_id, role=Membership.Role.MANAGER)
        .exclude(user=user)
        .count()
    )


def awaiting_decision(user):
    """Recommendations waiting for ``user``'s decision: in the open engagements of the
    teams ``user`` manages, not submitted by ``user`` (four-eyes rule), oldest first,
    with when each was submitted (``recommended_at``). One query."""
    managed = [
        team_id
        for team_id, role in access.team_roles(user).items()
        if role == Membership.Role.MANAGER
    ]
    return (
        Candidate.objects.filter(
            status=Candidate.Status.RECOMMENDED, engagement__team_id__in=managed
        )
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .exclude(recommended_by=user)
        .select_related("vendor", "engagement", "recommended_by")
        .annotate(
            recommended_at=Max(
                "transitions__created_at",
                filter=Q(transitions__to_status=Candidate.Status.RECOMMENDED),
            )
        )
        .order_by("recommended_at", "id")
    )
