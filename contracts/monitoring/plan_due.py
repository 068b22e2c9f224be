"""The due panel's planned test calls: open planned calls suggested this week on the
user's live engagements, each linking to the page that logs it (a row provider of
``contracts.due``)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from contracts.due import DueRow
from contracts.monitoring.plan_queries import due_this_week
from portal.people import display_name

# The planned calls of the weeks' months and the test calls that fill them.
PLANNED_DUE_QUERIES = 2


def planned_call_rows(user, today: datetime.date) -> list[DueRow]:
    rows = []
    now = timezone.now()
    for due in due_this_week(user, today):
        planned = due.planned
        when = timezone.localtime(planned.suggested_at)
        language = f" in {planned.language}" if planned.language else ""
        rows.append(
            DueRow(
                kind="Test call",
                text=f"{planned.get_channel_display()}{language}, suggested {when:%a %H:%M}"
                + (" (yours)" if due.mine else ""),
                engagement_title=due.engagement.title,
                due=when.date(),
                url=reverse(
                    "contracts:planned-call-log",
                    kwargs={"engagement_pk": due.engagement.pk, "pk": planned.pk},
                ),
                who=display_name(planned.assignee) if planned.assignee else "",
                level="warning" if planned.suggested_at < now else "",
            )
        )
    return rows
