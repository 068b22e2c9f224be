"""The team's invitation pages: invite, revoke, and review on the response page and
on the checklist; the candidate page's progress line."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_invitations import (
    InvitationFactory,
    ProposedAnswerFactory,
    ProposedEvidenceFactory,
    ProposedQuoteFactory,
)
from vendors.invitations.models import Invitation, Review
from vendors.models import Quote


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(
        engagement=engagement, added_by=member, vendor__name="Manila Contact Co"
    )


@pytest.fixture
def item(candidate):
    return ChecklistItemFactory(checklist__candidate=candidate, template_item__text="ISO 27001?")


def _list_url(candidate):
    return reverse("invitations:invitation-list", args=[candidate.engagement_id, candidate.pk])


def _invite_data(**changes):
    return {
        "contact_name": "Ana Ruiz",
        "email": "ana.ruiz@vendor.example",
        "may_answer_checklist": "on",
        "may_upload_evidence": "on",
        "may_quote": "on",
        "pricing_models": ["dedicated_per_hour"],
        **changes,
    }


def test_invite_shows_the_link_once_and_emails_it(
    member_client, candidate, item, django_capture_on_commit_callbacks
):
    page = member_client.get(_list_url(candidate)).content.decode()
    assert "Invite vendor contact" in page
    assert "No vendor contact invited yet." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_list_url(candidate), _invite_data())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    link = re.search(r'value="(http://testserver/respond/[^"]+/)"', response.content.decode())[1]
    assert link.split("/respond/")[1].rstrip("/") in mail.outbox[0].body
    # The link works in a fresh browser, without an account.
    fresh = Client()
    assert fresh.get(link.removeprefix("http://testserver")).status_code == 302
    # Shown once: the list shows the invitation, never its link.
    page = member_client.get(_list_url(candidate)).content.decode()
    assert "Ana Ruiz" in page and "/respond/" not in page


def test_bad_invitation_input_is_named_and_nothing_saved(member_client, candidate):
    response = member_client.post(
        _list_url(candidate), _invite_data(email="not-an-address", pricing_models=[])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="Ana Ruiz"' in page
    assert Invitation.objects.count() == 0


def test_revoke_shuts_the_link(member_client, candidate, member):
    invitation = InvitationFactory(candidate=candidate, created_by=member)
    url = reverse(
        "invitations:invitation-revoke", args=[candidate.engagement_id, candidate.pk, invitation.pk]
    )
    assert member_client.post(url).status_code == 302
    fresh = Client()
    assert fresh.get(reverse("respond:enter", args=[invitation.raw_token])).status_code == 410


def _submitted(candidate, item):
    invitation = InvitationFactory(candidate=candidate)
    invitation.submitted_at = invitation.created_at
    invitation.save(update_fields=["submitted_at"])
    proposal = ProposedAnswerFactory(invitation=invitation, item=item, answer="yes")
    return invitation, proposal


def _checklist_url(candidate):
    return reverse("diligence:checklist-detail", args=[candidate.engagement_id, candidate.pk])


def test_checklist_shows_proposals_and_accept_moves_the_answer(member_client, candidate, item):
    invitation, proposal = _submitted(candidate, item)
    page = member_client.get(_checklist_url(candidate)).content.decode()
    assert "proposed by Ana Ruiz, Manila Contact Co" in page
    assert "Accept all" in page
    url = reverse(
        "invitations:answer-review", args=[candidate.engagement_id, candidate.pk, proposal.pk]
    )
    response = member_client.post(url, {"decision": "accept", "back": _checklist_url(candidate)})
    assert response["Location"] == _checklist_url(candidate)
    item.refresh_from_db()
    assert item.answer == "yes"
    page = member_client.get(_checklist_url(candidate)).content.decode()
    assert url not in page and "Accept all" not in page  # it is the item's answer now


def test_reject_without_a_note_is_refused_and_with_one_is_shown(member_client, candidate, item):
    _, proposal = _submitted(candidate, item)
    url = reverse(
        "invitations:answer-review", args=[candidate.engagement_id, candidate.pk, proposal.pk]
    )
    response = member_client.post(url, {"decision": "reject"}, follow=True)
    assert "Say why it is rejected" in response.content.decode()
    member_client.post(url, {"decision": "reject", "note": "Certificate expired."})
    proposal.refresh_from_db()
    assert proposal.status == Review.REJECTED
    page = member_client.get(_checklist_url(candidate)).content.decode()
    assert "Certificate expired." in page
    item.refresh_from_db()
    assert item.answer == ""


def test_accepted_quote_appears_on_the_candidate_page(member_client, candidate, item):
    invitation, _ = _submitted(candidate, item)
    proposed = ProposedQuoteFactory(invitation=invitation, rate="14.50")
    url = reverse(
        "invitations:quote-review", args=[candidate.engagement_id, candidate.pk, proposed.pk]
    )
    member_client.post(url, {"decision": "accept"})
    assert Quote.objects.get(candidate=candidate).rate == 14.5
    page = member_client.get(
        reverse("shortlist:candidate-list", args=[candidate.engagement_id])
    ).content.decode()
    assert "proposed by Ana Ruiz, Manila Contact Co" in page


def test_candidate_page_shows_the_responses_progress(member_client, candidate, item):
    ChecklistItemFactory(checklist=item.checklist)
    invitation, proposal = _submitted(candidate, item)
    ProposedEvidenceFactory(proposal=proposal)
    ProposedQuoteFactory(invitation=invitation)
    page = member_client.get(
        reverse("shortlist:candidate-list", args=[candidate.engagement_id])
    ).content.decode()
    assert "1 of 2 answered, 1 document, quote received" in page


def test_proposed_file_downloads_as_an_attachment(member_client, candidate, item):
    _, proposal = _submitted(candidate, item)
    proposed = ProposedEvidenceFactory(proposal=proposal)
    url = reverse(
        "invitations:proposed-file-download",
        args=[candidate.engagement_id, candidate.pk, proposed.pk],
    )
    response = member_client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"Certificate text.\n"


def test_pages_have_fixed_query_counts(
    member_client, engagement, candidate, item, django_assert_max_num_queries
):
    for _ in range(4):
        other = ChecklistItemFactory(checklist=item.checklist)
        invitation, proposal = _submitted(candidate, other)
        ProposedEvidenceFactory(proposal=proposal)
        ProposedQuoteFactory(invitation=invitation)
        CandidateFactory(engagement=engagement)
    detail = reverse(
        "invitations:invitation-detail", args=[engagement.pk, candidate.pk, invitation.pk]
    )
    for url, bound in (
        (_list_url(candidate), 12),
        (detail, 12),
        (_checklist_url(candidate), 16),
        (reverse("shortlist:candidate-list", args=[engagement.pk]), 30),
    ):
        with django_assert_max_num_queries(bound):
            assert member_client.get(url).status_code == 200


def test_history_names_the_member_and_the_contact(member_client, member, candidate, item):
    _, proposal = _submitted(candidate, item)
    url = reverse(
        "invitations:answer-review", args=[candidate.engagement_id, candidate.pk, proposal.pk]
    )
    member_client.post(url, {"decision": "accept"})
    page = member_client.get(
        reverse("portal:engagement-history", args=[candidate.engagement_id])
    ).content.decode()
    assert "(accepting the answer of Ana Ruiz, Manila Contact Co)" in page
    assert "Ana Ruiz, Manila Contact Co" in page  # the contact's own proposal, no user
