"""A re-assessment round sent to the contracted vendor as an invitation: the button on
the round, the invitation form preset to the checklist, and accepting the contact's
answer confirming an item left "to confirm"."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories_contracts import ContractFactory
from tests.factories_diligence import current_template
from tests.factories_invitations import InvitationFactory, ProposedAnswerFactory
from vendors.diligence import reassessment_actions
from vendors.diligence.models import Checklist, ChecklistItem, Reassessment
from vendors.invitations import actions, review_actions
from vendors.invitations.models import Invitation, Review


@pytest.fixture
def contract(engagement):
    return ContractFactory(engagement=engagement, start_date=datetime.date(2025, 8, 31))


@pytest.fixture
def checklist(contract, member):
    """The contracted vendor's checklist, two questions answered in step 4."""
    checklist = Checklist.objects.create(
        candidate=contract.candidate, template=current_template(), started_by=member
    )
    for template_item in current_template().items.all()[:2]:
        ChecklistItem.objects.create(
            checklist=checklist, template_item=template_item, answer="yes", risk="low"
        )
    return checklist


@pytest.fixture
def round_(checklist, member):
    today = timezone.localdate()
    return reassessment_actions.reassessment_start(
        checklist_id=checklist.pk,
        comes_due_on=today,
        due_date=today + datetime.timedelta(days=20),
        assignee=member,
    )


def _send_url(engagement, candidate, round_):
    base = reverse("invitations:invitation-list", args=[engagement.pk, candidate.pk])
    return f"{base}?reassessment={round_.pk}"


def _pages(engagement, candidate):
    return (
        reverse("contracts:monitoring", kwargs={"engagement_pk": engagement.pk}),
        reverse("diligence:checklist-detail", args=[engagement.pk, candidate.pk]),
    )


def test_a_member_sees_send_to_the_vendor_on_the_open_round(
    member_client, outsider_client, engagement, contract, round_
):
    link = html.escape(_send_url(engagement, contract.candidate, round_))
    for url in _pages(engagement, contract.candidate):
        page = member_client.get(url).text
        assert "Send to the vendor" in page
        assert f'href="{link}"' in page
        assert outsider_client.get(url).status_code == 404
    assert outsider_client.get(_send_url(engagement, contract.candidate, round_)).status_code == 404


def test_no_button_when_no_round_is_open(member_client, engagement, contract, checklist):
    for url in _pages(engagement, contract.candidate):
        response = member_client.get(url)
        assert response.status_code == 200
        assert "Send to the vendor" not in response.text


def test_the_invitation_form_is_preset_to_the_checklist_and_the_due_date(
    member_client, engagement, contract, round_
):
    response = member_client.get(_send_url(engagement, contract.candidate, round_))
    form = response.context["form"]
    assert form["may_answer_checklist"].value() is True
    assert form["may_upload_evidence"].value() is True
    assert form["may_quote"].value() is False
    assert form["deadline"].value() == round_.due_date
    page = response.text
    assert f'value="{round_.due_date:%Y-%m-%d}"' in page
    assert "Re-assessment 2 of our due diligence" in page
    # Without the round (or another candidate's), the usual blank form.
    plain = member_client.get(
        reverse("invitations:invitation-list", args=[engagement.pk, contract.candidate.pk])
    )
    assert plain.context["form"]["deadline"].value() is None


def test_the_contracted_vendor_is_invited_while_the_round_is_open(
    member_client, engagement, contract, round_, django_capture_on_commit_callbacks
):
    url = _send_url(engagement, contract.candidate, round_)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            url,
            {
                "contact_name": "Ana Ruiz",
                "email": "ana.ruiz@vendor.example",
                "may_answer_checklist": "on",
                "may_upload_evidence": "on",
                "deadline": f"{round_.due_date:%Y-%m-%d}",
                "message": "Please confirm.",
            },
        )
    assert response.status_code == 200, response.text
    invitation = Invitation.objects.get(candidate=contract.candidate)
    assert (invitation.may_quote, invitation.pricing_models) == (False, [])
    assert timezone.localtime(invitation.deadline).date() == round_.due_date + datetime.timedelta(
        days=1
    )  # the end of the due date


def test_the_contracted_vendor_is_not_invited_without_an_open_round(member, contract, checklist):
    from portal.errors import DomainError

    with pytest.raises(DomainError):
        actions.invitation_create(
            user=member,
            candidate=contract.candidate,
            data=actions.InvitationInput(
                contact_name="Ana Ruiz", email="ana.ruiz@vendor.example", may_quote=False
            ),
        )


def test_accepting_a_proposed_answer_clears_to_confirm_and_completes_the_round(
    member, contract, checklist, round_
):
    invitation = InvitationFactory(candidate=contract.candidate, submitted_at=timezone.now())
    to_confirm = list(checklist.items.filter(to_confirm=True))
    assert len(to_confirm) == 2
    first, second = to_confirm
    proposal = ProposedAnswerFactory(invitation=invitation, item=first, answer="partly")
    review_actions.proposal_accept(user=member, proposal=proposal)
    first.refresh_from_db()
    assert (first.answer, first.to_confirm) == ("partly", False)
    assert proposal.status == Review.ACCEPTED
    round_.refresh_from_db()
    assert round_.completed_at is None  # one answer is still to confirm
    other = ProposedAnswerFactory(invitation=invitation, item=second, answer="yes")
    review_actions.proposals_review_all(user=member, invitation=invitation, accept=True)
    other.refresh_from_db()
    assert other.status == Review.ACCEPTED
    assert not checklist.items.filter(to_confirm=True).exists()
    round_.refresh_from_db()
    assert round_.completed_at is not None
    assert Reassessment.objects.get(pk=round_.pk).completed_at is not None
