"""Write operations of steps 1-3: one transaction each, audited with the user as actor.

Each takes one typed input (``data=``), as the step's form or the demo gives it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from portal import access
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import risk
from portal.planning.formatting import percent, plain
from portal.planning.models import (
    MAX_CONTACTS_MESSAGE,
    MAX_CONTACTS_PER_MONTH,
    ChannelLine,
    CostCase,
    CustomerAssessment,
    NeedsScope,
)
from portal.reference import Channel, Region


@dataclass(frozen=True)
class ChannelLineInput:
    """One channel of the scope; no contacts (None or 0) leaves it out."""

    contacts_per_month: int | None = None
    handle_minutes: Decimal | None = None
    coverage_hours_per_week: Decimal | None = None
    peak_hour_share_percent: Decimal | None = None
    languages: str = "English"


@dataclass(frozen=True)
class ScopeInput:
    """Step 1: the needs scope and its channels (``lines``: channel -> line, or None to
    leave the channel out; a channel not named keeps what it has)."""

    complex_share_percent: Decimal = Decimal("0")
    face_to_face_needed: bool = False
    volume_pattern: str = NeedsScope.VolumePattern.STEADY
    outbound_purpose: str = NeedsScope.OutboundPurpose.NONE
    in_house_agents: int = 0
    in_house_hours_per_week: Decimal = Decimal("0")
    notes: str = ""
    lines: Mapping[str, ChannelLineInput | None] = field(default_factory=dict)


@dataclass(frozen=True)
class CostCaseInput:
    """Step 2: the company's own figures that price the in-house option."""

    service_target_percent: Decimal = Decimal("80")
    answer_within_seconds: int = 20
    shrinkage_percent: Decimal = Decimal("30")
    loaded_salary: Decimal = Decimal("0")
    training_per_agent: Decimal = Decimal("0")
    equipment_per_agent: Decimal = Decimal("0")
    rent_per_agent: Decimal = Decimal("0")
    it_per_agent: Decimal = Decimal("0")
    supervision_per_agent: Decimal = Decimal("0")
    coverage_extra_percent: Decimal = Decimal("0")
    in_house_agents_override: int | None = None
    oversight_monthly: Decimal = Decimal("0")
    outbound_sales_monthly: Decimal = Decimal("0")
    commission_percent: Decimal | None = None
    region: str = Region.ASIA_PHILIPPINES


@dataclass(frozen=True)
class AssessmentInput:
    """Step 3: the customer-base answers (``language_risk``: channel -> level)."""

    offshore: bool | None  # None: not answered
    local_preference: str
    language_risk: Mapping[str, str]
    response_expectation: str
    data_residency: str
    notes: str = ""


def field_names(input_class, *, without: tuple[str, ...] = ()) -> list[str]:
    """The names of an input's fields, in order (a form's fields follow them)."""
    return [f.name for f in fields(input_class) if f.name not in without]


def _values(data, *, without: tuple[str, ...] = ()) -> dict:
    return {name: getattr(data, name) for name in field_names(type(data), without=without)}


def channel_line_problems(line: ChannelLineInput) -> dict[str, str]:
    """What is wrong with one channel's figures, by field. Out-of-range figures are
    wrong even on a channel left out; missing ones matter only for a channel in scope."""
    problems: dict[str, str] = {}
    contacts = line.contacts_per_month
    if contacts is not None and contacts < 0:
        problems["contacts_per_month"] = "Contacts per month cannot be negative."
    elif contacts is not None and contacts > MAX_CONTACTS_PER_MONTH:
        problems["contacts_per_month"] = MAX_CONTACTS_MESSAGE
    in_scope = bool(contacts) and not problems
    handle, coverage = line.handle_minutes, line.coverage_hours_per_week
    if handle is None and in_scope:
        problems["handle_minutes"] = "Give the average handle time for this channel."
    elif handle is not None and handle <= 0:
        problems["handle_minutes"] = "Average handle time must be above zero."
    if coverage is None and in_scope:
        problems["coverage_hours_per_week"] = "Give the hours of coverage a week."
    elif coverage is not None and coverage <= 0:
        problems["coverage_hours_per_week"] = "Coverage must be above zero hours."
    elif coverage is not None and coverage > 168:
        problems["coverage_hours_per_week"] = "A week has only 168 hours; 168 is around the clock."
    peak = line.peak_hour_share_percent
    if peak is not None and not 0 < peak <= 100:
        problems["peak_hour_share_percent"] = "A share is above 0% and at most 100%."
    elif peak is not None and coverage and 0 < coverage <= 168 and peak * coverage < 100:
        problems["peak_hour_share_percent"] = (
            f"The busiest hour carries at least an average hour's share "
            f"({percent(100 / coverage)}% over {plain(coverage)} hours)."
        )
    return problems


def _validated(obj, *, prefix: str = "") -> None:
    """Model validation as a domain error, each message keyed by its field (named as
    the form names it, ``prefix`` first): a caller outside a form gets the same rules."""
    try:
        obj.full_clean(exclude=["engagement"])
    except ValidationError as exc:
        raise DomainError(
            fields={
                None if name == NON_FIELD_ERRORS else f"{prefix}{name}": texts
                for name, texts in exc.message_dict.items()
            }
        ) from exc


def _assign(obj: models.Model, values: Mapping) -> bool:
    """Copy ``values`` onto ``obj`` field by field; True when a stored value changed.

    A value equal to the stored one is left alone (``Decimal("10") == Decimal("10.00")``),
    so re-saving a form unchanged writes no row and no audit entry. A changed decimal
    takes the field's places (10.5 -> 10.50) so the audit log compares like with like.
    """
    changed = False
    for name, value in values.items():
        field_ = obj._meta.get_field(name)
        if isinstance(field_, models.DecimalField) and value is not None:
            try:
                value = Decimal(value)
                exact = value.quantize(Decimal(1).scaleb(-field_.decimal_places))
                value = exact if exact == value else value  # too many places: let validation say so
            except (InvalidOperation, TypeError, ValueError):
                pass
        if getattr(obj, field_.attname) != value:
            setattr(obj, field_.attname, value)
            changed = True
    return changed


@transaction.atomic
def scope_save(*, user, engagement: Engagement, data: ScopeInput) -> NeedsScope:
    """Save the needs scope and its channel lines. Every channel's problems are
    reported at once, keyed ``<channel>-<field>`` as the scope form names them. Only
    what changed is saved (and audited); a channel joining or leaving the scope stamps
    ``channels_changed_at``, which step 3 compares with its assessment."""
    access.require(user, access.CHANGE, engagement)
    unknown = set(data.lines) - set(Channel.values)
    if unknown:
        raise DomainError(f"Unknown channel(s): {', '.join(sorted(unknown))}.")
    problems = {
        f"{channel}-{name}": text
        for channel, line in data.lines.items()
        if line is not None
        for name, text in channel_line_problems(line).items()
    }
    if problems:
        raise DomainError(fields=problems)
    with set_actor(user):
        needs = NeedsScope.objects.filter(engagement=engagement).first()
        needs = needs or NeedsScope(engagement=engagement)
        scope_changed = _assign(needs, _values(data, without=("lines",))) or needs.pk is None
        _validated(needs)
        existing = {line.channel: line for line in engagement.channel_lines.all()}
        to_save, to_delete = [], []
        for channel, values in data.lines.items():
            line = existing.get(channel)
            if values is None or not values.contacts_per_month:
                if line is not None:
                    to_delete.append(line)
                continue
            line = line or ChannelLine(engagement=engagement, channel=channel)
            if _assign(line, _values(values)) or line.pk is None:
                _validated(line, prefix=f"{channel}-")
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
def cost_case_save(*, user, engagement: Engagement, data: CostCaseInput) -> CostCase:
    access.require(user, access.CHANGE, engagement)
    with set_actor(user):
        case = CostCase.objects.filter(engagement=engagement).first() or CostCase(
            engagement=engagement
        )
        if _assign(case, _values(data)) or case.pk is None:
            _validated(case)
            case.save()
    return case


def unanswered_questions(data: AssessmentInput, scoped: set[str]) -> dict[str, str]:
    """The step-3 questions left unanswered, by form field: an assessment is made of
    answers someone gave, so none is assumed."""
    problems = {}
    if data.offshore is None:
        problems["offshore"] = "Say where the vendors you consider are."
    if not data.local_preference:
        problems["local_preference"] = "Say how customers see service from far away."
    if not data.response_expectation:
        problems["response_expectation"] = "Say how fast customers expect an answer."
    if not data.data_residency:
        problems["data_residency"] = "Say which rules apply to customer data leaving the country."
    for channel in sorted(scoped):
        if not data.language_risk.get(channel):
            problems[f"language_{channel}"] = (
                f"Rate the language and accent risk of {Channel(channel).label}."
            )
    return problems


@transaction.atomic
def assessment_save(*, user, engagement: Engagement, data: AssessmentInput) -> CustomerAssessment:
    """Record the customer-base answers and the combined risk level they score to."""
    access.require(user, access.CHANGE, engagement)
    scoped = set(engagement.channel_lines.values_list("channel", flat=True))
    bad = {level for level in data.language_risk.values() if level and level not in risk.LEVELS}
    if bad:
        raise DomainError(f"Unknown risk level(s): {', '.join(sorted(bad))}.")
    if problems := unanswered_questions(data, scoped):
        raise DomainError(fields=problems)
    language_risk = {ch: level for ch, level in data.language_risk.items() if ch in scoped}
    scored = risk.assess(
        offshore=data.offshore,
        local_preference=data.local_preference,
        language_risk=language_risk,
        channel_labels=dict(Channel.choices),
        response_expectation=data.response_expectation,
        data_residency=data.data_residency,
    )
    with set_actor(user):
        assessment = CustomerAssessment.objects.filter(engagement=engagement).first()
        assessment = assessment or CustomerAssessment(engagement=engagement)
        answers = {
            **_values(data),
            "language_risk": language_risk,
            "notes": data.notes.strip(),
            "risk_level": scored.level,
        }
        if _assign(assessment, answers) or assessment.pk is None:
            assessment.updated_by = user
            _validated(assessment)
            assessment.save()
    return assessment
