"""Write operations on teams and engagements: one transaction each, audited.

Audit entries come from django-auditlog; ``auditlog.context.set_actor`` names
the user when the call does not come through a request (tasks, commands, tests).
"""

from __future__ import annotations

from auditlog.context import set_actor
from django.db import transaction

from portal import access, status
from portal.errors import DomainError
from portal.models import Engagement, EngagementStatusChange, Team
from portal.reference import CURRENCY_CODES


@transaction.atomic
def _currency(code: str) -> str:
    code = (code or "").strip().upper()
    if code not in CURRENCY_CODES:
        raise DomainError(fields={"currency": "Choose the currency from the list."})
    return code


def engagement_create(
    *, user, team: Team, title: str, description: str = "", currency: str = "USD"
) -> Engagement:
    if access.role_for(user, team.pk) is None:
        raise DomainError(f"You are not a member of {team}.")
    code = _currency(currency)
    with set_actor(user):
        return Engagement.objects.create(
            team=team,
            owner=user,
            title=title.strip(),
            description=description.strip(),
            currency=code,
        )


@transaction.atomic
def engagement_update(
    *, user, engagement: Engagement, title: str, description: str, currency: str | None = None
) -> Engagement:
    """``currency`` None keeps the engagement's."""
    access.require(user, access.CHANGE, engagement)
    code = engagement.currency if currency is None else _currency(currency)
    with set_actor(user):
        engagement.title = title.strip()
        engagement.description = description.strip()
        engagement.currency = code
        engagement.save(update_fields=["title", "description", "currency", "updated_at"])
    return engagement


@transaction.atomic
def engagement_change_status(*, user, engagement: Engagement, to: str, reason: str) -> Engagement:
    """The one way an engagement's status changes: along ``status.MOVES``, recorded
    with who, when and why. An illegal move raises ``DomainError`` and changes nothing."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if problem := status.move_problem(engagement.status, to):
        raise DomainError(problem)
    if engagement.status == to:
        return engagement
    with set_actor(user):
        EngagementStatusChange.objects.create(
            engagement=engagement,
            from_status=engagement.status,
            to_status=to,
            changed_by=user if getattr(user, "pk", None) else None,
            reason=reason.strip(),
        )
        engagement.status = to
        engagement.save(update_fields=["status", "updated_at"])
    return engagement


@transaction.atomic
def engagement_close(*, user, engagement: Engagement) -> Engagement:
    """A manager closes an engagement (decision abandoned or finished)."""
    access.require(user, access.APPROVE, engagement)
    return engagement_change_status(
        user=user, engagement=engagement, to=Engagement.Status.CLOSED, reason="Closed by a manager."
    )


@transaction.atomic
def engagement_reopen(*, user, engagement: Engagement, to: str) -> Engagement:
    """A manager reopens a closed engagement; ``to`` is the status its steps' facts
    give (the journey layer works it out), not always "scoping"."""
    access.require(user, access.APPROVE, engagement)
    if engagement.status != Engagement.Status.CLOSED:
        raise DomainError(
            f"An engagement that is {engagement.get_status_display().lower()} cannot be reopened."
        )
    return engagement_change_status(
        user=user, engagement=engagement, to=to, reason="Reopened by a manager."
    )
