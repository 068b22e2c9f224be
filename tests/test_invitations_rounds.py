"""Request-for-proposal rounds: several candidates at once, frozen weights, reminders
and the close, each safe under a double beat run."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.errors import DomainError
from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory
from vendors import actions as vendor_actions
from vendors.invitations import round_actions
from vendors.invitations.models import Invitation, RfpRound
from vendors.invitations.tasks import rfp_round_beat_task


@pytest.fixture
def candidates(engagement, member):
    found = [
        CandidateFactory(engagement=engagement, added_by=member, vendor__name=name)
        for name in ("Alpha Care", "Beta Contact", "Gamma Voice")
    ]
    for candidate in found:
        ChecklistItemFactory(checklist__candidate=candidate)
    return found


def _open(member, engagement, candidates, days=10):
    return round_actions.round_open(
        user=member,
        engagement=engagement,
        data=round_actions.RoundInput(
            contacts=tuple(
                round_actions.RoundContact(c, f"Contact {n}", f"c{n}@vendor.example")
                for n, c in enumerate(candidates)
            ),
            deadline=timezone.localdate() + datetime.timedelta(days=days),
            pricing_models=("dedicated_per_hour",),
        ),
    )


def test_a_round_invites_each_contact_with_one_deadline(
    member, engagement, candidates, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_, issued = _open(member, engagement, candidates)
    assert round_.number == 1
    assert {invitation.deadline for invitation, _ in issued} == {round_.deadline}
    assert sorted(m.to[0] for m in mail.outbox) == [f"c{n}@vendor.example" for n in range(3)]
    with pytest.raises(DomainError, match="open already"):
        _open(member, engagement, candidates)


def test_vendors_never_see_each_other(member, engagement, candidates):
    _, issued = _open(member, engagement, candidates)
    (_, raw), (second, _) = issued[0], issued[1]
    client = Client()
    client.get(reverse("respond:enter", args=[raw]))
    other_item = second.candidate.checklist.items.get()
    assert client.get(reverse("respond:item", args=[other_item.pk])).status_code == 404
    page = client.get(reverse("respond:home")).content.decode()
    assert "Beta Contact" not in page and "Gamma Voice" not in page


def test_weights_are_frozen_while_the_round_is_open(
    member, manager, member_client, engagement, candidates
):
    round_, _ = _open(member, engagement, candidates)
    data = vendor_actions.WeightsInput(weights={"cost": 50})
    with pytest.raises(DomainError, match="frozen"):
        vendor_actions.weights_save(user=member, engagement=engagement, data=data)
    page = member_client.get(reverse("shortlist:compare", args=[engagement.pk])).content.decode()
    assert "frozen while Round 1 is open" in page and "Save weights" not in page
    with pytest.raises(DomainError):
        round_actions.round_reopen_weights(user=manager, round_=round_, reason=" ")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        round_actions.round_reopen_weights(user=member, round_=round_, reason="New legal input")
    round_actions.round_reopen_weights(user=manager, round_=round_, reason="Legal asked for more")
    vendor_actions.weights_save(user=member, engagement=engagement, data=data)
    round_.refresh_from_db()
    assert round_.weights_reopened_reason == "Legal asked for more"


def _move_to(round_, *, before_deadline):
    """Put the round's deadline ``before_deadline`` from now."""
    deadline = timezone.now() + before_deadline
    RfpRound.objects.filter(pk=round_.pk).update(deadline=deadline)
    Invitation.objects.filter(round=round_).update(deadline=deadline)


def test_reminders_go_once_to_contacts_who_have_not_submitted(member, engagement, candidates):
    round_, issued = _open(member, engagement, candidates)
    submitted = issued[0][0]
    submitted.submitted_at = timezone.now()
    submitted.save(update_fields=["submitted_at"])
    mail.outbox.clear()
    _move_to(round_, before_deadline=datetime.timedelta(days=2, hours=12))
    assert rfp_round_beat_task()["reminded"] == 2
    assert rfp_round_beat_task()["reminded"] == 0  # the double beat sends nothing twice
    assert sorted(m.to[0] for m in mail.outbox) == ["c1@vendor.example", "c2@vendor.example"]
    assert all("Reminder" in m.subject for m in mail.outbox)
    _move_to(round_, before_deadline=datetime.timedelta(hours=20))
    assert rfp_round_beat_task()["reminded"] == 2
    assert rfp_round_beat_task()["reminded"] == 0
    assert len(mail.outbox) == 4


def test_the_round_closes_once_and_late_submissions_are_refused(member, engagement, candidates):
    round_, issued = _open(member, engagement, candidates)
    invitation, raw = issued[0]
    client = Client()
    client.get(reverse("respond:enter", args=[raw]))
    _move_to(round_, before_deadline=-datetime.timedelta(minutes=1))
    assert rfp_round_beat_task()["closed"] == 1
    assert rfp_round_beat_task()["closed"] == 0
    response = client.post(reverse("respond:submit"))
    assert response.status_code == 410
    assert "deadline for this response has passed" in response.content.decode()
    # A member extends it: the same link works again.
    round_.refresh_from_db()
    round_actions.round_extend(
        user=member, round_=round_, deadline=timezone.localdate() + datetime.timedelta(days=3)
    )
    fresh = Client()
    assert fresh.get(reverse("respond:enter", args=[raw])).status_code == 302
    round_.refresh_from_db()
    assert round_.is_open()


def test_round_form_opens_a_round_and_shows_the_links_once(member_client, engagement, candidates):
    url = reverse("invitations:round-create", args=[engagement.pk])
    first, second, _ = candidates
    data = {
        "deadline": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        "may_answer_checklist": "on",
        "may_quote": "on",
        "pricing_models": ["dedicated_per_hour"],
        f"name_{first.pk}": "Ana Ruiz",
        f"email_{first.pk}": "ana@alpha.example",
        f"name_{second.pk}": "Ben Ode",  # no e-mail: named, nothing opened
    }
    no_contact = {k: v for k, v in data.items() if not k.startswith(("name_", "email_"))}
    response = member_client.post(url, no_contact)
    assert "Invite at least one contact of a shortlisted candidate." in response.content.decode()
    response = member_client.post(url, data)
    assert response.status_code == 200
    assert "Give both the contact" in response.content.decode()
    assert RfpRound.objects.count() == 0
    data[f"email_{second.pk}"] = "ben@beta.example"
    response = member_client.post(url, data)
    page = response.content.decode()
    assert "Round 1 is open until" in page
    assert page.count("/respond/") == 2
    detail = member_client.get(
        reverse("invitations:round-detail", args=[engagement.pk, RfpRound.objects.get().pk])
    ).content.decode()
    assert "Ana Ruiz" in detail and "Ben Ode" in detail and "/respond/" not in detail
