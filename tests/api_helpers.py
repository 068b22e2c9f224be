"""What the API tests share: personal tokens for the cast, JSON calls, and a stand-in
for the KPI feed's contracts side.

``contracts.monitoring.feeds`` (feed tokens and ``record_kpi_feed``) is built on
another branch; until it is merged the API tests install ``feed_stand_in`` in its
place. The stand-in keeps the promised interface and writes through the KPI import
action (as the feed token's issuer), so what the API does with it is tested now;
the real module's own tests cover the feed token rules.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from contracts.monitoring.actions import KpiCsvInput, kpi_import_csv
from portal import tokens

FEED_RAW = "kpifeed_" + "x" * 40


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


@dataclass
class FeedTokenStandIn:
    pk: int
    name: str
    engagement: object
    created_by: object
    revoked: bool = False

    @property
    def engagement_id(self) -> int:
        return self.engagement.pk


def feed_module(feed_token: FeedTokenStandIn) -> types.ModuleType:
    module = types.ModuleType("contracts.monitoring.feeds")

    def authenticate_feed_token(raw: str):
        if raw == FEED_RAW and not feed_token.revoked:
            feed_token.last_used_at = timezone.now()
            return feed_token
        return None

    def record_kpi_feed(token, *, rows=None, csv_text=None, user=None) -> list:
        if csv_text is None:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["period", "metric", "value"])
            for row in rows:
                writer.writerow([row.get("month"), row.get("metric"), row.get("value")])
            csv_text = out.getvalue()
        count = kpi_import_csv(
            user=token.created_by, engagement=token.engagement, data=KpiCsvInput(text=csv_text)
        )
        return [None] * count

    module.authenticate_feed_token = authenticate_feed_token
    module.record_kpi_feed = record_kpi_feed
    return module


def install_feed_stand_in(monkeypatch, engagement, member) -> FeedTokenStandIn:
    """A feed token of ``engagement`` (raw value FEED_RAW), issued by ``member``, through
    the stand-in module (for a test's fixture)."""
    import contracts.monitoring

    token = FeedTokenStandIn(pk=1, name="Vendor WFM", engagement=engagement, created_by=member)
    module = feed_module(token)
    monkeypatch.setitem(sys.modules, "contracts.monitoring.feeds", module)
    monkeypatch.setattr(contracts.monitoring, "feeds", module, raising=False)
    return token
