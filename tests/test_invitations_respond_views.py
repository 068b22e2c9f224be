"""The vendor contact's pages: the link exchanged for a bound session, confined to its
invitation, shut by revocation or expiry, and what a contact types checked."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_invitations import InvitationFactory
from vendors.invitations import actions, respond_actions
from vendors.invitations.models import ProposedAnswer, ProposedEvidence, ProposedQuote
from vendors.invitations.respondent import SESSION_KEY

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def candidate(engagement, member):
    return CandidateFactory(engagement=engagement, added_by=member)


@pytest.fixture
def item(candidate):
    return ChecklistItemFactory(checklist__candidate=candidate)


@pytest.fixture
def invitation(candidate, member, item):
    return InvitationFactory(candidate=candidate, created_by=member)


def _enter(client, invitation):
    return client.get(reverse("respond:enter", args=[invitation.raw_token]))


@pytest.fixture
def respondent(invitation):
    client = Client()
    assert _enter(client, invitation).status_code == 302
    return client


def _item_url(item):
    return reverse("respond:item", args=[item.pk])


def test_the_link_is_exchanged_for_a_session_and_a_url_without_the_token(invitation):
    client = Client()
    response = _enter(client, invitation)
    assert response.status_code == 302
    assert response["Location"] == reverse("respond:home")
    assert invitation.raw_token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"
    session = client.session
    assert session[SESSION_KEY]["id"] == invitation.pk
    assert "_auth_user_id" not in session
    assert invitation.events.get().action == "Opened the link"


def test_respondent_pages_send_no_referrer_and_no_store(respondent, item):
    response = respondent.get(_item_url(item))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"
    assert item.template_item.text in response.content.decode()


def test_wrong_revoked_and_expired_tokens_get_the_same_page(invitation, member):
    expired = InvitationFactory(
        candidate=invitation.candidate, deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked = InvitationFactory(candidate=invitation.candidate)
    actions.invitation_revoke(user=member, invitation=revoked)
    bodies = set()
    for token in ("x" * 43, expired.raw_token, revoked.raw_token):
        client = Client()
        response = client.get(reverse("respond:enter", args=[token]))
        assert response.status_code == 410
        assert response["Cache-Control"] == "no-store"
        assert SESSION_KEY not in client.session
        bodies.add(response.content)
    assert len(bodies) == 1
    assert b"This link no longer works" in bodies.pop()


def test_a_logged_in_user_opening_a_link_is_logged_out(member_client, invitation, engagement):
    assert _enter(member_client, invitation).status_code == 302
    response = member_client.get(reverse("portal:engagement-detail", args=[engagement.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_bound_session_is_an_anonymous_visitor_elsewhere(respondent, engagement, item):
    for url in (
        reverse("portal:dashboard"),
        reverse("portal:engagement-detail", args=[engagement.pk]),
        reverse("diligence:checklist-detail", args=[engagement.pk, item.checklist.candidate_id]),
    ):
        response = respondent.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_bound_session_reaches_only_its_own_invitations_items(respondent, engagement):
    other = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    assert respondent.get(_item_url(other)).status_code == 404
    response = respondent.post(_item_url(other), {"answer": "yes"})
    assert response.status_code == 404
    assert ProposedAnswer.objects.count() == 0


def test_a_tampered_binding_reaches_nothing(respondent, candidate):
    other = InvitationFactory(candidate=candidate)
    session = respondent.session
    session[SESSION_KEY] = {**session[SESSION_KEY], "id": other.pk}
    session.save()
    assert respondent.get(reverse("respond:home")).status_code == 403


def test_revoking_shuts_the_session_at_once(respondent, invitation, member, item):
    actions.invitation_revoke(user=member, invitation=invitation)
    response = respondent.get(_item_url(item))
    assert response.status_code == 410
    assert item.template_item.text not in response.content.decode()
    assert respondent.post(_item_url(item), {"answer": "yes"}).status_code == 403
    assert ProposedAnswer.objects.count() == 0


def test_expiry_shuts_the_session(respondent, invitation, item):
    invitation.deadline = timezone.now() - datetime.timedelta(seconds=1)
    invitation.save(update_fields=["deadline"])
    assert respondent.get(_item_url(item)).status_code == 410


def test_pages_without_a_bound_session_are_refused(anon_client, member_client, item):
    for client in (anon_client, member_client):
        assert client.get(_item_url(item)).status_code == 403


def test_an_answer_with_a_document_is_saved(respondent, item, invitation):
    response = respondent.post(
        _item_url(item),
        {"answer": "yes", "notes": "Certified.", "files": SimpleUploadedFile("iso.pdf", PDF)},
    )
    assert response.status_code == 302
    proposal = ProposedAnswer.objects.get()
    assert (proposal.invitation, proposal.answer, proposal.notes) == (
        invitation,
        "yes",
        "Certified.",
    )
    assert ProposedEvidence.objects.get().original_name == "iso.pdf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": "yes", "notes": "x" * 100_000}, "5,000 characters"),
        ({"answer": "yes", "notes": "a\x00b"}, "Null characters are not allowed"),
        (
            {"answer": "yes", "notes": "Kept", "files": SimpleUploadedFile("c.pdf", b"<html>x")},
            "Nothing was saved: a document was refused",
        ),
        (
            {"answer": "yes", "notes": "Kept", "files": SimpleUploadedFile("a.pdf", b"MZ\x90\x00")},
            "a.pdf",
        ),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(respondent, item, data, message):
    response = respondent.post(_item_url(item), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert ProposedAnswer.objects.count() == 0
    assert ProposedEvidence.objects.count() == 0
    if data["notes"] == "Kept":
        assert "Kept" in page  # nothing typed is lost


def _quote_url(model="dedicated_per_hour"):
    return reverse("respond:quote", args=[model])


@pytest.mark.parametrize(
    ("rate", "message"),
    [("-5", "Enter 0 or more."), ("99999999", "too large"), ("12e3", "Enter a number")],
)
def test_negative_or_absurd_rates_are_named(respondent, rate, message):
    response = respondent.post(_quote_url(), {"rate": rate, "currency": "USD"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProposedQuote.objects.count() == 0


def test_a_quote_is_saved_in_the_pricing_models_unit(respondent):
    response = respondent.post(
        _quote_url(), {"rate": "$14.50", "currency": "EUR", "includes": "QA and training"}
    )
    assert response.status_code == 302
    proposed = ProposedQuote.objects.get()
    assert (str(proposed.rate), proposed.unit, proposed.currency) == ("14.5000", "per_hour", "EUR")


def test_a_pricing_model_the_team_did_not_ask_for_is_404(respondent):
    assert respondent.get(_quote_url("commission")).status_code == 404


def test_after_submit_the_response_is_read_only(respondent, item, invitation):
    respondent.post(_item_url(item), {"answer": "yes"})
    assert respondent.post(reverse("respond:submit")).status_code == 302
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    response = respondent.post(_item_url(item), {"answer": "no"}, follow=True)
    assert "read-only" in response.content.decode()
    assert ProposedAnswer.objects.get().answer == "yes"


def test_submitting_nothing_is_refused_with_a_message(respondent, invitation):
    response = respondent.post(reverse("respond:submit"), follow=True)
    assert "Answer at least one question" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.submitted_at is None


def test_posts_are_rate_limited_per_invitation(respondent, item, settings):
    settings.PORTAL_RESPOND_POSTS_PER_HOUR = 2
    for _ in range(2):
        assert respondent.post(_item_url(item), {"answer": "yes"}).status_code == 302
    response = respondent.post(_item_url(item), {"answer": "no"})
    assert response.status_code == 429
    assert ProposedAnswer.objects.get().answer == "yes"


def test_link_openings_are_rate_limited_per_address(invitation, settings):
    settings.PORTAL_RESPOND_ENTER_PER_HOUR = 3
    client = Client()
    for n in range(3):
        assert client.get(reverse("respond:enter", args=[f"guess{n}"])).status_code == 410
    # Over the limit even the right token waits: guessing costs the guesser.
    assert _enter(client, invitation).status_code == 429


def test_posts_need_the_csrf_token(invitation, item):
    client = Client(enforce_csrf_checks=True)
    _enter(client, invitation)
    assert client.post(_item_url(item), {"answer": "yes"}).status_code == 403
    assert ProposedAnswer.objects.count() == 0


def test_item_page_queries_are_fixed(respondent, item, invitation, django_assert_max_num_queries):
    respond_actions.respondent_answer_save(
        invitation=invitation,
        item=item,
        data=respond_actions.ProposedAnswerInput(
            answer="yes", files=tuple(SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(5))
        ),
        address=None,
    )
    with django_assert_max_num_queries(8):
        assert respondent.get(_item_url(item)).status_code == 200


@pytest.fixture
def planned(engagement, member):
    from types import SimpleNamespace

    from portal.planning import demo

    demo.seed(SimpleNamespace(engagement=engagement, member=member))
    return engagement


def test_the_brief_shows_the_scope_and_no_cost(planned, respondent, invitation):
    from portal.planning.scope_pack import scope_pack

    pack = scope_pack(planned)
    response = respondent.get(reverse("respond:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inbound phone" in page and "9,000" in page
    assert "80% of calls answered within 20 seconds" in page
    assert "Business hours" in page  # the e-mail line
    money = [pack["oversight_monthly"], pack["outbound_sales_monthly"], *pack["in_house"].values()]
    for figure in [value for value in money if isinstance(value, str)]:  # "3400.00"
        whole = str(figure).split(".")[0]
        assert whole not in page, f"cost figure {figure} on the respondent's page"
        assert f"{int(float(whole)):,}" not in page
    assert "Philippines" not in page and "asia_philippines" not in page
    assert "in-house" not in page.lower() and "oversight" not in page.lower()


def test_home_page_queries_are_fixed(
    planned, respondent, invitation, django_assert_max_num_queries
):
    checklist_item = ChecklistItemFactory(checklist=invitation.candidate.checklist)
    for _ in range(5):
        other = ChecklistItemFactory(checklist=checklist_item.checklist)
        respond_actions.respondent_answer_save(
            invitation=invitation,
            item=other,
            data=respond_actions.ProposedAnswerInput(
                answer="yes", files=(SimpleUploadedFile("a.pdf", PDF),)
            ),
            address=None,
        )
    with django_assert_max_num_queries(14):
        assert respondent.get(reverse("respond:home")).status_code == 200
