"""What each step tells the navigator: its state, a one-line summary and its page.

Each app describes its own steps with a function ``(engagement) -> StepStatus``
in its ``steps.py``; ``portal.journey.navigator`` calls them in step order.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
STATE_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETE: "Complete"}


@dataclass(frozen=True)
class StepStatus:
    state: str = NOT_STARTED
    summary: str = ""
    url: str | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    title: str
    status: StepStatus
