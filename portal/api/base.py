"""What every API view shares: the body size limit, ETags on detail reads, and turning
JSON into the data the site's forms validate."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils.http import parse_etags, quote_etag
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from portal import access
from portal.api.errors import NON_FIELD, RequestTooLarge, invalid

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def check_body_size(request) -> None:
    """DATA_UPLOAD_MAX_MEMORY_SIZE for every body: Django applies it to forms, but a
    JSON body read as a stream would pass it. 413 with the error body above it."""
    if request.method not in BODY_METHODS:
        return
    try:
        request._request.body  # noqa: B018 - reads (and size-checks) the body once
    except RequestDataTooBig:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raise RequestTooLarge(f"The request body is larger than {limit} bytes.") from None


class Limits:
    def initial(self, request, *args, **kwargs):
        # Before anything reads the body (the session's CSRF check reads a form's).
        check_body_size(request)
        super().initial(request, *args, **kwargs)


class ApiView(Limits, APIView):
    pass


class ListView(Limits, generics.ListAPIView):
    pass


def engagement_for(request, engagement_pk: int, *, write: bool = False):
    """The engagement through the one access module: 404 for another team's, 403 for a role
    that may not write."""
    return access.get_engagement_for_user(
        request, engagement_pk, action=access.CHANGE if write else access.VIEW
    )


def detail_response(request, data) -> Response:
    """``data`` with an ETag of its JSON; 304 when the caller already has it."""
    body = json.dumps(data, cls=JSONEncoder, sort_keys=True, separators=(",", ":"))
    etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, headers={"ETag": etag})


def form_data(request, names: list[str]) -> dict:
    """The JSON object's values for the form fields ``names``, as a form would get them:
    absent or null is blank; a nested value is refused (a form field takes one value)."""
    data = request.data
    if not hasattr(data, "get"):
        raise invalid({NON_FIELD: ["Send a JSON object."]})
    found, problems = {}, {}
    for name in names:
        if name not in data:
            continue
        value = data.get(name)
        if isinstance(value, (dict, list)):
            problems[name] = ["Give one value, not a list or an object."]
        elif value is not None:
            found[name] = value
    if problems:
        raise invalid(problems)
    return found
