import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse


@pytest.mark.django_db
def test_admin_sees_contracts_and_reminders_read_only(client):
    call_command("seed_demo", stdout=io.StringIO())
    client.login(request=HttpRequest(), username="admin", password="portal-demo")
    listing = client.get(reverse("admin:contracts_contract_changelist"))
    assert listing.status_code == 200 and "Outsource tier-1 phone support" in listing.text
    assert client.get(reverse("admin:contracts_contract_add")).status_code == 403
    assert client.get(reverse("admin:contracts_sentreminder_changelist")).status_code == 200


@pytest.mark.django_db
def test_admin_lists_feed_tokens_without_their_hash_and_revokes_one(
    admin_client_, engagement, member
):
    from contracts.monitoring.feeds import FeedTokenInput, authenticate_feed_token, issue_feed_token

    token, raw = issue_feed_token(engagement, user=member, data=FeedTokenInput(name="Vendor WFM"))
    listing = admin_client_.get(reverse("admin:contracts_feedtoken_changelist"))
    assert listing.status_code == 200 and "Vendor WFM" in listing.text
    detail = admin_client_.get(reverse("admin:contracts_feedtoken_change", args=[token.pk])).text
    assert token.token_hash not in detail and raw not in detail
    response = admin_client_.post(
        reverse("admin:contracts_feedtoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "1 feed token(s) revoked." in response.text
    assert authenticate_feed_token(raw) is None
