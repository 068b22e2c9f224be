"""Reads for the core pages, with the joins that keep each page's query count fixed."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import Q

from portal import access
from portal.models import Engagement


def dashboard_engagements(user):
    return access.visible_engagements(user).select_related("team", "owner")


def engagement_history(engagement: Engagement):
    """Every audit entry of the engagement and of the step data tagged with it."""
    return (
        LogEntry.objects.filter(
            Q(additional_data__engagement_id=engagement.pk)
            | Q(content_type__model="engagement", object_pk=str(engagement.pk))
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )


def change_rows(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for one audit entry, ready for a template.

    Built here because a template looking up ``changes_dict.items`` would get a
    field called "items" instead of the dict's method.
    """
    rows = []
    for field, change in (entry.changes_dict or {}).items():
        if isinstance(change, list | tuple) and len(change) == 2:
            rows.append((field, str(change[0]), str(change[1])))
        else:
            rows.append((field, "", str(change)))
    return rows
