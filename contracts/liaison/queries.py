"""Reads of the liaison log: entries with their actions, and follow-up actions open or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q

from contracts.models import FollowUpAction, LiaisonEntry
from contracts.team import open_engagements
from portal.models import Engagement


def overdue(today: date) -> Q:
    """The one definition of an overdue follow-up action: not done, due before today."""
    return Q(done=False, due_date__lt=today)


def with_lateness(actions, today: date):
    """Follow-up actions, each with ``late``: whether it is overdue by that definition."""
    return actions.annotate(late=ExpressionWrapper(overdue(today), output_field=BooleanField()))


@dataclass(frozen=True)
class FollowUpCounts:
    open: int
    overdue: int


def follow_up_counts(engagement: Engagement, today: date) -> FollowUpCounts:
    """How many follow-up actions are open and how many of them overdue (one query):
    the navigator, the liaison page and the report all count with this."""
    counts = FollowUpAction.objects.filter(entry__engagement=engagement, done=False).aggregate(
        open=Count("id"), overdue=Count("id", filter=overdue(today))
    )
    return FollowUpCounts(open=counts["open"], overdue=counts["overdue"])


def overdue_follow_ups(user, today: date):
    """Overdue follow-up actions on every open engagement the user sees, oldest first."""
    return (
        FollowUpAction.objects.filter(overdue(today), entry__engagement__in=open_engagements(user))
        .select_related("owner", "entry__engagement")
        .order_by("due_date", "id")
    )


def open_follow_ups(engagement: Engagement, today: date):
    """Follow-up actions not done yet, soonest due first, with their owner, entry and lateness."""
    return with_lateness(
        FollowUpAction.objects.filter(entry__engagement=engagement, done=False)
        .select_related("owner", "entry")
        .order_by("due_date", "id"),
        today,
    )


def entry_follow_ups(entry: LiaisonEntry, today: date) -> list[FollowUpAction]:
    """An entry's follow-up actions with their owner and lateness."""
    return list(with_lateness(entry.actions.select_related("owner"), today))


def liaison_entries(
    engagement: Engagement, *, today: date, q: str = "", kind: str = "", open_only=False
):
    """The log's entries, newest first, each with its follow-up actions (and their lateness)."""
    entries = LiaisonEntry.objects.filter(engagement=engagement).select_related("created_by")
    if q:
        entries = entries.filter(
            Q(summary__icontains=q)
            | Q(participants__icontains=q)
            | Q(actions__description__icontains=q)
        ).distinct()
    if kind:
        entries = entries.filter(kind=kind)
    if open_only:
        entries = entries.filter(actions__done=False).distinct()
    return entries.prefetch_related(
        Prefetch(
            "actions", queryset=with_lateness(FollowUpAction.objects.select_related("owner"), today)
        )
    )


def liaison_kind_counts(engagement: Engagement) -> dict[str, int]:
    """How many liaison entries of each kind the log holds (one query)."""
    rows = (
        LiaisonEntry.objects.filter(engagement=engagement)
        .values("kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["kind"]: row["count"] for row in rows}
