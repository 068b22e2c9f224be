"""The step-4 pages keep their rendered parts per version of the engagement
(``vendors.fragments``): each test shows the pages, changes what they show (through
an action, or the ORM where an admin would, audited), and checks every page shows
what it shows with nothing cached; the forms that carry a CSRF token are never kept."""

import io
import re

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, override_settings
from django.urls import reverse

from portal.models import Engagement
from tests.test_portal_derived import NO_CACHE, _text
from vendors import actions
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem
from vendors.models import Candidate


def _client(username: str) -> Client:
    client = Client()
    client.login(request=HttpRequest(), username=username, password="portal-demo")
    return client


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Engagement.objects.get(title="Outsource tier-1 phone support")


def _urls(item: ChecklistItem) -> list[str]:
    candidate = item.checklist.candidate
    e, c = candidate.engagement_id, candidate.pk
    return [
        reverse("shortlist:candidate-list", args=[e]),
        reverse("diligence:overview", args=[e]),
        reverse("diligence:checklist-detail", args=[e, c]),
        reverse("diligence:item-edit", args=[e, c, item.pk]),
    ]


def _fresh_after(client, urls, change, *, changes) -> dict[str, str]:
    """After ``change``, every page of ``urls`` shows what it shows with nothing
    cached; the ones in ``changes`` show something new."""
    for url in urls:
        _text(client, url)  # cached now
    before = {url: _text(client, url) for url in urls}
    change()
    after = {url: _text(client, url) for url in urls}
    with override_settings(CACHES=NO_CACHE):
        fresh = {url: _text(client, url) for url in urls}
    for url in urls:
        assert after[url] == fresh[url], f"stale part on {url}"
    for url in changes:
        assert after[url] != before[url], f"{url} does not show the change"
    return after


def _item(engagement) -> ChecklistItem:
    return (
        ChecklistItem.objects.filter(checklist__candidate__engagement=engagement)
        .select_related("checklist__candidate__engagement", "template_item")
        .order_by("id")
        .first()
    )


def test_an_answer_moves_the_checklist_its_item_and_the_overview(demo):
    item = _item(demo)
    urls = _urls(item)
    member = demo.team.memberships.get(user__username="member").user

    def change():
        answer = "no" if item.answer != "no" else "yes"
        data = diligence_actions.ChecklistAnswerInput(
            answer=answer, risk="high", reviewer=member, notes="Checked on site; logs missing."
        )
        diligence_actions.checklist_item_update(user=member, item=item, data=data)

    after = _fresh_after(_client("member"), urls, change, changes=urls[1:])
    assert "Checked on site; logs missing." in after[urls[2]]


def test_a_quote_and_a_vendor_rename_move_the_shortlist(demo, django_capture_on_commit_callbacks):
    item = _item(demo)
    urls = _urls(item)
    candidate = item.checklist.candidate
    member = demo.team.memberships.get(user__username="member").user

    def add_quote():
        data = actions.QuoteInput(
            pricing_model="dedicated_per_hour", rate=12, unit="per_hour", notes="Spring offer"
        )
        actions.quote_save(user=member, candidate=candidate, data=data)

    after = _fresh_after(_client("member"), urls, add_quote, changes=urls[:1])
    assert "Spring offer" in after[urls[0]]

    def rename():  # the registry is shared: the site's version moves, at commit
        with django_capture_on_commit_callbacks(execute=True):
            candidate.vendor.name = "Renamed Contact Center"
            candidate.vendor.save()

    after = _fresh_after(_client("member"), urls, rename, changes=urls)
    assert "Renamed Contact Center" in after[urls[1]]


def test_each_viewer_sees_their_rights_on_the_shortlist(demo):
    candidate = Candidate.objects.filter(engagement=demo).order_by("id").first()
    member = demo.team.memberships.get(user__username="member").user
    manager = demo.team.memberships.get(user__username="manager").user
    Candidate.objects.filter(engagement=demo, status=Candidate.Status.RECOMMENDED).update(
        status=Candidate.Status.SHORTLISTED
    )
    Candidate.objects.filter(engagement=demo, status=Candidate.Status.APPROVED).update(
        status=Candidate.Status.SHORTLISTED
    )
    # Put forward by the manager (before any page is cached: no audit needed).
    Candidate.objects.filter(pk=candidate.pk).update(
        status=Candidate.Status.RECOMMENDED, recommended_by=manager
    )
    url = reverse("shortlist:candidate-list", args=[demo.pk])
    clients = {name: _client(name) for name in ("member", "manager")}
    for client in clients.values():
        _text(client, url)  # cached now, one rendering per viewer's variant
    shown = {name: _text(client, url) for name, client in clients.items()}
    with override_settings(CACHES=NO_CACHE):
        fresh = {name: _text(client, url) for name, client in clients.items()}
    assert shown == fresh
    # The recommender may not decide (four-eyes rule); the member may not approve at all.
    assert "another manager of the team must decide" in shown["manager"]
    assert "Approve…" not in shown["member"] and "Approve…" not in shown["manager"]
    assert "four-eyes" not in shown["member"] and member.pk != manager.pk


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_review_forms_are_rendered_for_each_request(demo):
    """A pending vendor answer shows review forms: their CSRF token is the viewer's,
    never one kept from another request."""
    from tests.factories_invitations import InvitationFactory, ProposedAnswerFactory

    item = _item(demo)
    candidate = item.checklist.candidate
    invitation = InvitationFactory(candidate=candidate)
    invitation.submitted_at = invitation.created_at
    invitation.save(update_fields=["submitted_at"])
    ProposedAnswerFactory(invitation=invitation, item=item, answer="yes")
    url = reverse("diligence:checklist-detail", args=[demo.pk, candidate.pk])
    client = _client("member")
    first, second = (client.get(url).text for _ in range(2))
    assert "Accept all" in first
    # The base layout's logout form aside, the page's forms carry a token of their own.
    assert len(_TOKEN.findall(first)) > 2
    assert not set(_TOKEN.findall(first)) & set(_TOKEN.findall(second))
    # And the page is the one a computation with nothing cached gives.
    with override_settings(CACHES=NO_CACHE):
        fresh = _text(client, url)
    assert _text(client, url) == fresh
