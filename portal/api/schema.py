"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the
two kinds of token, and the error body every operation may answer with."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_STATUSES = {
    "400": "Invalid input: each problem by field.",
    "401": "No token, or a token unknown, expired or revoked.",
    "403": "Your role does not allow this (or the CSRF check failed on a session call).",
    "404": "No such object, or not one of your teams'.",
    "413": "The request body is too large.",
    "429": "Too many requests: wait the seconds Retry-After says.",
}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "example": "not_found"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from the account page (API tokens).",
        }


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.FeedTokenAuthentication"
    name = "feedToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A KPI feed token issued on an engagement's monitoring page.",
        }


def add_error_responses(result, generator, request, public):
    """Every operation documents the error body for the statuses it may answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                if code == "413" and method == "get":
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
