"""Due-diligence checklists as spreadsheets: one candidate's (every item with its answer,
risk, reviewer, notes and evidence, in the order the checklist page shows them), or
every candidate's at once, a sheet each after the overview's summary."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.views.decorators.http import require_GET

from portal import access, xlsx
from portal.people import display_name
from vendors.diligence import queries
from vendors.diligence.checklist_views import get_candidate
from vendors.diligence.models import ChecklistGroup, ChecklistItem, Evidence

HEADER = ["Group", "Item", "Critical", "Answer", "Risk", "Reviewer", "Notes", "Evidence", "Updated"]
_GROUP_ORDER = {value: index for index, value in enumerate(ChecklistGroup.values)}


def _item_rows(items) -> list[list]:
    items = sorted(
        items,
        key=lambda item: (
            _GROUP_ORDER.get(item.template_item.group, 99),
            item.template_item.order,
            item.template_item_id,
        ),
    )
    return [
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


def _sheet(vendor_name: str, items) -> xlsx.Sheet:
    return xlsx.Sheet(f"Checklist {vendor_name}", HEADER, _item_rows(items))


@require_GET
@login_required
def checklist_export(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk)
    checklist = queries.candidate_checklist(candidate)
    items = list(queries.checklist_items(checklist)) if checklist else []
    return xlsx.xlsx_response(
        [_sheet(candidate.vendor.name, items)],
        filename=xlsx.download_name(engagement.title, candidate.vendor.name, "checklist"),
    )


def _percent(share) -> float | None:
    return None if share is None else round(share * 100, 1)


@require_GET
@login_required
def overview_export(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    summaries = queries.candidate_summaries(engagement)
    candidates = [c for c in queries.engagement_candidates(engagement) if c.pk in summaries]
    summary_rows = []
    for candidate in candidates:
        s = summaries[candidate.pk]
        started = s.checklist_started
        summary_rows.append(
            [
                candidate.vendor.name,
                xlsx.Percent(_percent(s.answered_share)) if started else "Not started",
                s.open_items if started else None,
                s.critical_no_count if started else None,
                s.risk_high_count if started else None,
                s.test_call_count,
                None if s.avg_wait_seconds is None else round(s.avg_wait_seconds),
                xlsx.Percent(_percent(s.first_contact_resolution_rate)),
                None if s.avg_score is None else round(s.avg_score, 1),
            ]
        )
    sheets = [
        xlsx.Sheet(
            "Summary",
            [
                "Vendor",
                "Checklist answered",
                "Open items",
                "“No” on critical items",
                "High-risk items",
                "Test calls",
                "Average wait (s)",
                "First-contact resolution",
                "Average score (1-5)",
            ],
            summary_rows,
        )
    ]
    items = (
        ChecklistItem.objects.filter(checklist__candidate__engagement=engagement)
        .select_related("template_item", "reviewer", "checklist")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.only("id", "item_id", "original_name"))
        )
        .order_by("checklist__candidate_id")
    )
    by_candidate = {
        candidate_id: list(group)
        for candidate_id, group in groupby(items, key=lambda item: item.checklist.candidate_id)
    }
    sheets += [
        _sheet(candidate.vendor.name, by_candidate[candidate.pk])
        for candidate in candidates
        if candidate.pk in by_candidate
    ]
    return xlsx.xlsx_response(
        sheets, filename=xlsx.download_name(engagement.title, "due-diligence")
    )
