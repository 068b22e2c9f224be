"""The demo's round: one response submitted and accepted, one partly answered, one
invitation not opened yet; a second seeding changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from portal.models import Engagement
from tests.factories_diligence import current_template
from vendors.invitations.models import Invitation, Review, RfpRound
from vendors.models import Quote


@pytest.mark.django_db
def test_demo_round_shows_each_state_on_the_candidate_page():
    current_template()
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    assert RfpRound.objects.filter(engagement=engagement).count() == 1
    states = {
        i.contact_name: i.state() for i in Invitation.objects.filter(round__engagement=engagement)
    }
    assert states == {"Dana Whitfield": "submitted", "Marco Reyes": "open", "Liza Santos": "open"}
    dana = Invitation.objects.get(contact_name="Dana Whitfield")
    assert set(dana.answers.values_list("status", flat=True)) == {Review.ACCEPTED}
    assert Quote.objects.filter(candidate=dana.candidate, pricing_model="monthly").exists()
    assert "/respond/" not in out.getvalue()
    client = Client()
    client.force_login(engagement.owner)
    page = client.get(reverse("shortlist:candidate-list", args=[engagement.pk])).content.decode()
    assert "5 of 30 answered, 1 document, quote received" in page
    assert "of 30 answered, 0 documents, no quote yet" in page
    assert "as submitted in round 1 by Dana Whitfield, Prairie Contact Center" in page
