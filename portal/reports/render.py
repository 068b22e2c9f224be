"""Turn a Report row into PDF bytes with WeasyPrint.

The one entry point the worker calls is ``render_report(report) -> RenderedReport``.
Rendering never touches the network: ``url_fetcher`` serves the project's own static
files and refuses everything else (http, https, file, data...). A refused resource
is left out with a warning in the log; the PDF still renders.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from functools import cache

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from portal.journey.report import report_context
from portal.journey.scorecard import scorecard_context
from portal.reports.models import Report

log = logging.getLogger(__name__)
# WeasyPrint reports each layout step and page at INFO (some sixty lines a report),
# which buried the worker's own log at the default level. Its warnings still show.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int


class RefusedFetch(ValueError):
    """A URL the report asked for that is not one of the project's static files."""


STATIC_PREFIX = "static:"
_MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


def url_fetcher(url: str, timeout: int = 10, ssl_context=None) -> dict:
    """Serve ``static:<path>`` from the project's static files; refuse anything else."""
    if not url.startswith(STATIC_PREFIX):
        raise RefusedFetch(f"Reports may only load the portal's own static files, not {url!r}.")
    relative = url.removeprefix(STATIC_PREFIX).lstrip("/")
    try:
        path = finders.find(relative)
    except SuspiciousFileOperation:  # "../" out of the static folders
        path = None
    if not path:
        raise RefusedFetch(f"No such static file: {url!r}.")
    with open(path, "rb") as handle:
        body = handle.read()
    suffix = "." + relative.rsplit(".", 1)[-1].lower() if "." in relative else ""
    return {"string": body, "filename": path, "mime_type": _MIME_TYPES.get(suffix)}


def pdf_fetcher():
    """``url_fetcher`` in the shape WeasyPrint 66+ expects: a ``URLFetcher`` whose
    ``fetch`` returns a ``URLFetcherResponse``. Nothing of the parent's network code runs."""
    from urllib import request

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            # Deliberately not URLFetcher.__init__: it installs the HTTP, FTP, file and
            # data handlers this fetcher must never use (and builds an SSL context).
            request.OpenerDirector.__init__(self)
            self._allowed_protocols = ("static",)
            self._fail_on_errors = False
            self._timeout = 0
            self._http_headers = {}
            self._request = None

        def fetch(self, url, headers=None):
            try:
                found = url_fetcher(url)
            except RefusedFetch as exc:
                log.warning("Decision report: %s", exc)
                raise
            mime = found["mime_type"]
            return URLFetcherResponse(
                url, found["string"], headers={"Content-Type": mime} if mime else None
            )

    return StaticOnlyFetcher()


def render_html(report: Report) -> str:
    if report.kind == Report.Kind.SCORECARD:
        return render_to_string("reports/scorecard.html", scorecard_context(report))
    return render_to_string("reports/decision_report.html", report_context(report))


@cache
def _font_config():
    """One font configuration per process: a warm worker keeps Pango's font caches
    between reports instead of loading DejaVu again for each one."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# Pango's font map is not thread-safe; a threaded worker pool renders one at a time.
_render_lock = threading.Lock()

# A tagged PDF (structure tree, /MarkInfo, /Lang from <html lang>, the <title> shown as
# the window title) that screen readers can follow: headings, tables with their header
# cells, paragraphs and lists in reading order.
PDF_VARIANT = "pdf/ua-1"


def render_report(report: Report) -> RenderedReport:
    from weasyprint import HTML

    html = render_html(report)
    with _render_lock:
        document = HTML(string=html, url_fetcher=pdf_fetcher(), base_url="static:/").render(
            font_config=_font_config(), pdf_variant=PDF_VARIANT
        )
        # The laid-out pages are garbage once written; the task collects them after
        # the PDF is stored (render_report_task), so the user need not wait for that.
        return RenderedReport(
            pdf=document.write_pdf(pdf_variant=PDF_VARIANT), pages=len(document.pages)
        )


# A page in the report's own stylesheet and fonts: headings, a table, body text.
WARM_UP_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Warm-up</title>'
    '<link rel="stylesheet" href="static:reports/report.css"></head><body>'
    '<section class="cover"><h1 class="report-title">Warm-up</h1><p class="lead">Text</p>'
    '<table class="facts"><tbody><tr><th scope="row">Team</th><td>Care</td></tr></tbody>'
    "</table></section><h2>Costs</h2><p><strong>1,234</strong> <em>USD</em></p></body></html>"
)


def warm_up() -> None:
    """Load what a process's first report would otherwise wait for: WeasyPrint and its
    libraries, the fonts and the print stylesheet (one small page rendered and
    dropped), the report templates, and the queries of its sections (the latest
    engagement's report HTML, dropped: nothing is saved). Run when a worker's child
    starts."""
    import gc

    from django.template.loader import get_template
    from weasyprint import HTML

    from portal.models import Engagement

    for name in ("reports/decision_report.html", "reports/scorecard.html"):
        get_template(name)
    if latest := Engagement.objects.order_by("-updated_at").first():
        render_html(Report(engagement=latest, requested_by=latest.owner))
    with _render_lock:
        HTML(string=WARM_UP_HTML, url_fetcher=pdf_fetcher(), base_url="static:/").render(
            font_config=_font_config(), pdf_variant=PDF_VARIANT
        ).write_pdf(pdf_variant=PDF_VARIANT)
    gc.collect()  # what was dropped is not collected in the first report's time
