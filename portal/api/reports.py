"""Decision reports: the list, asking for one (a worker renders it), one report's
status, and its PDF once it is ready."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from portal import uploads
from portal.api.base import ApiView, ListView, detail_response, engagement_for
from portal.api.serializers import reports as s
from portal.reports import actions, queries
from portal.reports.models import Report


class ReportList(ListView):
    """The engagement's decision reports, newest first."""

    serializer_class = s.ReportSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        engagement = engagement_for(self.request, self.kwargs["engagement_pk"])
        return queries.engagement_reports(engagement).select_related("requested_by")

    @extend_schema(request=None, responses={202: s.ReportSerializer})
    def post(self, request, engagement_pk: int):
        """Ask for a new decision report; it is queued and rendered by a worker (poll it)."""
        engagement = engagement_for(request, engagement_pk, write=True)
        report = actions.report_request(user=request.user, engagement=engagement)
        return Response(s.ReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)


def _report(request, engagement_pk: int, public_id) -> Report:
    engagement = engagement_for(request, engagement_pk)
    report = queries.report_by_public_id(engagement, public_id)
    if report is None:
        raise Http404("No such report in this engagement.")
    return report


class ReportDetail(ApiView):
    @extend_schema(responses=s.ReportSerializer)
    def get(self, request, engagement_pk: int, public_id):
        """One report: queued, rendering, ready (with its download path) or failed."""
        report = _report(request, engagement_pk, public_id)
        return detail_response(request, s.ReportSerializer(report).data)


class ReportDownload(ApiView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The decision report's PDF."
            )
        }
    )
    def get(self, request, engagement_pk: int, public_id):
        """The report's PDF (404 until it is ready)."""
        report = _report(request, engagement_pk, public_id)
        if report.status != Report.Status.DONE or not report.file:
            raise Http404("This report has no PDF yet.")
        return uploads.private_download(
            report.file.name, download_name=report.download_name, content_type="application/pdf"
        )
