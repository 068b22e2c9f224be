"""Write operations of steps 1-3: one transaction each, audited with the user as actor.

Each takes one typed input (``data=``), as the step's form or the demo gives it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from portal import access, week
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import intervals, risk
from portal.planning.choices import (
    DEFAULT_CHAT_CONCURRENCY,
    MAX_CONTACTS_MESSAGE,
    MAX_CONTACTS_PER_MONTH,
    QUEUE_CHANNELS,
    ProfileKind,
)
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from portal.reference import Channel, Region


@dataclass(frozen=True)
class ChannelLineInput:
    """One channel of the scope; no contacts (None or 0) leaves it out."""

    contacts_per_month: int | None = None
    handle_minutes: Decimal | None = None
    # 168 booleans, Monday 00:00 first (``portal.planning.hours`` reads and writes them).
    open_hours: tuple[bool, ...] = week.BUSINESS_HOURS
    profile_kind: str = ProfileKind.FLAT
    # Inbound phone and chat only: average seconds before a caller hangs up (None: unknown).
    patience_seconds: int | None = None
    concurrency: Decimal = DEFAULT_CHAT_CONCURRENCY  # chat only: chats an agent carries at once
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
    reply_within_hours: int = 24
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


def _open_hours_problem(open_hours) -> str | None:
    if (
        isinstance(open_hours, str | bytes)
        or not isinstance(open_hours, Sequence)
        or len(open_hours) != week.HOURS_PER_WEEK
        or not all(isinstance(hour, bool) for hour in open_hours)
    ):
        return (
            f"Open hours are {week.HOURS_PER_WEEK} true/false values, one per hour of the "
            "week from Monday 00:00."
        )
    if not any(open_hours):
        return "Open the channel at least one hour a week."
    return None


def imported_outside_hours(profile, open_hours) -> list[int]:
    """The hours of the week an imported profile gives contacts but ``open_hours`` closes."""
    return [hour for hour, share in enumerate(profile) if share and not open_hours[hour]]


def channel_line_problems(
    line: ChannelLineInput, *, channel: str | None = None, imported: list | None = None
) -> dict[str, str]:
    """What is wrong with one channel's figures, by field. Out-of-range figures are
    wrong even on a channel left out; missing ones matter only for a channel in scope.
    ``imported`` is the line's saved interval profile (168 shares), if any."""
    problems: dict[str, str] = {}
    contacts = line.contacts_per_month
    if contacts is not None and contacts < 0:
        problems["contacts_per_month"] = "Contacts per month cannot be negative."
    elif contacts is not None and contacts > MAX_CONTACTS_PER_MONTH:
        problems["contacts_per_month"] = MAX_CONTACTS_MESSAGE
    in_scope = bool(contacts) and not problems
    handle = line.handle_minutes
    if handle is None and in_scope:
        problems["handle_minutes"] = "Give the average handle time for this channel."
    elif handle is not None and handle <= 0:
        problems["handle_minutes"] = "Average handle time must be above zero."
    if problem := _open_hours_problem(line.open_hours):
        problems["open_hours"] = problem
    if line.profile_kind not in ProfileKind.values:
        problems["profile_kind"] = "Choose an arrival pattern from the list."
    elif line.profile_kind == ProfileKind.IMPORTED and "open_hours" not in problems:
        if not imported:
            problems["profile_kind"] = (
                "Import interval volumes for this channel first, or choose another pattern."
            )
        elif outside := imported_outside_hours(imported, line.open_hours):
            problems["open_hours"] = (
                "The imported interval volumes have contacts outside these hours ("
                + ", ".join(intervals.hour_range_names(outside)[:4])
                + (", …" if len(intervals.hour_range_names(outside)) > 4 else "")
                + "): open those hours, or choose another arrival pattern."
            )
    patience = line.patience_seconds
    if patience is not None and channel in QUEUE_CHANNELS and not 1 <= patience <= 3600:
        problems["patience_seconds"] = (
            "Between 1 and 3,600 seconds (an hour); leave it empty if unknown."
        )
    concurrency = line.concurrency
    if channel == Channel.CHAT and (concurrency is None or not 1 <= concurrency <= 10):
        problems["concurrency"] = "An agent carries between 1 and 10 chats at once."
    return problems


def _line_values(channel: str, line: ChannelLineInput) -> dict:
    """What a channel line stores: patience only for a queue (inbound phone, chat),
    concurrency only for chat (the others keep the default)."""
    values = _values(line)
    values["open_hours"] = list(line.open_hours)
    if channel not in QUEUE_CHANNELS:
        values["patience_seconds"] = None
    if channel != Channel.CHAT:
        values["concurrency"] = ChannelLineInput.concurrency
    return values


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
    existing = {line.channel: line for line in engagement.channel_lines.all()}
    problems = {
        f"{channel}-{name}": text
        for channel, line in data.lines.items()
        if line is not None
        for name, text in channel_line_problems(
            line,
            channel=channel,
            imported=existing[channel].profile if channel in existing else None,
        ).items()
    }
    if problems:
        raise DomainError(fields=problems)
    with set_actor(user):
        needs = NeedsScope.objects.filter(engagement=engagement).first()
        needs = needs or NeedsScope(engagement=engagement)
        scope_changed = _assign(needs, _values(data, without=("lines",))) or needs.pk is None
        _validated(needs)
        to_save, to_delete = [], []
        for channel, values in data.lines.items():
            line = existing.get(channel)
            if values is None or not values.contacts_per_month:
                if line is not None:
                    to_delete.append(line)
                continue
            line = line or ChannelLine(engagement=engagement, channel=channel)
            if _assign(line, _line_values(channel, values)) or line.pk is None:
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


class IntervalImportError(DomainError):
    """A file of interval volumes that cannot be taken; ``errors`` names each line."""

    def __init__(self, errors: list[str]):
        count = len(errors)
        super().__init__(
            f"Nothing was imported: {count} problem{'s' if count != 1 else ''} to fix."
        )
        self.errors = errors


@dataclass(frozen=True)
class IntervalCsvInput:
    """A file of interval volumes as the import form gives it (its text, read as
    UTF-8); ``open_closed_hours``: open the hours that have contacts but are closed."""

    text: str
    open_closed_hours: bool = False


@transaction.atomic
def channel_line_import_intervals(
    *, user, engagement: Engagement, channel: str, data: IntervalCsvInput
) -> tuple[ChannelLine, intervals.IntervalImport]:
    """Average a file of interval volumes into the channel's arrival pattern
    ("imported"): all of it, or nothing when any line is wrong. Contacts in hours the
    channel is closed are refused, unless ``open_closed_hours`` opens those hours."""
    access.require(user, access.CHANGE, engagement)
    line = ChannelLine.objects.filter(engagement=engagement, channel=channel).first()
    if line is None:
        raise DomainError(f"{Channel(channel).label} is not in the scope; add it first.")
    result = intervals.parse_intervals(data.text, open_hours=line.open_hours)
    if result.errors:
        raise IntervalImportError(result.errors)
    open_hours = list(line.open_hours)
    if result.closed_with_volume:
        names = intervals.hour_range_names(result.closed_with_volume)
        if not data.open_closed_hours:
            raise IntervalImportError(
                [
                    f"The file has contacts in hours {Channel(channel).label.lower()} is "
                    f"closed: {', '.join(names)}. Tick “Open the hours that have contacts” "
                    "to open them, or change the open hours in the scope first."
                ]
            )
        for hour in result.closed_with_volume:
            open_hours[hour] = True
    with set_actor(user):
        line.open_hours = open_hours
        line.profile = [round(share, 9) for share in result.shares]
        line.profile_kind = ProfileKind.IMPORTED
        line.save(update_fields=["open_hours", "profile", "profile_kind"])
    return line, result


@transaction.atomic
def cost_case_save(*, user, engagement: Engagement, data: CostCaseInput) -> CostCase:
    """Save step 2's figures. The form leaves out what no scoped channel uses (the
    answer target without phone or chat, say) and passes the saved values for them."""
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
