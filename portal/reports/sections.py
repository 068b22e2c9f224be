"""The decision report's content: cover, executive summary and one section per step.

Each app describes its own part of the report with a function
``(engagement) -> Section`` named in ``settings.PORTAL_REPORT_SECTIONS``, the same
way it describes its navigator step; the core never reaches into app models. A
section that has nothing to show yet returns ``Section.not_filled(...)`` with a
plain sentence, which the report prints instead of an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Decision:
    """The vendor decision as the approval workflow recorded it (step 4)."""

    vendor: str
    status: str  # the candidate's status, as shown to a user
    approved: bool
    approved_by: str = ""
    approved_at: datetime | None = None
    reason: str = ""
    recommended_by: str = ""
    recommended_at: datetime | None = None
    rationale: str = ""
    standing: str = ""  # where the vendor ranks in the comparison, in words


@dataclass(frozen=True)
class Section:
    key: str  # the anchor the table of contents links to
    title: str
    template: str = ""  # empty while the step is not filled in
    context: dict = field(default_factory=dict)
    missing: str = ""  # the plain sentence printed when the step is not filled in
    summary: str = ""  # one line for the executive summary
    decision: Decision | None = None

    @property
    def filled(self) -> bool:
        return bool(self.template)

    @classmethod
    def not_filled(cls, key: str, title: str, sentence: str) -> Section:
        return cls(key=key, title=title, missing=sentence, summary=sentence)


@cache
def _section_functions() -> tuple:
    # A wrong dotted path is a configuration error: fail loudly, never drop a section.
    return tuple(import_string(dotted) for dotted in settings.PORTAL_REPORT_SECTIONS)


def engagement_sections(engagement) -> list[Section]:
    return [function(engagement) for function in _section_functions()]


def person(user) -> str:
    """How the report names a user: full name, else the login."""
    if user is None:
        return "someone no longer registered"
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Cover:
    title: str
    description: str
    team: str
    owner: str
    status: str
    decision: str
    report_id: str
    requested_by: str
    generated_at: datetime


def _decision_of(sections: list[Section]) -> Decision | None:
    return next((s.decision for s in sections if s.decision is not None), None)


def cover(report, engagement, sections: list[Section], generated_at: datetime) -> Cover:
    decision = _decision_of(sections)
    if decision is None:
        decided = "No vendor recommended yet"
    elif decision.approved:
        decided = f"{decision.vendor}, approved by {decision.approved_by}"
    else:
        decided = f"{decision.vendor}, {decision.status.lower()}"
    return Cover(
        title=engagement.title,
        description=engagement.description,
        team=engagement.team.name,
        owner=person(engagement.owner),
        status=engagement.get_status_display(),
        decision=decided,
        report_id=str(report.public_id),
        requested_by=person(report.requested_by) if report.requested_by_id else "",
        generated_at=generated_at,
    )


@dataclass(frozen=True)
class ExecutiveSummary:
    decision: Decision | None
    findings: list[tuple[Section, str]]  # (section, its one-line summary)


def executive_summary(sections: list[Section]) -> ExecutiveSummary:
    return ExecutiveSummary(
        decision=_decision_of(sections),
        findings=[(s, s.summary or s.missing) for s in sections],
    )


def report_context(report) -> dict:
    """What ``templates/reports/decision_report.html`` renders, for one report row."""
    engagement = report.engagement
    sections = engagement_sections(engagement)
    generated_at = timezone.localtime()
    return {
        "report": report,
        "engagement": engagement,
        "cover": cover(report, engagement, sections, generated_at),
        "summary": executive_summary(sections),
        # Each filled section rendered with its own context, empty ones by their sentence.
        "bodies": [
            (s, render_to_string(s.template, s.context) if s.filled else "") for s in sections
        ],
        "generated_at": generated_at,
    }
