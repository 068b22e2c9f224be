"""Every route of the API, under /api/v1/ (included by ``portal.urls``)."""

from django.urls import path

from portal.api import docs, engagements, feeds, monitoring, reports
from portal.api import schema as _schema  # noqa: F401 - registers the token schemes

app_name = "api"

E = "engagements/<int:engagement_pk>/"

urlpatterns = [
    path("openapi.json", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.Docs.as_view(), name="docs"),
    path("engagements/", engagements.EngagementList.as_view(), name="engagement-list"),
    path(E, engagements.EngagementDetail.as_view(), name="engagement-detail"),
    path(f"{E}scope/", engagements.Scope.as_view(), name="scope"),
    path(f"{E}cost-case/", engagements.CostCase.as_view(), name="cost-case"),
    path(f"{E}candidates/", engagements.Shortlist.as_view(), name="candidate-list"),
    path(
        f"{E}candidates/<int:candidate_pk>/checklist/",
        engagements.Checklist.as_view(),
        name="checklist",
    ),
    path(
        f"{E}candidates/<int:candidate_pk>/test-calls/",
        engagements.TestCallList.as_view(),
        name="test-call-list",
    ),
    path(f"{E}contract/", monitoring.ContractDates.as_view(), name="contract"),
    path(f"{E}slas/", monitoring.SlaList.as_view(), name="sla-list"),
    path(f"{E}kpis/", monitoring.KpiRecordList.as_view(), name="kpi-list"),
    path(f"{E}liaison-entries/", monitoring.LiaisonEntryList.as_view(), name="liaison-entry-list"),
    path(
        f"{E}liaison-entries/<int:pk>/",
        monitoring.LiaisonEntryDetail.as_view(),
        name="liaison-entry-detail",
    ),
    path(
        f"{E}liaison-entries/<int:pk>/follow-up-actions/",
        monitoring.FollowUpActionCreate.as_view(),
        name="follow-up-action-create",
    ),
    path(f"{E}follow-up-actions/", monitoring.FollowUpActionList.as_view(), name="follow-up-list"),
    path(
        f"{E}follow-up-actions/<int:pk>/",
        monitoring.FollowUpActionDetail.as_view(),
        name="follow-up-detail",
    ),
    path(f"{E}reports/", reports.ReportList.as_view(), name="report-list"),
    path(f"{E}reports/<uuid:public_id>/", reports.ReportDetail.as_view(), name="report-detail"),
    path(
        f"{E}reports/<uuid:public_id>/download/",
        reports.ReportDownload.as_view(),
        name="report-download",
    ),
    path("feeds/kpis", feeds.KpiFeed.as_view(), name="kpi-feed"),
]
