"""One log line per API request: who (the token's name, never the token), what and how
it went. The Authorization header is never logged."""

from __future__ import annotations

import logging
import time

log = logging.getLogger("portal.api")
API_PREFIX = "/api/"


class ApiRequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        name = getattr(request, "api_token_name", None)
        if name is None:
            user = getattr(request, "user", None)
            name = "session" if user is not None and user.is_authenticated else "anonymous"
        log.info(
            "api token=%r %s %s %s %.0fms",
            name,
            request.method,
            request.path,
            response.status_code,
            elapsed_ms,
        )
        return response
