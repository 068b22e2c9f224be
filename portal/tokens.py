"""Personal API tokens: create, revoke, and find the token a request presents.

A token is ``pat_`` and 43 URL-safe characters (``secrets.token_urlsafe(32)``);
only its SHA-256 is stored, so a database copy holds no usable token. The prefix
tells a person which of their tokens is which, and tells a reader of a leaked
string that it is a personal token of this portal.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from portal.errors import DomainError
from portal.models import ApiToken

TOKEN_PREFIX = "pat_"
PREFIX_LENGTH = len(TOKEN_PREFIX) + 6
# last_used_at is written at most this often per token: a busy script is not a write a call.
LAST_USED_EVERY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    """What is stored of a token, personal or KPI feed: its SHA-256 (any string hashes,
    lone surrogates included, so a hostile header is a lookup that finds nothing)."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ApiTokenInput:
    name: str
    expires_on: date | None = None


@transaction.atomic
def api_token_create(
    *, user, data: ApiTokenInput, today: date | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the token itself (shown once, never stored).

    It expires at the end of ``expires_on`` (in the portal's time zone), or never.
    """
    name = data.name.strip()
    if not name:
        raise DomainError("Give the token a name.", field="name")
    expires_at = None
    if data.expires_on is not None:
        if data.expires_on <= (today or timezone.localdate()):
            raise DomainError("Choose an expiry date after today.", field="expires_on")
        end_of_day = datetime.combine(data.expires_on + timedelta(days=1), time.min)
        expires_at = timezone.make_aware(end_of_day)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with set_actor(user):
        token = ApiToken.objects.create(
            user=user,
            name=name,
            token_hash=token_hash(raw),
            prefix=raw[:PREFIX_LENGTH],
            expires_at=expires_at,
        )
    return token, raw


@transaction.atomic
def api_token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (one of ``user``'s own): every later call with it is refused."""
    if token.user_id != user.pk:
        raise DomainError("This is not one of your tokens.")
    if token.revoked_at is None:
        with set_actor(user):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` is, with its active user, or None (unknown, revoked,
    expired, or its user deactivated). Notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or not token.is_active(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # An UPDATE, not save(): using a token is not a change to audit.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def user_tokens(user):
    return ApiToken.objects.filter(user=user)
