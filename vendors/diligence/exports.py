"""One candidate's due-diligence checklist as a spreadsheet: every item with its answer,
risk, reviewer, notes and evidence, in the order the checklist page shows them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from portal import xlsx
from portal.people import display_name
from vendors.diligence import queries
from vendors.diligence.checklist_views import get_candidate
from vendors.diligence.models import ChecklistGroup


@require_GET
@login_required
def checklist_export(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk)
    checklist = queries.candidate_checklist(candidate)
    items = list(queries.checklist_items(checklist)) if checklist else []
    order = {value: index for index, value in enumerate(ChecklistGroup.values)}
    items.sort(key=lambda item: (order.get(item.template_item.group, 99), item.template_item.order))
    header = [
        "Group",
        "Item",
        "Critical",
        "Answer",
        "Risk",
        "Reviewer",
        "Notes",
        "Evidence",
        "Updated",
    ]
    rows = [
        [
            item.template_item.get_group_display(),
            item.template_item.text,
            item.template_item.critical,
            item.get_answer_display() or "Open",
            item.get_risk_display(),
            display_name(item.reviewer, missing=""),
            item.notes,
            "\n".join(file.original_name for file in item.evidence.all()),
            item.updated_at,
        ]
        for item in items
    ]
    return xlsx.xlsx_response(
        [xlsx.Sheet(f"Checklist {candidate.vendor.name}", header, rows)],
        filename=xlsx.download_name(engagement.title, candidate.vendor.name, "checklist"),
    )
