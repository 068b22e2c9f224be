"""The seven-step navigator: the one interface through which the core shows every step.

Each app describes its own steps with a function ``(engagement) -> StepStatus``
named in ``settings.PORTAL_STEPS``; the core never reaches into their models.
A step whose function does not exist yet shows as "not started", without a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.conf import settings

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


@cache
def _providers() -> list[tuple[str, str, object | None]]:
    providers = []
    for key, title, dotted in settings.PORTAL_STEPS:
        module_path, _, name = dotted.rpartition(".")
        try:
            module = import_module(module_path)
        except ModuleNotFoundError as exc:
            if exc.name != module_path:
                raise  # a real import error inside a step module must not be hidden
            module = None  # the step is not built yet
        providers.append((key, title, getattr(module, name) if module else None))
    return providers


def engagement_steps(engagement) -> list[Step]:
    return [
        Step(number, key, title, func(engagement) if func else StepStatus())
        for number, (key, title, func) in enumerate(_providers(), start=1)
    ]
