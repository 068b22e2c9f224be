"""Decision reports: their status and, once ready, where the PDF is."""

from __future__ import annotations

from rest_framework import serializers

from portal.people import display_name
from portal.reports.models import Report


class ReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    requested_by = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "status",
            "created_at",
            "finished_at",
            "size",
            "page_count",
            "error",
            "requested_by",
            "download",
        ]

    def get_requested_by(self, report) -> str | None:
        return display_name(report.requested_by) if report.requested_by_id else None

    def get_download(self, report) -> str | None:
        """The API path of the PDF, once it is ready."""
        if report.status != Report.Status.DONE:
            return None
        return f"/api/v1/engagements/{report.engagement_id}/reports/{report.public_id}/download/"
