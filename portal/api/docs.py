"""The OpenAPI schema and its browsable docs (Swagger UI committed under
static/vendor/swagger-ui and served by the portal itself: no CDN). The page's scripts
are all ``src=``, its style a file: the site's Content-Security-Policy needs no
exception for it."""

from __future__ import annotations

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny

from portal.api.authentication import PersonalTokenAuthentication
from portal.api.base import Limits


class Schema(Limits, SpectacularJSONAPIView):
    """Public: it describes the API, holds no data, and a vendor integrating the KPI feed
    (who has no account) reads it too."""

    permission_classes = [AllowAny]
    authentication_classes = [PersonalTokenAuthentication, SessionAuthentication]


class Docs(Limits, SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes = [PersonalTokenAuthentication, SessionAuthentication]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
