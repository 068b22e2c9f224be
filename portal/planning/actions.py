"""Write operations of steps 1-3: one transaction each, audited with the user as actor."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from portal import access
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import risk
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from portal.reference import Channel

SCOPE_FIELDS = (
    "complex_share_percent",
    "face_to_face_needed",
    "volume_pattern",
    "outbound_purpose",
    "in_house_agents",
    "in_house_hours_per_week",
    "notes",
)
LINE_FIELDS = (
    "contacts_per_month",
    "handle_minutes",
    "coverage_hours_per_week",
    "peak_hour_share_percent",
    "languages",
)
COST_FIELDS = tuple(
    f.name
    for f in CostCase._meta.get_fields()
    if f.concrete and f.name not in ("id", "engagement", "updated_at")
)


def _validated(obj) -> None:
    """Model validation as a domain error: a caller outside a form gets the same rules."""
    try:
        obj.full_clean(exclude=["engagement"])
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc


def _assign(obj: models.Model, values: Mapping, names: Iterable[str]) -> bool:
    """Copy ``values`` onto ``obj`` field by field; True when a stored value changed.

    A value equal to the stored one is left alone (``Decimal("10") == Decimal("10.00")``),
    so re-saving a form unchanged writes no row and no audit entry. A changed decimal
    takes the field's places (10.5 -> 10.50) so the audit log compares like with like.
    """
    changed = False
    for name in names:
        if name not in values:
            continue
        field = obj._meta.get_field(name)
        value = values[name]
        if isinstance(field, models.DecimalField) and value is not None:
            try:
                value = Decimal(value)
                exact = value.quantize(Decimal(1).scaleb(-field.decimal_places))
                value = exact if exact == value else value  # too many places: let validation say so
            except (InvalidOperation, TypeError, ValueError):
                pass
        if getattr(obj, field.attname) != value:
            setattr(obj, field.attname, value)
            changed = True
    return changed


@transaction.atomic
def scope_save(
    *,
    user,
    engagement: Engagement,
    scope: Mapping,
    lines: Mapping[str, Mapping | None],
) -> NeedsScope:
    """Save the needs scope and its channel lines; a channel mapped to None (or with
    no contacts) leaves the scope. Only what changed is saved (and audited); a channel
    joining or leaving the scope stamps ``channels_changed_at``, which step 3 compares
    with its assessment."""
    access.require(user, access.CHANGE, engagement)
    unknown = set(lines) - set(Channel.values)
    if unknown:
        raise DomainError(f"Unknown channel(s): {', '.join(sorted(unknown))}.")
    with set_actor(user):
        needs = NeedsScope.objects.filter(engagement=engagement).first()
        needs = needs or NeedsScope(engagement=engagement)
        scope_changed = _assign(needs, scope, SCOPE_FIELDS) or needs.pk is None
        _validated(needs)
        existing = {line.channel: line for line in engagement.channel_lines.all()}
        to_save, to_delete = [], []
        for channel, values in lines.items():
            line = existing.get(channel)
            if not values or not values.get("contacts_per_month"):
                if line is not None:
                    to_delete.append(line)
                continue
            line = line or ChannelLine(engagement=engagement, channel=channel)
            if _assign(line, values, LINE_FIELDS) or line.pk is None:
                _validated(line)
                to_save.append(line)
        if to_delete or any(line.pk is None for line in to_save):
            needs.channels_changed_at = timezone.now()
            scope_changed = True
        if scope_changed:
            needs.save()
        for line in to_delete:
            line.delete()
        for line in to_save:
            line.save()
    return needs


@transaction.atomic
def cost_case_save(*, user, engagement: Engagement, values: Mapping) -> CostCase:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        case = CostCase.objects.filter(engagement=engagement).first() or CostCase(
            engagement=engagement
        )
        if _assign(case, values, COST_FIELDS) or case.pk is None:
            _validated(case)
            case.save()
    return case


@transaction.atomic
def assessment_save(
    *,
    user,
    engagement: Engagement,
    offshore: bool,
    local_preference: str,
    language_risk: Mapping[str, str],
    response_expectation: str,
    data_residency: str,
    notes: str = "",
) -> CustomerAssessment:
    """Record the customer-base answers and the combined risk level they score to."""
    access.require(user, access.CHANGE, engagement)
    scoped = set(engagement.channel_lines.values_list("channel", flat=True))
    bad = {level for level in language_risk.values() if level not in risk.LEVELS}
    if bad:
        raise DomainError(f"Unknown risk level(s): {', '.join(sorted(bad))}.")
    language_risk = {ch: level for ch, level in language_risk.items() if ch in scoped}
    scored = risk.assess(
        offshore=offshore,
        local_preference=local_preference,
        language_risk=language_risk,
        channel_labels=dict(Channel.choices),
        response_expectation=response_expectation,
        data_residency=data_residency,
    )
    with set_actor(user):
        assessment = CustomerAssessment.objects.filter(engagement=engagement).first()
        assessment = assessment or CustomerAssessment(engagement=engagement)
        answers = {
            "offshore": offshore,
            "local_preference": local_preference,
            "language_risk": dict(language_risk),
            "response_expectation": response_expectation,
            "data_residency": data_residency,
            "notes": notes.strip(),
            "risk_level": scored.level,
        }
        if _assign(assessment, answers, answers) or assessment.pk is None:
            assessment.updated_by = user
            _validated(assessment)
            assessment.save()
    return assessment
