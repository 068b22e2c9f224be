"""The people and engagements steps 5-7 read: the team's members, who may be named
liaison, monitor or owner, and the user's engagements still open."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from portal import access
from portal.errors import DomainError
from portal.models import Engagement


def team_users(engagement: Engagement):
    """People who may be named liaison, monitor or owner of an action: the team's members."""
    return (
        get_user_model()
        .objects.filter(memberships__team_id=engagement.team_id, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def require_team_member(engagement: Engagement, user, *, what: str, field: str) -> None:
    """The rule for every person named in steps 5-7: a member of the engagement's team."""
    if user is not None and not team_users(engagement).filter(pk=user.pk).exists():
        raise DomainError(f"The {what} must be a member of {engagement.team}.", field=field)


def open_engagements(user):
    """Engagements the user sees, without the closed ones: nothing there needs acting on."""
    return access.visible_engagements(user).exclude(status=Engagement.Status.CLOSED)
