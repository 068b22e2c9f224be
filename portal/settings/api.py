"""The REST API (portal.api) and the request throttles of the API and the invitation links."""

from portal.env import env_int, env_str

# The REST API under /api/v1/ (portal.api). Personal tokens (Bearer) for scripts and
# the session (with its CSRF check) for the site's own calls; every request throttled
# per token, per session user or per address; JSON in and out (plus the KPI feed's CSV).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttling.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
}
# Requests per token (or session user, or address) and per KPI feed token.
PORTAL_API_RATE = env_str("API_RATE", "1000/hour")
PORTAL_API_FEED_RATE = env_str("API_FEED_RATE", "120/hour")
# Vendor contacts' invitation links (vendors.invitations.respondent): link openings per
# address (guessing tokens), and posts per invitation (twice that per address), per hour.
PORTAL_RESPOND_ENTER_PER_HOUR = env_int("RESPOND_ENTER_PER_HOUR", 30)
PORTAL_RESPOND_POSTS_PER_HOUR = env_int("RESPOND_POSTS_PER_HOUR", 300)
SPECTACULAR_SETTINGS = {
    "TITLE": "Outsourcing portal API",
    "DESCRIPTION": "Engagements and their steps, for scripts and BI tools (personal API "
    "tokens), and the KPI feed vendors' systems post to (feed tokens).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files are committed under static/vendor/swagger-ui (from the npm
    # registry, like Bootstrap) and named in templates/api/swagger_ui.html; no CDN.
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EngagementStatusEnum": "portal.models.Engagement.Status",
        "ReportStatusEnum": "portal.reports.models.Report.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_error_responses",
    ],
}
