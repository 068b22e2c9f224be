"""Signed-in responses are not cached anywhere, and a session ends 12 hours after its
login however busy it is."""

import time

from django.contrib.sessions.models import Session
from django.urls import reverse

from portal.middleware import LOGIN_AT, SEEN_AT


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_signed_in_pages_are_private_and_not_stored(member_client, engagement):
    for url in (
        reverse("portal:dashboard"),
        reverse("portal:engagement-detail", args=[engagement.pk]),
    ):
        assert {"private", "no-store"} <= _cache_control(member_client.get(url))


def test_the_vendor_export_is_not_stored(member_client):
    response = member_client.get(reverse("vendors:vendor-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert {"private", "no-store"} <= _cache_control(response)


def _set_login_at(client, seconds_ago: int):
    session = client.session
    session[LOGIN_AT] = int(time.time()) - seconds_ago
    session.save()


def test_the_login_time_is_noted_at_login(member_client, db):
    member_client.get(reverse("portal:dashboard"))
    assert abs(member_client.session[LOGIN_AT] - time.time()) < 3600


def test_a_session_ends_twelve_hours_after_its_login(member_client, settings):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 3600
    _set_login_at(member_client, 12 * 3600 + 60)
    response = member_client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in member_client.session
    login_page = member_client.get(response["Location"]).text
    assert "Your session ended 12 hours after you logged in" in login_page


def test_a_session_younger_than_twelve_hours_goes_on(member_client):
    _set_login_at(member_client, 11 * 3600)
    assert member_client.get(reverse("portal:dashboard")).status_code == 200


def test_the_bench_query_count_header_counts_the_requests_queries(
    member_client, engagement, settings, django_assert_num_queries
):
    settings.MIDDLEWARE = ["portal.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    url = reverse("portal:engagement-history", args=[engagement.pk])
    member_client.get(url)
    response = member_client.get(url)
    counted = int(response["X-Queries"])
    with django_assert_num_queries(counted):
        member_client.get(url)


def test_a_used_session_is_renewed_once_a_minute_not_on_every_request(member_client, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    url = reverse("portal:dashboard")
    session = member_client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_RENEW_SECONDS
    session.save()
    first = member_client.get(url)
    assert settings.SESSION_COOKIE_NAME in first.cookies  # renewed: saved, cookie re-sent
    key = member_client.session.session_key
    expiry = Session.objects.get(session_key=key).expire_date
    again = member_client.get(url)
    assert settings.SESSION_COOKIE_NAME not in again.cookies  # within the minute: no write
    assert Session.objects.get(session_key=key).expire_date == expiry

    session = member_client.session
    session[SEEN_AT] = int(time.time()) - settings.SESSION_RENEW_SECONDS
    session.save()
    renewed = member_client.get(url)
    assert renewed.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    assert abs(member_client.session[SEEN_AT] - time.time()) < 5
