"""Write operations of steps 1-3: one transaction each, audited with the user as actor."""

from __future__ import annotations

from collections.abc import Mapping

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import transaction

from portal import access
from portal.actions import DomainError
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


@transaction.atomic
def scope_save(
    *,
    user,
    engagement: Engagement,
    scope: Mapping,
    lines: Mapping[str, Mapping | None],
) -> NeedsScope:
    """Save the needs scope and its channel lines; a channel mapped to None (or with
    no contacts) leaves the scope."""
    access.require(user, access.CHANGE, engagement)
    unknown = set(lines) - set(Channel.values)
    if unknown:
        raise DomainError(f"Unknown channel(s): {', '.join(sorted(unknown))}.")
    with set_actor(user):
        needs = NeedsScope.objects.filter(engagement=engagement).first()
        needs = needs or NeedsScope(engagement=engagement)
        for name in SCOPE_FIELDS:
            if name in scope:
                setattr(needs, name, scope[name])
        _validated(needs)
        needs.save()
        existing = {line.channel: line for line in engagement.channel_lines.all()}
        for channel, values in lines.items():
            line = existing.get(channel)
            if not values or not values.get("contacts_per_month"):
                if line is not None:
                    line.delete()
                continue
            line = line or ChannelLine(engagement=engagement, channel=channel)
            for name in LINE_FIELDS:
                if name in values:
                    setattr(line, name, values[name])
            _validated(line)
            line.save()
    return needs


@transaction.atomic
def cost_case_save(*, user, engagement: Engagement, values: Mapping) -> CostCase:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        case = CostCase.objects.filter(engagement=engagement).first() or CostCase(
            engagement=engagement
        )
        for name in COST_FIELDS:
            if name in values:
                setattr(case, name, values[name])
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
        assessment.offshore = offshore
        assessment.local_preference = local_preference
        assessment.language_risk = language_risk
        assessment.response_expectation = response_expectation
        assessment.data_residency = data_residency
        assessment.notes = notes.strip()
        assessment.risk_level = scored.level
        assessment.updated_by = user
        _validated(assessment)
        assessment.save()
    return assessment
