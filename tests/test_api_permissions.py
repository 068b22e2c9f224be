"""The API's permission matrix with tokens: every route and method, for anonymous
callers, each role's personal token, a revoked token and a KPI feed token (in force,
revoked and expired: only the one in force reaches its feed, and nothing else).

Routes and expectations are in tests/access_matrix/api.py (which also walks each route
with the site's session).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from portal import tokens
from tests.access_matrix.api import ROUTES, expected
from tests.api_helpers import call, issue_feed, token_for

CALLERS = (
    "anonymous",
    "outsider",
    "member",
    "manager",
    "admin",
    "revoked",
    "feed",
    "revoked feed",
    "expired feed",
)


@pytest.fixture
def world(team, other_team, engagement, member, manager, outsider, admin_user, feed):
    revoked, raw = tokens.api_token_create(
        user=member, data=tokens.ApiTokenInput(name="old laptop")
    )
    tokens.api_token_revoke(user=member, token=revoked)
    revoked_feed = issue_feed(engagement, member, name="old export")
    revoked_feed.revoke(member)
    expired_feed = issue_feed(engagement, member, name="last year's export")
    expired_feed.expire()
    return SimpleNamespace(
        engagement=engagement,
        member=member,
        raw={
            "anonymous": None,
            "outsider": token_for(outsider),
            "member": token_for(member),
            "manager": token_for(manager),
            "admin": token_for(admin_user),
            "revoked": raw,
            "feed": feed.raw,
            "revoked feed": revoked_feed.raw,
            "expired feed": expired_feed.raw,
        },
    )


def _api_names() -> set[str]:
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "api")
    assert isinstance(api, URLResolver)
    return {f"api:{p.name}" for p in api.url_patterns}


def test_every_api_route_is_in_the_matrix():
    assert {route.name for route in ROUTES} == _api_names()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    "route", ROUTES, ids=[f"{r.method}-{r.name.removeprefix('api:')}" for r in ROUTES]
)
def test_api_permission_matrix(route, caller, world):
    url = reverse(route.name, kwargs=route.kwargs(world))
    body = route.body(world) if route.body else None
    if body is None and route.method in ("post", "put", "patch"):
        body = {}
    response = call(Client(), route.method, url, world.raw[caller], body)
    assert response.status_code == expected(route, caller), (
        f"{caller} {route.method.upper()} {url}: {response.content[:300]!r}"
    )
    if response["Content-Type"].startswith("text/html"):
        return  # the docs page is HTML, its errors too
    if response.status_code == 401:
        assert response.json()["error"]["code"] in ("not_authenticated", "authentication_failed")
        assert response["WWW-Authenticate"].startswith("Bearer")
    elif response.status_code == 404:
        assert response.json()["error"]["code"] == "not_found"
