"""The interface, e-mails, the report, help texts, docstrings and the README are in US
English: no British spelling from the list below in a source, template or text file.

Migrations are history (a later migration respells the rows they seeded), and a proper
name keeps its own spelling."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("portal", "vendors", "contracts", "templates", "tests", "scripts", "static/js")
SUFFIXES = {".py", ".html", ".txt", ".md", ".js", ".css", ".toml"}

BRITISH = re.compile(
    r"centre|colour|licence|organis|prioritis|analys(e|ed|es|ing)\b|cancelled|cancelling"
    r"|behaviou|favou|labour|program|amortis|summaris|recognis|optimis|minimis|maximis"
    r"|utilis|realis(e|ed|es|ing)\b|categoris|catalogue|labelled(?!by)|modell|judgement",
    re.IGNORECASE,
)
# Proper names: a website's name and the title of an ISO standard.
PROPER_NAMES = ("Call Centre Helper", "Customer contact centres")


def _files():
    yield ROOT / "README.md"
    yield ROOT / "pyproject.toml"
    for folder in SCANNED:
        for path in (ROOT / folder).rglob("*"):
            # Migrations are history; vendor/ holds third-party files as published.
            if path.suffix in SUFFIXES and not {"migrations", "vendor"} & set(path.parts):
                yield path


def test_no_british_spelling():
    found = []
    for path in _files():
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in PROPER_NAMES:
                line = line.replace(name, "")
            if match := BRITISH.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == []
