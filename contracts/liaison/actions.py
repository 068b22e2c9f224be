"""Write operations of the liaison log (step 5): entries and their follow-up actions.
One transaction each, audited with the acting user."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from contracts.models import FollowUpAction, LiaisonEntry
from contracts.team import require_team_member
from portal import access
from portal.models import Engagement


@dataclass(frozen=True)
class LiaisonEntryInput:
    kind: str
    date: date
    participants: str
    summary: str


@transaction.atomic
def liaison_entry_save(
    *, user, engagement: Engagement, entry: LiaisonEntry | None, data: LiaisonEntryInput
) -> LiaisonEntry:
    """Log a new entry (``entry`` None) or change one."""
    access.require(user, access.CHANGE, engagement)
    entry = entry or LiaisonEntry(engagement=engagement, created_by=user)
    with set_actor(user):
        for field in fields(data):
            setattr(entry, field.name, getattr(data, field.name))
        entry.save()
    return entry


@dataclass(frozen=True)
class FollowUpActionInput:
    description: str
    owner: object  # a user of the engagement's team
    due_date: date


@transaction.atomic
def follow_up_action_add(*, user, entry: LiaisonEntry, data: FollowUpActionInput) -> FollowUpAction:
    access.require(user, access.CHANGE, entry.engagement)
    require_team_member(
        entry.engagement, data.owner, what="owner of a follow-up action", field="owner"
    )
    with set_actor(user):
        return FollowUpAction.objects.create(
            entry=entry,
            description=data.description.strip(),
            owner=data.owner,
            due_date=data.due_date,
        )


@transaction.atomic
def follow_up_action_set_done(*, user, action: FollowUpAction, done: bool) -> FollowUpAction:
    access.require(user, access.CHANGE, action.entry.engagement)
    with set_actor(user):
        action.done = done
        action.done_at = timezone.now() if done else None
        action.save(update_fields=["done", "done_at"])
    return action
