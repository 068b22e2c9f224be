"""Who calls the API: a personal token (``Authorization: Bearer pat_…``), the site's
own session (DRF's SessionAuthentication, CSRF enforced), or, on the KPI feed only, a
feed token. A token of one kind is refused where the other is expected.

The name of the token used is noted on the request for the request log
(``portal.api.middleware``); the token itself never is.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from contracts.monitoring import feeds
from portal import tokens

KEYWORD = b"bearer"


def bearer_token(request) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, None without one."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != KEYWORD:
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed("Send the header as “Authorization: Bearer <token>”.")
    try:
        return parts[1].decode("ascii")
    except UnicodeDecodeError:
        raise exceptions.AuthenticationFailed("That is not a token of this portal.") from None


def note_token(request, name: str) -> None:
    request._request.api_token_name = name


class PersonalTokenAuthentication(BaseAuthentication):
    """A personal API token: the call acts as the token's user."""

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None:
            return None
        token = tokens.api_token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is unknown, expired or revoked.")
        note_token(request, token.name)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes a missing or bad token answer 401 (with this header), not 403.
        return 'Bearer realm="api"'


class FeedTokenAuthentication(BaseAuthentication):
    """A vendor's KPI feed token: no user at all, only the right to post its feed."""

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None:
            return None
        token = feeds.authenticate_feed_token(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The feed token is unknown, expired or revoked.")
        note_token(request, f"feed {token.name}")
        return AnonymousUser(), token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="kpi-feed"'
