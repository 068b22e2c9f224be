"""Test calls to a candidate: logged, edited, deleted; bad input; what the log shows."""

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, VendorFactory
from tests.factories_diligence import TestCallFactory, current_template
from vendors.diligence.models import TestCall


@pytest.fixture
def candidate(engagement):
    current_template()
    return CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Manila Contact Co"))


def _url(name, candidate, **extra):
    return reverse(
        name,
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk, **extra},
    )


def _call_data(member, **overrides):
    data = {
        "called_at": "2026-03-02T15:30",
        "caller": member.pk,
        "channel": "inbound_phone",
        "scenario": "Replacement for a blender that arrived cracked",
        "wait_seconds": "75",
        "handle_minutes": "7.5",
        "resolved_first_contact": "yes",
        "courtesy": "5",
        "language_clarity": "4",
        "product_knowledge": "3",
        "notes": "Agent checked the order number first.",
        "recording_reference": "https://recordings.example.com/calls/8812",
    }
    data.update(overrides)
    return data


def test_log_a_test_call(member_client, candidate, member):
    response = member_client.post(_url("diligence:test-call-create", candidate), _call_data(member))
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
    ("overrides", "field", "message"),
    [
        ({"courtesy": "6"}, "courtesy", "Select a valid choice"),
        ({"wait_seconds": "-5"}, "wait_seconds", "Enter 0 or more."),
        ({"scenario": ""}, "scenario", "This field is required"),
        ({"called_at": "2099-01-01T10:00"}, "called_at", "cannot be logged in the future"),
        (
            {"recording_reference": "javascript:alert(1)"},
            "recording_reference",
            "http(s) link or a plain reference",
        ),
        ({"channel": "pigeon"}, "channel", "Select a valid choice"),
    ],
)
def test_bad_test_call_is_refused_by_its_field(
    member_client, candidate, member, overrides, field, message
):
    response = member_client.post(
        _url("diligence:test-call-create", candidate), _call_data(member, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert any(message in error for error in response.context["form"].errors[field])
    assert TestCall.objects.count() == 0


def test_plain_recording_reference_is_not_a_link(member_client, candidate, member):
    member_client.post(
        _url("diligence:test-call-create", candidate),
        _call_data(member, recording_reference="QA share, folder March/8812"),
    )
    page = member_client.get(_url("diligence:test-call-list", candidate)).content.decode()
    assert "QA share, folder March/8812" in page
    assert 'href="QA share' not in page


def test_edit_and_delete_a_test_call(member_client, candidate, member):
    call = TestCallFactory(candidate=candidate)
    form = member_client.get(_url("diligence:test-call-edit", candidate, pk=call.pk))
    assert form.context["form"]["scenario"].value() == call.scenario
    assert 'name="wait_seconds" value="60"' in form.content.decode()
    response = member_client.post(
        _url("diligence:test-call-edit", candidate, pk=call.pk),
        _call_data(member, wait_seconds="240", resolved_first_contact=""),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.wait_seconds == 240
    assert not call.resolved_first_contact
    delete_url = _url("diligence:test-call-delete", candidate, pk=call.pk)
    list_page = member_client.get(_url("diligence:test-call-list", candidate)).content.decode()
    assert f'href="{delete_url}">Delete…</a>' in list_page
    page = member_client.get(delete_url).content.decode()
    assert "Delete the test call" in page and f"“{call} to Manila Contact Co”" in page
    assert TestCall.objects.exists()
    assert member_client.post(delete_url).status_code == 302
    assert not TestCall.objects.exists()


def test_test_calls_of_another_team_are_404(outsider_client, candidate, outsider):
    call = TestCallFactory(candidate=candidate)
    edit = _url("diligence:test-call-edit", candidate, pk=call.pk)
    assert outsider_client.post(edit, _call_data(outsider)).status_code == 404
    delete = _url("diligence:test-call-delete", candidate, pk=call.pk)
    assert outsider_client.post(delete).status_code == 404
    assert TestCall.objects.filter(pk=call.pk, wait_seconds=60).exists()


def test_test_call_of_another_candidate_is_404(member_client, candidate, engagement):
    call = TestCallFactory(candidate=CandidateFactory(engagement=engagement))
    url = _url("diligence:test-call-edit", candidate, pk=call.pk)
    assert member_client.get(url).status_code == 404


def test_test_call_list_empty_state_and_method(member_client, candidate):
    url = _url("diligence:test-call-list", candidate)
    assert "No test calls logged" in member_client.get(url).content.decode()
    assert member_client.post(url).status_code == 405


def test_test_call_list_is_paginated_with_fixed_queries(
    member_client, candidate, django_assert_max_num_queries
):
    TestCallFactory.create_batch(40, candidate=candidate)
    with django_assert_max_num_queries(12):
        response = member_client.get(_url("diligence:test-call-list", candidate))
    html = response.content.decode()
    assert "Page 1 of 2" in html
    assert ">40<" in html  # the summary counts every call, not just the page


# --- Each channel asks what fits it ---------------------------------------------


def test_an_email_test_records_hours_to_reply_up_to_two_weeks(member_client, candidate, member):
    data = _call_data(member, channel="email", wait_seconds="", reply_hours="200")
    response = member_client.post(_url("diligence:test-call-create", candidate), data)
    assert response.status_code == 302
    call = TestCall.objects.get()
    assert (call.wait_seconds, call.reply_hours) == (None, 200)
    page = member_client.get(response["Location"]).text
    assert "200 h" in page
    assert "reply 200.0 h (e-mail, social)" in page


def test_a_phone_test_records_seconds_and_drops_hours(member_client, candidate, member):
    data = _call_data(member, wait_seconds="40", reply_hours="3")
    member_client.post(_url("diligence:test-call-create", candidate), data)
    call = TestCall.objects.get()
    assert (call.wait_seconds, call.reply_hours) == (40, None)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"channel": "email", "reply_hours": ""}, "reply_hours", "hours until the reply"),
        ({"channel": "email", "reply_hours": "400"}, "reply_hours", "336 or less"),
        ({"channel": "chat", "wait_seconds": ""}, "wait_seconds", "until the first reply"),
    ],
)
def test_the_time_that_fits_the_channel_is_required(
    member_client, candidate, member, overrides, field, message
):
    data = _call_data(member, **overrides)
    response = member_client.post(_url("diligence:test-call-create", candidate), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "Replacement for a blender" in response.text  # what was typed is kept
    assert not TestCall.objects.exists()


def test_ratings_start_empty_and_are_required(member_client, candidate, member):
    page = member_client.get(_url("diligence:test-call-create", candidate)).text
    assert page.count('<option value="" selected>—— choose ——</option>') == 3
    data = _call_data(member, courtesy="")
    response = member_client.post(_url("diligence:test-call-create", candidate), data)
    assert "This field is required" in response.context["form"].errors["courtesy"][0]
    assert not TestCall.objects.exists()


def test_resolution_not_recorded_is_saved_as_unknown(member_client, candidate, member):
    data = _call_data(member, resolved_first_contact="")
    response = member_client.post(_url("diligence:test-call-create", candidate), data)
    assert TestCall.objects.get().resolved_first_contact is None
    page = member_client.get(response["Location"]).text
    assert "Not recorded" in page


def test_only_scoped_channels_are_offered_the_first_preset(member_client, candidate):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(candidate.engagement)  # inbound phone and e-mail
    page = member_client.get(_url("diligence:test-call-create", candidate)).text
    assert '<option value="inbound_phone" selected>Inbound phone</option>' in page
    assert '<option value="email">E-mail</option>' in page
    assert 'value="chat"' not in page
    assert 'value="social"' not in page


def test_without_a_scope_every_channel_is_offered(member_client, candidate):
    page = member_client.get(_url("diligence:test-call-create", candidate)).text
    for value in ("inbound_phone", "outbound_phone", "email", "chat", "social"):
        assert f'value="{value}"' in page


def test_editing_a_call_on_a_channel_left_the_scope_keeps_it(member_client, candidate):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(candidate.engagement)
    call = TestCallFactory(candidate=candidate, channel="chat", wait_seconds=30)
    page = member_client.get(_url("diligence:test-call-edit", candidate, pk=call.pk)).text
    assert '<option value="chat" selected>Chat</option>' in page


def test_list_action_buttons_wrap_instead_of_being_clipped(member_client, candidate):
    TestCallFactory(candidate=candidate)
    page = member_client.get(_url("diligence:test-call-list", candidate)).text
    assert '<div class="table-responsive" tabindex="0">' in page
    assert '<div class="d-flex flex-wrap gap-1 justify-content-end">' in page
    assert "Delete…" in page
