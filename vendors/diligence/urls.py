"""Due diligence and test calls, under /engagements/<engagement_pk>/."""

from django.urls import path

from vendors.diligence import views

app_name = "diligence"

_candidate = "candidates/<int:candidate_pk>"

urlpatterns = [
    path("due-diligence/", views.overview, name="overview"),
    path(f"{_candidate}/checklist/", views.checklist_detail, name="checklist-detail"),
    path(f"{_candidate}/checklist/start/", views.checklist_start, name="checklist-start"),
    path(f"{_candidate}/checklist/items/<int:pk>/", views.item_edit, name="item-edit"),
    path(
        f"{_candidate}/checklist/items/<int:item_pk>/evidence/",
        views.evidence_upload,
        name="evidence-upload",
    ),
    path(
        f"{_candidate}/evidence/<int:pk>/download/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(f"{_candidate}/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path(f"{_candidate}/test-calls/", views.testcall_list, name="testcall-list"),
    path(f"{_candidate}/test-calls/new/", views.testcall_create, name="testcall-create"),
    path(f"{_candidate}/test-calls/<int:pk>/edit/", views.testcall_edit, name="testcall-edit"),
    path(
        f"{_candidate}/test-calls/<int:pk>/delete/", views.testcall_delete, name="testcall-delete"
    ),
]
