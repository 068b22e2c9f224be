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
