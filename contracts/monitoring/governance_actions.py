"""Write operations of the governance (step 6): who liaises and who monitors, the RACI
and the escalation path. One transaction each, audited with the acting user."""

from __future__ import annotations

from dataclasses import dataclass, fields

from auditlog.context import set_actor
from django.db import transaction

from contracts.models import EscalationLevel, Governance, RaciRow
from contracts.team import require_team_member
from portal import access
from portal.errors import DomainError
from portal.models import Engagement


@dataclass(frozen=True)
class GovernanceInput:
    liaison: object | None = None  # users of the engagement's team
    monitor: object | None = None
    procedures: str = ""


@transaction.atomic
def governance_save(*, user, engagement: Engagement, data: GovernanceInput) -> Governance:
    access.require(user, access.CHANGE, engagement)
    require_team_member(engagement, data.liaison, what="liaison", field="liaison")
    require_team_member(
        engagement, data.monitor, what="person monitoring the vendor", field="monitor"
    )
    with set_actor(user):
        governance, _ = Governance.objects.select_for_update().get_or_create(engagement=engagement)
        governance.liaison = data.liaison
        governance.monitor = data.monitor
        governance.procedures = data.procedures.strip()
        governance.save()
    return governance


@dataclass(frozen=True)
class RaciRowInput:
    activity: str
    responsible: str
    accountable: str
    consulted: str = ""
    informed: str = ""


@transaction.atomic
def raci_row_save(
    *, user, engagement: Engagement, row: RaciRow | None, data: RaciRowInput
) -> RaciRow:
    """Add a RACI row at the end (``row`` None) or change one."""
    access.require(user, access.CHANGE, engagement)
    row = row or RaciRow(engagement=engagement)
    with set_actor(user):
        for field in fields(data):
            setattr(row, field.name, getattr(data, field.name))
        if row.pk is None:
            row.position = RaciRow.objects.filter(engagement=engagement).count()
        row.save()
    return row


@dataclass(frozen=True)
class EscalationLevelInput:
    level: int
    who: str
    trigger: str
    response_hours: int


@transaction.atomic
def escalation_level_save(
    *, user, engagement: Engagement, level: EscalationLevel | None, data: EscalationLevelInput
) -> EscalationLevel:
    """Add a level to the escalation path (``level`` None) or change one; each level once."""
    access.require(user, access.CHANGE, engagement)
    taken = EscalationLevel.objects.filter(engagement=engagement, level=data.level)
    if level is not None:
        taken = taken.exclude(pk=level.pk)
    if taken.exists():
        raise DomainError(f"Level {data.level} is already on the escalation path.", field="level")
    level = level or EscalationLevel(engagement=engagement)
    with set_actor(user):
        for field in fields(data):
            setattr(level, field.name, getattr(data, field.name))
        level.save()
    return level


@transaction.atomic
def governance_row_delete(*, user, row: RaciRow | EscalationLevel) -> None:
    access.require(user, access.CHANGE, row.engagement)
    with set_actor(user):
        row.delete()
