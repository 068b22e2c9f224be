"""The import direction: journey, API and urls -> contracts -> vendors -> planning -> core -> math.

Every module's imports are read with ``ast`` (function-level imports included) and
each project import is placed on its layer; an import of a higher layer fails the
test with the file, the line and the import. Pure math modules may import only the
standard library and each other: no Django, no app.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("portal", "vendors", "contracts")

# Top to bottom. A module is on the layer of the longest prefix that matches its path.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "journey",
        (
            "portal/journey/",
            "portal/api/",
            "portal/reports/",
            "portal/management/",
            "portal/settings/",
            "portal/urls.py",
            "portal/wsgi.py",
            "portal/asgi.py",
        ),
    ),
    ("contracts", ("contracts/",)),
    ("vendors", ("vendors/",)),
    ("planning", ("portal/planning/",)),
    ("core", ("portal/",)),
)
PURE_MATH = frozenset(
    {
        "portal/staffing.py",
        "portal/week.py",
        "portal/wording.py",
        "portal/cost_inputs.py",
        "portal/channel_plans.py",
        "portal/costs.py",
        "portal/billing.py",
        "portal/break_even.py",
        "portal/csv_reading.py",
        "portal/scenarios.py",
        "contracts/deadlines.py",
        "contracts/exit_rules.py",
        "contracts/kpis.py",
        "contracts/sla_plan.py",
        "contracts/standing_rules.py",
        "contracts/test_call_plan.py",
        "vendors/scoring.py",
    }
)
PURE = "pure math"
RANK = {name: rank for rank, name in enumerate([name for name, _ in LAYERS] + [PURE])}


def layer_of(path: str) -> str:
    if path in PURE_MATH:
        return PURE
    matches = [
        (len(prefix), name)
        for name, prefixes in LAYERS
        for prefix in prefixes
        if path == prefix or path.startswith(prefix)
    ]
    return max(matches)[1]


def module_path(dotted: str, root: Path) -> str | None:
    """The project file a dotted module name refers to, relative to ``root``."""
    parts = dotted.split(".")
    if parts[0] not in PACKAGES:
        return None
    while parts:
        base = "/".join(parts)
        if (root / f"{base}.py").is_file():
            return f"{base}.py"
        if (root / base / "__init__.py").is_file():
            return f"{base}/__init__.py"
        parts.pop()
    return None


def imported_modules(tree: ast.AST, path: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every import; ``from x import y`` gives x.y, which
    ``module_path`` resolves to module y when there is one, else to x."""
    package = path.rsplit("/", 1)[0].replace("/", ".")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def source_files(root: Path):
    for package in PACKAGES:
        for file in sorted((root / package).rglob("*.py")):
            relative = file.relative_to(root).as_posix()
            if "/migrations/" not in relative:
                yield relative


def violations(root: Path = ROOT) -> list[str]:
    problems = []
    for path in source_files(root):
        layer = layer_of(path)
        tree = ast.parse((root / path).read_text(), filename=path)
        seen = set()
        for line, dotted in imported_modules(tree, path):
            if layer == PURE and (dotted == "django" or dotted.startswith("django.")):
                problems.append(f"{path}:{line}: pure math module imports {dotted}")
                continue
            target = module_path(dotted, root)
            if target is None or target == path or (line, target) in seen:
                continue
            seen.add((line, target))
            target_layer = layer_of(target)
            if layer == PURE and target_layer != PURE:
                problems.append(
                    f"{path}:{line}: pure math module imports {dotted} ({target_layer} layer)"
                )
            elif RANK[target_layer] < RANK[layer]:
                problems.append(
                    f"{path}:{line}: {layer} layer imports {dotted}, "
                    f"which is on the {target_layer} layer above it"
                )
    return problems


def test_every_module_imports_only_downwards():
    assert violations() == []


def test_every_pure_math_module_exists():
    # A module dropped from the list keeps no promise; one renamed must be listed again.
    assert [path for path in sorted(PURE_MATH) if not (ROOT / path).is_file()] == []


@pytest.fixture
def tree(tmp_path):
    """A copy of the project's packages to break on purpose."""
    for path in source_files(ROOT):
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text((ROOT / path).read_text())
    return tmp_path


def test_an_upward_import_is_named_with_its_file_and_line(tree):
    module = tree / "vendors" / "queries.py"
    module.write_text(module.read_text() + "\nimport contracts.models\n")
    lines = len(module.read_text().splitlines())
    assert violations(tree) == [
        f"vendors/queries.py:{lines}: vendors layer imports contracts.models, "
        "which is on the contracts layer above it"
    ]


def test_a_relative_import_upwards_is_caught_too(tree):
    module = tree / "portal" / "planning" / "risk.py"
    module.write_text(module.read_text() + "\ndef late():\n    from ..journey import report\n")
    assert [v.split(": ", 1)[1] for v in violations(tree)] == [
        "planning layer imports portal.journey.report, which is on the journey layer above it",
    ]


def test_pure_math_may_not_import_django_or_an_app(tree):
    module = tree / "portal" / "staffing.py"
    module.write_text(
        module.read_text() + "\nfrom django.conf import settings\nfrom portal import models\n"
    )
    assert [v.split(": ", 1)[1] for v in violations(tree)] == [
        "pure math module imports django.conf.settings",
        "pure math module imports portal.models (core layer)",
    ]
