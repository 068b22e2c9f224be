"""The KPI feed: a vendor's system posts an engagement's monthly figures with a feed
token (issued on the monitoring page), as JSON rows or the CSV the import takes.

The feed token reaches this endpoint only, and a personal token does not reach it.
The rows are checked and written by ``contracts.monitoring.feeds.record_kpi_feed``:
all of them or none, once per SLA and month, the feed token named in the history.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from contracts.monitoring import feeds
from portal.api.authentication import FeedTokenAuthentication
from portal.api.base import ApiView
from portal.api.errors import NON_FIELD, invalid
from portal.api.serializers import contracts as s
from portal.api.throttling import FeedRateThrottle
from portal.errors import DomainError


class CsvText(str):
    """A body the CSV parser read (a JSON string is a plain ``str``, not a file)."""


class CsvParser(BaseParser):
    """A ``text/csv`` body, as text (the KPI import's file)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None) -> CsvText:
        raw = stream.read() if stream is not None else b""
        try:
            return CsvText(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise invalid({NON_FIELD: ["The body is not UTF-8 CSV text."]}) from None


class HasFeedToken(BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.auth is not None


def _rows(data) -> list:
    """The rows of a JSON body; ``record_kpi_feed`` checks each of them (a row that
    is not an object is named with the others' problems)."""
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise invalid({"rows": ['Send {"rows": [{"metric", "month", "value"}, …]}.']})
    return rows


def _is_csv(request) -> bool:
    return request.content_type.split(";")[0].strip().lower() == CsvParser.media_type


def _refusal(error: DomainError):
    """``record_kpi_feed``'s refusal as a 400: every bad row or line under ``rows``,
    whether JSON or CSV was sent, and the summary and each problem in the message."""
    problems = [text for name in ("rows", "csv_text") for text in error.fields.get(name, [])]
    others = [
        t for name, texts in error.fields.items() if name not in ("rows", "csv_text") for t in texts
    ]
    fields = {"rows": problems} if problems else {NON_FIELD: others}
    return invalid(fields, str(error))


class KpiFeed(ApiView):
    authentication_classes = [FeedTokenAuthentication]
    permission_classes = [HasFeedToken]
    throttle_classes = [FeedRateThrottle]
    parser_classes = [JSONParser, CsvParser]

    @extend_schema(
        request={"application/json": s.FeedInputSerializer, "text/csv": OpenApiTypes.STR},
        responses=s.FeedResultSerializer,
        examples=[
            OpenApiExample(
                "Two metrics of one month",
                value={
                    "rows": [
                        {"metric": "service_level", "month": "2026-10", "value": "81.5"},
                        {"metric": "abandoned", "month": "2026-10", "value": "4.2"},
                    ]
                },
                request_only=True,
                media_type="application/json",
            )
        ],
    )
    def post(self, request):
        """Record a vendor's monthly KPIs for the feed token's engagement: every row, or
        none when any row is wrong (each problem named). Posting a month again replaces
        its values; breaches and the SLA standing update at once."""
        if _is_csv(request):
            # An empty body parses to nothing at all: it is an empty file.
            body = {"csv_text": request.data if isinstance(request.data, CsvText) else ""}
        else:
            body = {"rows": _rows(request.data)}
        try:
            records = feeds.record_kpi_feed(request.auth, **body)
        except DomainError as error:
            raise _refusal(error) from None
        return Response({"engagement": request.auth.engagement_id, "recorded": len(records)})
