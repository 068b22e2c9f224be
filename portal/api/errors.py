"""Every error the API answers has one body: ``{"error": {"code", "message", "fields"}}``.

``code`` is DRF's (``invalid``, ``not_authenticated``, ``authentication_failed``,
``permission_denied``, ``not_found``, ``throttled``…); ``fields`` maps an input
field to its messages (``non_field_errors`` for the request as a whole) and is
empty otherwise. A DomainError an action raises is a 400 with its messages by field.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from portal.errors import DomainError

NON_FIELD = "non_field_errors"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The request body is too large."


def invalid(fields: dict[str, list[str]], message: str = "") -> exceptions.ValidationError:
    """A 400 with ``fields``; its message says what to fix."""
    error = exceptions.ValidationError(fields)
    error.portal_message = message
    return error


def from_domain(error: DomainError) -> exceptions.ValidationError:
    fields = {(name or NON_FIELD): list(texts) for name, texts in error.fields.items()}
    rows = getattr(error, "errors", None)  # a KPI import names each bad row
    if rows:
        fields["rows"] = list(rows)
    return invalid(fields, str(error))


def from_form(form, rename: dict[str, str] | None = None) -> exceptions.ValidationError:
    """A bound form's errors as a 400, each under its API field name."""
    rename = rename or {}
    fields: dict[str, list[str]] = {}
    for name, errors in form.errors.items():
        key = NON_FIELD if name == "__all__" else rename.get(name, name)
        fields.setdefault(key, []).extend(str(e) for e in errors)
    return invalid(fields)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        found: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for inner, texts in _flatten(value, name).items():
                found.setdefault(inner, []).extend(texts)
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]}
        found = {}
        for index, item in enumerate(detail):
            for inner, texts in _flatten(item, f"{prefix}[{index}]").items():
                found.setdefault(inner, []).extend(texts)
        return found
    return {prefix or NON_FIELD: [str(detail)]}


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        exc = from_domain(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 page, and the error logged
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        message = getattr(exc, "portal_message", "") or " ".join(
            f"{name}: {' '.join(texts)}" if name != NON_FIELD else " ".join(texts)
            for name, texts in fields.items()
        )
    else:
        fields = {}
        message = str(exc.detail)
    response.data = {"error": {"code": _code(exc), "message": message, "fields": fields}}
    return response
