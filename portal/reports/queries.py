"""Reads for the report pages, joined so each page runs a fixed number of queries."""

from __future__ import annotations

from portal.models import Engagement
from portal.reports.models import Report


def engagement_reports(engagement: Engagement):
    """The engagement's report history, newest first, with who asked for each."""
    return Report.objects.filter(engagement=engagement).select_related("requested_by")


def latest_report(engagement: Engagement) -> Report | None:
    """The latest decision report (the engagement page follows the one it asked for)."""
    return engagement_reports(engagement).filter(kind=Report.Kind.DECISION).first()


def report_by_public_id(engagement: Engagement, public_id) -> Report | None:
    report = engagement_reports(engagement).filter(public_id=public_id).first()
    if report is not None:
        report.engagement = engagement  # read already: no second query for it
    return report
