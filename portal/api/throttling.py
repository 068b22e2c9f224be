"""Rate limits: per personal token, per session user, per address when anonymous, and
per feed token on the KPI feed. Over the limit a call answers 429 with Retry-After.
Counts live in Django's default cache: Redis when REDIS_URL is set, so every process
counts the same calls, else each process's memory (portal/settings/base.py)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from portal.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return settings.PORTAL_API_RATE

    def get_cache_key(self, request, view) -> str:
        auth = request.auth
        if isinstance(auth, ApiToken):
            # The hash, not the id: a token's limit is its own even if ids are reused.
            ident = f"token:{auth.token_hash[:32]}"
        elif request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return f"throttle_{self.scope}_{ident}"


class FeedRateThrottle(TokenRateThrottle):
    scope = "feed"

    def get_rate(self) -> str:
        return settings.PORTAL_API_FEED_RATE

    def get_cache_key(self, request, view) -> str:
        if request.auth is None:
            return super().get_cache_key(request, view)
        return f"throttle_{self.scope}_feed:{request.auth.token_hash[:32]}"
