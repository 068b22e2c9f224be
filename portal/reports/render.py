"""Turn a Report row into PDF bytes with WeasyPrint.

The one entry point the worker calls is ``render_report(report) -> RenderedReport``.
Rendering never touches the network: ``url_fetcher`` serves the project's own static
files and refuses everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from portal.reports.models import Report


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int


class RefusedFetch(ValueError):
    """A URL the report asked for that is not one of the project's static files."""


STATIC_PREFIX = "static:"


def url_fetcher(url: str, timeout: int = 10, ssl_context=None) -> dict:
    """Serve ``static:<path>`` from the project's static files; refuse anything else."""
    if not url.startswith(STATIC_PREFIX):
        raise RefusedFetch(f"Reports may only load the portal's own static files, not {url!r}.")
    path = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
    if not path:
        raise RefusedFetch(f"No such static file: {url!r}.")
    with open(path, "rb") as handle:
        return {"string": handle.read(), "filename": path}


def render_report(report: Report) -> RenderedReport:
    from weasyprint import HTML

    engagement = report.engagement
    html = render_to_string(
        "reports/decision_report.html",
        {"report": report, "engagement": engagement, "generated_at": timezone.now()},
    )
    document = HTML(string=html, url_fetcher=url_fetcher, base_url="static:/").render()
    return RenderedReport(pdf=document.write_pdf(), pages=len(document.pages))
