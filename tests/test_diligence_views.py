"""Checklist and test-call pages: who may use them, bad input, and what a user sees."""

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, EngagementFactory, VendorFactory
from tests.factories_diligence import EvidenceFactory, TestCallFactory, current_template
from vendors.diligence import actions
from vendors.diligence.models import Checklist, ChecklistItem, ChecklistTemplate, TestCall


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Manila Contact Co"))


def _url(name, candidate, **extra):
    return reverse(
        name,
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk, **extra},
    )


# --- Overview -----------------------------------------------------------------


def test_overview_lists_candidates_with_their_figures(member_client, candidate, member):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    item = checklist.items.filter(template_item__critical=True).first()
    item.answer, item.risk = "no", "high"
    item.save()
    TestCallFactory(candidate=candidate, wait_seconds=95)
    response = member_client.get(reverse("diligence:overview", args=[candidate.engagement_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Manila Contact Co" in html
    assert "95 s" in html
    assert '<span class="badge text-bg-danger">1</span>' in html


def test_overview_empty_state(member_client, engagement):
    response = member_client.get(reverse("diligence:overview", args=[engagement.pk]))
    assert "No vendors are shortlisted" in response.content.decode()


def test_overview_outsider_404_anonymous_login(outsider_client, anon_client, engagement):
    url = reverse("diligence:overview", args=[engagement.pk])
    assert outsider_client.get(url).status_code == 404
    assert "login" in anon_client.get(url)["Location"]


def test_overview_query_count_is_fixed(
    member_client, engagement, member, django_assert_max_num_queries
):
    current_template()
    for _ in range(20):
        candidate = CandidateFactory(engagement=engagement)
        actions.checklist_start(user=member, candidate=candidate)
        TestCallFactory.create_batch(10, candidate=candidate)
    with django_assert_max_num_queries(10):
        response = member_client.get(reverse("diligence:overview", args=[engagement.pk]))
    assert response.content.decode().count("Not started") == 0


# --- Checklist ----------------------------------------------------------------


def test_get_does_not_start_a_checklist(member_client, candidate):
    response = member_client.get(_url("diligence:checklist-detail", candidate))
    assert response.status_code == 200
    assert "Start checklist" in response.content.decode()
    assert not Checklist.objects.exists()


def test_start_checklist_copies_the_current_template(member_client, candidate):
    template = ChecklistTemplate.objects.get(is_current=True)
    response = member_client.post(_url("diligence:checklist-start", candidate))
    assert response.status_code == 302
    checklist = Checklist.objects.get(candidate=candidate)
    assert checklist.template == template
    assert checklist.items.count() == template.items.count() == 30
    page = member_client.get(response["Location"]).content.decode()
    assert "Checklist started" in page
    assert "Data protection and company assets" in page
    assert "Contract readiness" in page
    # A second start changes nothing.
    member_client.post(_url("diligence:checklist-start", candidate))
    assert ChecklistItem.objects.count() == 30


def test_start_without_a_current_template_says_so(member_client, candidate):
    ChecklistTemplate.objects.update(is_current=False)
    response = member_client.post(_url("diligence:checklist-start", candidate), follow=True)
    assert "No checklist template is current" in response.content.decode()
    assert not Checklist.objects.exists()


def test_start_is_post_only_and_outsider_gets_404(member_client, outsider_client, candidate):
    assert member_client.get(_url("diligence:checklist-start", candidate)).status_code == 405
    assert outsider_client.post(_url("diligence:checklist-start", candidate)).status_code == 404
    assert outsider_client.get(_url("diligence:checklist-detail", candidate)).status_code == 404
    assert not Checklist.objects.exists()


def test_candidate_of_another_engagement_is_404(member_client, engagement):
    theirs = CandidateFactory(engagement=EngagementFactory(team=engagement.team))
    url = reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": theirs.pk},
    )
    assert member_client.get(url).status_code == 404


def test_checklist_page_query_count_is_fixed(
    member_client, candidate, member, django_assert_max_num_queries
):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    checklist.items.update(answer="yes", risk="low", reviewer=member)
    for item in checklist.items.all():
        EvidenceFactory.create_batch(2, item=item, uploaded_by=member)
    with django_assert_max_num_queries(14):
        response = member_client.get(_url("diligence:checklist-detail", candidate))
    assert response.content.decode().count("reference-call-notes.txt") == 60
    assert "100% of 30" in response.content.decode()


def _item(candidate, member, *, critical=False):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    return checklist.items.filter(template_item__critical=critical).first()


def test_answer_an_item(member_client, candidate, member, manager):
    item = _item(candidate, member, critical=True)
    url = _url("diligence:item-edit", candidate, pk=item.pk)
    response = member_client.post(
        url,
        {"answer": "partial", "risk": "medium", "reviewer": manager.pk, "notes": "Cert expired"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.answer, item.risk, item.reviewer, item.notes) == (
        "partial",
        "medium",
        manager,
        "Cert expired",
    )
    page = member_client.get(response["Location"]).content.decode()
    assert "Answer saved" in page
    assert "Partly" in page


def test_save_and_next_opens_the_following_item(member_client, candidate, member):
    checklist = actions.checklist_start(user=member, candidate=candidate)
    first, second = checklist.items.order_by("template_item__order")[:2]
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=first.pk),
        {"answer": "yes", "risk": "low", "reviewer": member.pk, "save_next": "1"},
    )
    assert response["Location"] == _url("diligence:item-edit", candidate, pk=second.pk)


def test_answer_without_risk_is_refused(member_client, candidate, member):
    item = _item(candidate, member)
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=item.pk),
        {"answer": "no", "risk": "", "reviewer": member.pk},
    )
    assert response.status_code == 200
    assert "Rate the risk of an answered item" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == ""


def test_reviewer_must_be_in_the_team(member_client, candidate, member, outsider):
    item = _item(candidate, member)
    response = member_client.post(
        _url("diligence:item-edit", candidate, pk=item.pk),
        {"answer": "yes", "risk": "low", "reviewer": outsider.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    item.refresh_from_db()
    assert item.answer == ""


def test_item_edit_outsider_404_and_method(outsider_client, member_client, candidate, member):
    item = _item(candidate, member)
    url = _url("diligence:item-edit", candidate, pk=item.pk)
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {"answer": "yes", "risk": "low"}).status_code == 404
    assert member_client.put(url).status_code == 405
    item.refresh_from_db()
    assert item.answer == ""


def test_item_of_another_candidate_is_404(member_client, candidate, member, engagement):
    other = CandidateFactory(engagement=engagement)
    item = _item(other, member)
    assert member_client.get(_url("diligence:item-edit", candidate, pk=item.pk)).status_code == 404


# --- Test calls ---------------------------------------------------------------


def _call_data(member, **overrides):
    data = {
        "called_at": "2026-03-02T15:30",
        "caller": member.pk,
        "channel": "inbound_phone",
        "scenario": "Replacement for a blender that arrived cracked",
        "wait_seconds": "75",
        "handle_minutes": "7.5",
        "resolved_first_contact": "on",
        "courtesy": "5",
        "language_clarity": "4",
        "product_knowledge": "3",
        "notes": "Agent checked the order number first.",
        "recording_reference": "https://recordings.example.com/calls/8812",
    }
    data.update(overrides)
    return data


def test_log_a_test_call(member_client, candidate, member):
    response = member_client.post(_url("diligence:testcall-create", candidate), _call_data(member))
    assert response.status_code == 302
    call = TestCall.objects.get()
    assert call.candidate == candidate
    assert call.caller == member
    assert call.wait_seconds == 75
    assert call.resolved_first_contact
    assert (call.courtesy, call.language_clarity, call.product_knowledge) == (5, 4, 3)
    page = member_client.get(response["Location"]).content.decode()
    assert "Test call saved" in page
    assert "Replacement for a blender" in page
    assert 'href="https://recordings.example.com/calls/8812"' in page
    assert "100%" in page  # first-contact resolution


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"courtesy": "6"}, "Select a valid choice"),
        ({"wait_seconds": "-5"}, "greater than or equal to 0"),
        ({"scenario": ""}, "This field is required"),
        ({"called_at": "2099-01-01T10:00"}, "cannot be logged in the future"),
        ({"recording_reference": "javascript:alert(1)"}, "http(s) link or a plain reference"),
        ({"channel": "pigeon"}, "Select a valid choice"),
    ],
)
def test_bad_test_call_is_refused(member_client, candidate, member, overrides, message):
    response = member_client.post(
        _url("diligence:testcall-create", candidate), _call_data(member, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TestCall.objects.count() == 0


def test_plain_recording_reference_is_not_a_link(member_client, candidate, member):
    member_client.post(
        _url("diligence:testcall-create", candidate),
        _call_data(member, recording_reference="QA share, folder March/8812"),
    )
    page = member_client.get(_url("diligence:testcall-list", candidate)).content.decode()
    assert "QA share, folder March/8812" in page
    assert 'href="QA share' not in page


def test_edit_and_delete_a_test_call(member_client, candidate, member):
    call = TestCallFactory(candidate=candidate)
    response = member_client.post(
        _url("diligence:testcall-edit", candidate, pk=call.pk),
        _call_data(member, wait_seconds="240", resolved_first_contact=""),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.wait_seconds == 240
    assert not call.resolved_first_contact
    delete_url = _url("diligence:testcall-delete", candidate, pk=call.pk)
    assert member_client.get(delete_url).status_code == 405
    page = member_client.post(delete_url).content.decode()
    assert "Delete the test call" in page and 'name="confirmed"' in page
    assert TestCall.objects.exists()
    assert member_client.post(delete_url, {"confirmed": "yes"}).status_code == 302
    assert not TestCall.objects.exists()


def test_test_calls_of_another_team_are_404(outsider_client, candidate, outsider):
    call = TestCallFactory(candidate=candidate)
    assert outsider_client.get(_url("diligence:testcall-list", candidate)).status_code == 404
    assert outsider_client.get(_url("diligence:testcall-create", candidate)).status_code == 404
    edit = _url("diligence:testcall-edit", candidate, pk=call.pk)
    assert outsider_client.post(edit, _call_data(outsider)).status_code == 404
    delete = _url("diligence:testcall-delete", candidate, pk=call.pk)
    assert outsider_client.post(delete, {"confirmed": "yes"}).status_code == 404
    assert TestCall.objects.filter(pk=call.pk, wait_seconds=60).exists()


def test_test_call_of_another_candidate_is_404(member_client, candidate, engagement):
    call = TestCallFactory(candidate=CandidateFactory(engagement=engagement))
    url = _url("diligence:testcall-edit", candidate, pk=call.pk)
    assert member_client.get(url).status_code == 404


def test_test_call_list_empty_state_and_anonymous(member_client, anon_client, candidate):
    url = _url("diligence:testcall-list", candidate)
    assert "No test calls logged" in member_client.get(url).content.decode()
    assert "login" in anon_client.get(url)["Location"]
    assert member_client.post(url).status_code == 405


def test_test_call_list_is_paginated_with_fixed_queries(
    member_client, candidate, django_assert_max_num_queries
):
    TestCallFactory.create_batch(40, candidate=candidate)
    with django_assert_max_num_queries(12):
        response = member_client.get(_url("diligence:testcall-list", candidate))
    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert ">40<" in html  # the summary counts every call, not just the page
