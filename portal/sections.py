"""What each step gives the decision report: its ``Section``, and step 4's ``Decision``.

Each app describes its own part of the report with a function
``(engagement) -> Section`` in its ``report.py``; ``portal.journey.report``
assembles them in step order. A section that has nothing to show yet returns
``Section.not_filled(...)`` with a plain sentence, which the report prints
instead of an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
    # Its own scenario: the whole scope under its quotes, the saving against all
    # in-house and where its rates sit in the rate card, in words.
    cost: str = ""


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
