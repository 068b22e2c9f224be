"""Decision report pages: ask for a report, follow it live, download it, retry it.

Thin: access through ``portal.access``, one action, render or redirect. The PDF
itself is only ever made by a worker (``portal.reports.tasks``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from portal import access, uploads
from portal.errors import DomainError
from portal.reports import actions, queries, scorecard_actions
from portal.reports.models import Report

PAGE_SIZE = 20
# How often a page asks for the status of a report still queued or rendering (an
# unchanged one answers 204 with nothing to swap): the Download link shows at most
# half a second after the PDF is stored.
POLL_MS = 500


def _unchanged() -> HttpResponse:
    """A poll whose report has not moved: htmx swaps nothing on 204 and polls again."""
    return HttpResponse(status=204)


def _get_report(request, engagement_pk: int, public_id, *, action: str = access.VIEW):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=action)
    report = queries.report_by_public_id(engagement, public_id)
    if report is None:
        raise Http404("No such report in this engagement.")
    return engagement, report


def _row_context(request, engagement, report: Report) -> dict:
    return {
        "engagement": engagement,
        "report": report,
        "can_change": access.can(request.user, access.CHANGE, engagement),
        "poll_ms": POLL_MS,
    }


@require_GET
@login_required
def report_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    page = Paginator(queries.engagement_reports(engagement), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/pages/report_list.html",
        {
            "engagement": engagement,
            "page": page,
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "can_approve": access.can(request.user, access.APPROVE, engagement),
            "poll_ms": POLL_MS,
        },
    )


@require_POST
@login_required
def report_request(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    report = actions.report_request(user=request.user, engagement=engagement)
    if report.broker_error:
        messages.warning(request, report.broker_error)
    else:
        messages.success(
            request, "Report requested. It appears here with a Download link when it is ready."
        )
    return redirect("reports:report-list", engagement_pk=engagement.pk)


@require_POST
@login_required
def scorecard_request(request, engagement_pk: int):
    """A manager asks for last month's scorecard now (members 403)."""
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.APPROVE)
    try:
        report, made = scorecard_actions.scorecard_request(
            user=request.user, engagement=engagement, today=timezone.localdate()
        )
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("reports:report-list", engagement_pk=engagement.pk)
    if report.broker_error:
        messages.warning(request, report.broker_error)
    elif made:
        messages.success(request, f"{report.title} requested; it appears here when it is ready.")
    else:
        messages.success(request, f"{report.title} is being rendered again with today's figures.")
    return redirect("reports:report-list", engagement_pk=engagement.pk)


@require_POST
@login_required
def report_retry(request, engagement_pk: int, public_id):
    engagement, report = _get_report(request, engagement_pk, public_id, action=access.CHANGE)
    try:
        report = actions.report_retry(user=request.user, report=report)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if report.broker_error:
            messages.warning(request, report.broker_error)
        else:
            messages.success(request, "Report sent to be rendered again.")
    return redirect("reports:report-list", engagement_pk=engagement.pk)


@require_GET
@login_required
def report_status(request, engagement_pk: int, public_id):
    """One history row (htmx): polls itself until the report is done or failed.

    A poll says which status the page shows (``?status=``): 204 while that is still
    the status; otherwise the new row, with a sentence for the page's live region.
    """
    engagement, report = _get_report(request, engagement_pk, public_id)
    shown = request.GET.get("status")
    if shown == report.status:
        return _unchanged()
    context = _row_context(request, engagement, report)
    context["announce"] = shown is not None
    return render(request, "reports/pages/_report_row.html", context)


@require_GET
@login_required
def report_latest_status(request, engagement_pk: int):
    """The latest report's status on the engagement page (htmx), polling while it runs.

    Loaded once with the page (the live region and its line); then the line polls,
    saying which report and status it shows, and gets 204 while neither changed.
    """
    engagement = access.get_engagement_for_user(request, engagement_pk)
    report = queries.latest_report(engagement)
    shown = request.GET.get("status")
    if shown is None:
        template = "reports/pages/_latest_status.html"
    elif report and (request.GET.get("report"), shown) == (str(report.public_id), report.status):
        return _unchanged()
    else:
        template = "reports/pages/_latest_status_line.html"
    return render(request, template, _row_context(request, engagement, report))


@require_GET
@login_required
def report_download(request, engagement_pk: int, public_id):
    _, report = _get_report(request, engagement_pk, public_id)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404("This report has no PDF yet.")
    actions.report_read(user=request.user, report=report)
    return uploads.private_download(
        report.file.name, download_name=report.download_name, content_type="application/pdf"
    )
