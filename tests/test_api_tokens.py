"""Personal API tokens on the account page: created (shown once, stored hashed), listed,
revoked, audited; an expired or revoked token is refused by the API."""

from __future__ import annotations

import datetime
import hashlib

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from portal import tokens
from portal.models import ApiToken
from tests.api_helpers import call, token_for

TOKENS_URL = "/accounts/api-tokens/"
LIST_URL = "/api/v1/engagements/"


def test_the_account_menu_links_to_the_token_page(member_client):
    assert f'href="{TOKENS_URL}"' in member_client.get("/").text


def test_the_token_form_has_a_button_to_create_one(member_client):
    page = member_client.get(TOKENS_URL).text
    assert 'type="submit"' in page and 'value="Create token"' in page
    assert "Please correct 1 field" in member_client.post(TOKENS_URL, {"name": ""}).text


def test_a_new_token_is_shown_once_and_stored_hashed(member_client, member):
    response = member_client.post(TOKENS_URL, {"name": "BI export"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=member)
    raw = response.context["created"]["raw"]
    assert raw.startswith("pat_") and raw in response.text
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (token.prefix, token.token_hash) and raw.startswith(token.prefix)
    again = member_client.get(TOKENS_URL).text
    assert raw not in again and "BI export" in again and f"{token.prefix}…" in again


def test_the_token_lists_the_users_engagements(client, member, engagement):
    raw = token_for(member)
    response = call(client, "get", LIST_URL, raw)
    assert response.status_code == 200
    assert [e["title"] for e in response.json()["results"]] == [engagement.title]
    assert ApiToken.objects.get(user=member).last_used_at is not None


def test_a_token_expiry_in_the_past_is_refused_and_nothing_saved(member_client, member):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = member_client.post(TOKENS_URL, {"name": "BI", "expires_on": yesterday})
    assert "Choose an expiry date after today." in response.text
    assert not ApiToken.objects.exists()


def test_a_token_without_a_name_is_refused(member_client):
    response = member_client.post(TOKENS_URL, {"name": " "})
    assert "This field is required." in response.text
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused(member_client, member, client, engagement):
    raw = token_for(member, "laptop")
    token = ApiToken.objects.get(user=member)
    response = member_client.post(reverse("api-token-revoke", args=[token.pk]), follow=True)
    assert "Token “laptop” revoked" in response.text
    assert "Revoked" in response.text
    refused = call(client, "get", LIST_URL, raw)
    assert refused.status_code == 401
    assert refused.json() == {
        "error": {
            "code": "authentication_failed",
            "message": "The token is unknown, expired or revoked.",
            "fields": {},
        }
    }


def test_an_expired_token_is_refused(member, client, engagement):
    raw = token_for(member)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert call(client, "get", LIST_URL, raw).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(member, client, engagement):
    raw = token_for(member)
    member.is_active = False
    member.save()
    assert call(client, "get", LIST_URL, raw).status_code == 401


def test_a_token_expires_at_the_end_of_its_day(member):
    today = datetime.date(2026, 3, 1)
    token, _ = tokens.api_token_create(
        user=member,
        data=tokens.ApiTokenInput(name="x", expires_on=datetime.date(2026, 3, 2)),
        today=today,
    )
    local = timezone.localtime(token.expires_at)
    assert (local.date(), local.hour) == (datetime.date(2026, 3, 3), 0)


def test_creating_and_revoking_are_in_the_audit_history(member_client, member):
    member_client.post(TOKENS_URL, {"name": "BI export"})
    token = ApiToken.objects.get()
    member_client.post(reverse("api-token-revoke", args=[token.pk]))
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, member),
        (LogEntry.Action.UPDATE, member),
    ]
    assert "revoked_at" in entries[1].changes_dict
    assert all("token_hash" not in e.changes_dict for e in entries)


def test_revoking_answers_only_post(member_client, member):
    raw = token_for(member)
    token = ApiToken.objects.get()
    assert member_client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 405
    assert tokens.api_token_authenticate(raw) is not None
