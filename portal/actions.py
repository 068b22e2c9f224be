"""Write operations on teams and engagements: one transaction each, audited.

Audit entries come from django-auditlog; ``auditlog.context.set_actor`` names
the user when the call does not come through a request (tasks, commands, tests).
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction

from portal import access
from portal.models import Engagement, Membership, Team


class DomainError(Exception):
    """A rule of the domain refused the operation; the message is for the user."""


@transaction.atomic
def engagement_create(*, user, team: Team, title: str, description: str = "") -> Engagement:
    if access.role_for(user, team.pk) is None:
        raise DomainError(f"You are not a member of {team}.")
    with set_actor(user):
        return Engagement.objects.create(
            team=team, owner=user, title=title.strip(), description=description.strip()
        )


@transaction.atomic
def engagement_update(*, user, engagement: Engagement, title: str, description: str) -> Engagement:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        engagement.title = title.strip()
        engagement.description = description.strip()
        engagement.save(update_fields=["title", "description", "updated_at"])
    return engagement


# Statuses a manager may set by hand; the others follow from the steps
# (approval selects a vendor, a contract makes it live).
_MANUAL_TRANSITIONS = {
    "close": ({s for s in Engagement.Status if s != Engagement.Status.CLOSED}, "closed"),
    "reopen": ({Engagement.Status.CLOSED}, "scoping"),
}


@transaction.atomic
def engagement_set_open(*, user, engagement: Engagement, open_: bool) -> Engagement:
    """A manager closes an engagement (decision abandoned or finished) or reopens it."""
    access.require(user, access.APPROVE, engagement)
    allowed, target = _MANUAL_TRANSITIONS["reopen" if open_ else "close"]
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.status not in allowed:
        raise DomainError(
            f"An engagement that is {engagement.get_status_display().lower()} "
            f"cannot be {'reopened' if open_ else 'closed'}."
        )
    with set_actor(user):
        engagement.status = target
        engagement.save(update_fields=["status", "updated_at"])
    return engagement


@transaction.atomic
def engagement_set_status(*, user, engagement: Engagement, status: str) -> Engagement:
    """Used by the steps' own actions (approval, contract) to move the engagement on."""
    if status not in Engagement.Status.values:
        raise DomainError(f"Unknown engagement status {status!r}.")
    with set_actor(user):
        engagement.status = status
        engagement.save(update_fields=["status", "updated_at"])
    return engagement


@transaction.atomic
def membership_set(*, team: Team, user, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        team=team, user=user, defaults={"role": role}
    )
    return membership
