"""The due panel's scorecards to read: the monthly scorecards of last month (or later)
on the user's open engagements that the user has not opened yet, each linking to its
PDF (a row provider of ``contracts.due``)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from contracts.due import DueRow
from contracts.team import open_engagements
from portal.reports.models import Report, ReportRead
from portal.reports.scorecard_actions import previous_month

# One query: the scorecards, with whether the user read each.
SCORECARD_DUE_QUERIES = 1


def scorecards_to_read(user, today: datetime.date):
    read = ReportRead.objects.filter(report=OuterRef("pk"), user=user)
    return (
        Report.objects.filter(
            engagement__in=open_engagements(user),
            kind=Report.Kind.SCORECARD,
            status=Report.Status.DONE,
            period__gte=previous_month(today),
        )
        .exclude(Exists(read))
        .select_related("engagement")
        .order_by("-period", "engagement_id")
    )


def scorecard_rows(user, today: datetime.date) -> list[DueRow]:
    return [
        DueRow(
            kind="Scorecard",
            text=f"{report.title} to read",
            engagement_title=report.engagement.title,
            due=timezone.localtime(report.finished_at).date() if report.finished_at else today,
            url=reverse("reports:report-download", args=[report.engagement_id, report.public_id]),
        )
        for report in scorecards_to_read(user, today)
    ]
