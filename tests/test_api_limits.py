"""The API's limits and safety: rate limits per token (429 with Retry-After), the body
size limit, the request log (never the token), no CORS, CSRF on session calls, and the
docs page under the site's Content-Security-Policy."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client

from contracts.models import LiaisonEntry
from tests.api_helpers import call, token_for

LIST_URL = "/api/v1/engagements/"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()  # the rate limits' counts
    yield
    cache.clear()


def test_a_token_over_its_rate_gets_429_with_retry_after(client, member, engagement, settings):
    settings.PORTAL_API_RATE = "3/minute"
    raw, other = token_for(member), token_for(member, "other script")
    statuses = [call(client, "get", LIST_URL, raw).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = call(client, "get", LIST_URL, raw)
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    # The limit is the token's own: another token of the same user still gets in.
    assert call(client, "get", LIST_URL, other).status_code == 200


def test_a_body_over_the_limit_is_413_with_the_error_body(client, member, engagement):
    raw = token_for(member)
    big = {"summary": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    url = f"/api/v1/engagements/{engagement.pk}/liaison-entries/"
    response = call(client, "post", url, raw, big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not LiaisonEntry.objects.exists()


def test_every_request_is_logged_without_its_token(client, member, engagement, caplog):
    raw = token_for(member, "BI export")
    with caplog.at_level("INFO", logger="portal.api"):
        call(client, "get", LIST_URL, raw)
        call(client, "get", f"/api/v1/engagements/{engagement.pk}/", "pat_wrong")
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.api"]
    assert re.fullmatch(r"api token='BI export' GET /api/v1/engagements/ 200 \d+ms", lines[0])
    assert re.fullmatch(
        rf"api token='anonymous' GET /api/v1/engagements/{engagement.pk}/ 401 \d+ms", lines[1]
    )
    assert raw not in caplog.text and "pat_wrong" not in caplog.text
    assert "Authorization" not in caplog.text and "Bearer" not in caplog.text


def test_no_cors_headers(client, member, engagement):
    raw = token_for(member)
    response = call(client, "get", LIST_URL, raw, HTTP_ORIGIN="https://evil.example")
    assert not [h for h in response.headers if h.lower().startswith("access-control-")]
    preflight = client.options(
        LIST_URL, HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert not [h for h in preflight.headers if h.lower().startswith("access-control-")]


def test_a_session_write_needs_the_csrf_token(member, engagement):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    url = f"/api/v1/engagements/{engagement.pk}/liaison-entries/"
    body = {"kind": "meeting", "date": "2025-03-04", "participants": "Us", "summary": "Review"}
    refused = call(browser, "post", url, None, body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["error"]["message"]
    browser.get("/")  # sets the CSRF cookie, as the site's pages do
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    allowed = call(browser, "post", url, None, body, HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 201
    assert call(browser, "get", LIST_URL).status_code == 200


def test_a_malformed_authorization_header_is_401(client, engagement):
    response = client.get(LIST_URL, HTTP_AUTHORIZATION="Bearer two parts")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_malformed_json_is_400_with_the_error_body(client, member, engagement):
    url = f"/api/v1/engagements/{engagement.pk}/liaison-entries/"
    response = client.post(
        url,
        "{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(member)}",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_the_schema_is_openapi_3_json(client):
    response = client.get("/api/v1/openapi.json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/feeds/kpis" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {
        "personalToken",
        "feedToken",
        "cookieAuth",
    }


def test_the_docs_page_loads_its_scripts_from_the_portal_only(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.text
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(re.search(r'\bsrc="/', tag) for tag in scripts)
    assert re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S) == [""] * len(scripts)
    assert "<style" not in html and " style=" not in html
    assert "http://" not in html and "https://" not in html
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    init = client.get(re.search(r'<script src="([^"]*\?script[^"]*)"', html).group(1))
    assert init.status_code == 200 and b"SwaggerUIBundle" in init.content
    # The files are the committed ones (static/vendor/swagger-ui), found by the finders.
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(url.removeprefix("/static/")), url


def test_an_address_no_route_matches_answers_with_the_error_body(client, member):
    response = call(client, "get", "/api/v1/engagements/-1/", token_for(member))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
