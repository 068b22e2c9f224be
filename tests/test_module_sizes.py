"""No module of the apps grows past 400 lines: a longer one is split by step or by noun
(the demo of steps 5-7, say, into the liaison's and the test calls' own modules)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "vendors", "contracts")
MAX_LINES = 400


def test_no_app_module_is_over_400_lines():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
