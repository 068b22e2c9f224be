"""What the API tests share: personal tokens for the cast, JSON calls, and KPI feed
tokens issued as the monitoring page issues them (the ``feed`` fixture)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from contracts.models import FeedToken
from contracts.monitoring import feeds
from portal import tokens


def token_for(user, name: str = "script") -> str:
    _, raw = tokens.api_token_create(user=user, data=tokens.ApiTokenInput(name=name))
    return raw


def bearer(raw: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}


def call(client: Client, method: str, url: str, raw: str | None = None, body=None, **extra):
    """A JSON call (the body, if any, as JSON) with ``raw`` as the Bearer token."""
    kwargs = {**bearer(raw), **extra}
    if body is not None:
        kwargs["data"] = json.dumps(body)
        kwargs["content_type"] = "application/json"
    return getattr(client, method)(url, **kwargs)


@dataclass(frozen=True)
class IssuedFeed:
    """A feed token as its issuer has it: the stored row and the raw value shown once."""

    token: FeedToken
    raw: str

    def revoke(self, user) -> None:
        feeds.revoke_feed_token(self.token, user=user)

    def expire(self) -> None:
        """Make the token's last moment a minute ago (as if its expiry day had passed)."""
        past = timezone.now() - datetime.timedelta(minutes=1)
        FeedToken.objects.filter(pk=self.token.pk).update(expires_at=past)


def issue_feed(engagement, user, name: str = "Vendor WFM") -> IssuedFeed:
    token, raw = feeds.issue_feed_token(engagement, user=user, data=feeds.FeedTokenInput(name=name))
    return IssuedFeed(token=token, raw=raw)


@pytest.fixture
def feed(engagement, member) -> IssuedFeed:
    """A KPI feed token of ``engagement``, issued by ``member`` on the real code path
    (tests/conftest.py loads this module as a plugin, so every test may ask for it)."""
    return issue_feed(engagement, member)
