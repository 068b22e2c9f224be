"""Due diligence and test calls, under /engagements/<engagement_pk>/."""

from django.urls import path

from vendors.diligence import checklist_views, evidence_views, exports, test_call_views

app_name = "diligence"

_candidate = "candidates/<int:candidate_pk>"

urlpatterns = [
    path("due-diligence/", checklist_views.overview, name="overview"),
    path("due-diligence/export.xlsx", exports.overview_export, name="overview-export"),
    path(f"{_candidate}/checklist/", checklist_views.checklist_detail, name="checklist-detail"),
    path(f"{_candidate}/checklist/start/", checklist_views.checklist_start, name="checklist-start"),
    path(f"{_candidate}/checklist/export.xlsx", exports.checklist_export, name="checklist-export"),
    path(f"{_candidate}/checklist/items/<int:pk>/", checklist_views.item_edit, name="item-edit"),
    path(
        f"{_candidate}/evidence/<int:pk>/download/",
        evidence_views.evidence_download,
        name="evidence-download",
    ),
    path(
        f"{_candidate}/evidence/<int:pk>/delete/",
        evidence_views.evidence_delete,
        name="evidence-delete",
    ),
    path(f"{_candidate}/test-calls/", test_call_views.test_call_list, name="test-call-list"),
    path(
        f"{_candidate}/test-calls/new/", test_call_views.test_call_create, name="test-call-create"
    ),
    path(
        f"{_candidate}/test-calls/<int:pk>/edit/",
        test_call_views.test_call_edit,
        name="test-call-edit",
    ),
    path(
        f"{_candidate}/test-calls/<int:pk>/delete/",
        test_call_views.test_call_delete,
        name="test-call-delete",
    ),
]
