"""The decision report reads like a document: no page is left holding a lone table row or
a heading cut from its table, and a long table carries its header onto every page it spans.

Read back with pypdf page by page, as a reader leafing through the PDF would see it.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.core.management import call_command

from portal.models import Engagement
from portal.reports.models import Report
from portal.reports.render import render_report
from tests.factories_reports import large_engagement

pytestmark = pytest.mark.django_db

DEMO_TITLE = "Outsource tier-1 phone support"

# A page other than the last holds at least this many lines of content, not counting the
# running header (title and "Outsourcing decision report") and footer (report ID and
# "Page N of M"). Six is a heading, a table's header row and a few rows: a page holding a
# lone row ("Paid agent-hours a month" once did) has two or three lines. A section may end
# on a short page of its own (each starts on a new page); six lines is still more than a
# stray row, and the long tables keep four rows together under their repeated header.
MIN_LINES = 6

_RUNNING = re.compile(r"Page \d+ of \d+\s*$|Outsourcing decision report\s*$")


def page_texts(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [page.extract_text(extraction_mode="layout") for page in reader.pages]


def content_lines(text: str) -> list[str]:
    """A page's non-blank lines with runs of spaces collapsed, header and footer left out."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not _RUNNING.search(line)]


def thin_pages(texts: list[str]) -> dict[int, list[str]]:
    """The pages before the last with fewer than MIN_LINES lines: {page number: lines}."""
    found = {}
    for number, text in enumerate(texts[:-1], start=1):
        lines = content_lines(text)
        if len(lines) < MIN_LINES:
            found[number] = lines
    return found


def pages_with(texts: list[str], pattern: str) -> list[str]:
    """The collapsed text of every page on which ``pattern`` matches."""
    collapsed = [" ".join(content_lines(text)) for text in texts]
    return [text for text in collapsed if re.search(pattern, text)]


@pytest.fixture(scope="module")
def large_pdf(django_db_setup, django_db_blocker):
    """The large engagement's report, built and rendered once for the module."""
    with django_db_blocker.unblock():
        from django.db import transaction

        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            engagement, member, _manager = large_engagement()
            report = Report.objects.create(engagement=engagement, requested_by=member)
            yield render_report(report)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_no_page_of_the_demo_report_holds_only_a_stray_row_or_a_heading():
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title=DEMO_TITLE)
    texts = page_texts(render_report(Report.objects.create(engagement=engagement)).pdf)

    assert len(texts) > 10
    assert thin_pages(texts) == {}
    # The Erlang C figures stay in one table on one page, under their heading.
    (staffing,) = pages_with(texts, r"Staffing for inbound phone")
    assert "Calls in the busiest hour" in staffing
    assert "Staffed seat-hours a month" in staffing
    # The approval record's two moves stay under their heading.
    (approvals,) = pages_with(texts, r"Approval record")
    assert "Date Vendor Move By Reason" in approvals
    assert approvals.count("Bogotá Nearshore CX") >= 2
    # The break-even paragraph and its chart are on one page.
    (break_even,) = pages_with(texts, r"Break-even: shared per minute")
    assert "monthly cost by call volume" in break_even


def test_no_page_of_a_large_report_holds_only_a_stray_row_or_a_heading(large_pdf):
    texts = page_texts(large_pdf.pdf)
    assert len(texts) > 20
    assert thin_pages(texts) == {}
    # Trends: the heading is on the page with the charts, not left at the foot of the KPIs.
    (trends,) = pages_with(texts, r"Trends One chart per SLA")
    assert "Service level (20 s)" in trends


@pytest.mark.parametrize(
    ("row", "header"),
    [
        # The whole-scope cost of 20 candidates, across pages (their key facts now fit
        # on one).
        (
            r"Large vendor \d\d \w+ inbound, per",
            "Vendor Quotes used and what they bill Kept in-house Oversight",
        ),
        # 20 open follow-up actions, across two pages of step 5.
        (r"Follow up on review \d+", "Due Action Owner From"),
        # The "no" answers of 20 candidates, across several pages of step 4.
        (r"Checked with Large vendor \d\d", "Vendor Question Risk Notes"),
    ],
)
def test_a_long_table_repeats_its_header_on_every_page_it_spans(large_pdf, row, header):
    pages = pages_with(page_texts(large_pdf.pdf), row)
    assert len(pages) >= 2  # the table does span pages
    for text in pages:
        assert header in text
        # Never a lone row: at least three at the foot of a page, four on the next.
        assert len(re.findall(row, text)) >= 3
