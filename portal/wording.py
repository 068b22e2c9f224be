"""Counted words in sentences the code writes: "1 day", "2 days", "1 call". No Django
import, so the pure modules (deadlines, scoring) use it too; templates use
``pluralize``."""

from __future__ import annotations


def counted(number, singular: str, plural: str | None = None, *, spec: str = "") -> str:
    """``number`` and the word in the form it takes: counted(1, "day") is "1 day",
    counted(3, "entry", "entries") is "3 entries"; ``spec`` formats the number
    (``","`` for thousands separators)."""
    word = singular if number == 1 else (plural or f"{singular}s")
    return f"{number:{spec}} {word}"
