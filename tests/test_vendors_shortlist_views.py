"""The shortlist pages: candidates added and removed, their quotes."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from portal.models import Engagement, Membership
from portal.planning.queries import workload as planning_workload
from tests.factories import (
    CandidateFactory,
    EngagementFactory,
    MembershipFactory,
    QuoteFactory,
    TeamFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories_diligence import ChecklistItemFactory, current_template
from tests.factories_vendors import recommended_candidate
from vendors import actions
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import Checklist, ChecklistTemplate, Evidence
from vendors.models import Candidate, Quote


def _list(engagement):
    return reverse("shortlist:candidate-list", args=[engagement.pk])


def test_empty_shortlist_invites_to_add(member_client, engagement):
    page = member_client.get(_list(engagement)).content.decode()
    assert "No vendor is shortlisted yet" in page


def test_member_shortlists_a_vendor(member_client, engagement):
    vendor = VendorFactory(name="Manila Calls")
    url = reverse("shortlist:candidate-add", args=[engagement.pk])
    assert "Manila Calls" in member_client.get(url).content.decode()
    response = member_client.post(url, {"vendor": vendor.pk, "notes": "Cheap"}, follow=True)
    assert "Manila Calls added to the shortlist" in response.content.decode()
    candidate = Candidate.objects.get()
    assert (candidate.vendor, candidate.added_by.username) == (vendor, "member")
    assert Engagement.objects.get(pk=engagement.pk).status == Engagement.Status.VETTING


def test_shortlisting_starts_the_due_diligence_checklist(member_client, engagement):
    template = current_template()
    questions = list(template.items.values_list("text", flat=True))
    vendor = VendorFactory(name="Manila Calls")
    url = reverse("shortlist:candidate-add", args=[engagement.pk])
    response = member_client.post(url, {"vendor": vendor.pk}, follow=True)
    assert f"its due-diligence checklist is started from “{template}”" in (
        response.content.decode()
    )
    candidate = Candidate.objects.get()
    checklist_page = member_client.get(
        reverse("diligence:checklist-detail", args=[engagement.pk, candidate.pk])
    ).content.decode()
    assert questions and all(escape(question) in checklist_page for question in questions)
    # Every item of the new checklist is on the engagement's History page, in one line.
    history = member_client.get(reverse("portal:engagement-history", args=[engagement.pk]))
    history_page = history.content.decode()
    assert f"Checklist started: {len(questions)} items" in history_page
    assert all(f"<li>{escape(question)}</li>" in history_page for question in questions)


def test_shortlisting_without_a_current_template_still_adds_the_vendor(member_client, engagement):
    ChecklistTemplate.objects.update(is_current=False)
    vendor = VendorFactory(name="Manila Calls")
    url = reverse("shortlist:candidate-add", args=[engagement.pk])
    response = member_client.post(url, {"vendor": vendor.pk}, follow=True)
    page = response.content.decode()
    assert "Manila Calls added to the shortlist, but its due-diligence checklist" in page
    assert "No checklist template is current" in page
    assert Candidate.objects.filter(vendor=vendor).exists()
    assert not Checklist.objects.exists()


def test_search_on_the_add_page_narrows_the_vendors_offered(member_client, engagement):
    VendorFactory(name="Manila Bay Contact", headquarters_country="Philippines")
    VendorFactory(name="Bogota Nearshore", headquarters_country="Colombia")
    url = reverse("shortlist:candidate-add", args=[engagement.pk])
    page = member_client.get(url, {"q": "manila"}).content.decode()
    assert "1 vendor not yet shortlisted matches “manila”." in page
    assert "Manila Bay Contact" in page and "Bogota Nearshore" not in page
    assert '<label for="vendor-search"' in page
    nothing = member_client.get(url, {"q": "atlantis"}).content.decode()
    assert "0 vendors not yet shortlisted match “atlantis”." in nothing


def test_vendor_already_shortlisted_is_not_offered(member_client, engagement, member):
    CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Only One"))
    url = reverse("shortlist:candidate-add", args=[engagement.pk])
    assert "already on this shortlist" in member_client.get(url).content.decode()
    response = member_client.post(url, {"vendor": Candidate.objects.get().vendor_id})
    assert "Select a valid choice" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_add_without_vendor_shows_the_error(member_client, engagement):
    VendorFactory()
    response = member_client.post(reverse("shortlist:candidate-add", args=[engagement.pk]), {})
    assert "This field is required" in response.content.decode()
    assert not Candidate.objects.exists()


def test_remove_asks_for_confirmation_then_removes(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement, vendor__name="Manila Bay Contact")
    list_page = member_client.get(reverse("shortlist:candidate-list", args=[engagement.pk]))
    url = reverse("shortlist:candidate-remove", args=[engagement.pk, candidate.pk])
    # The list's Remove button is a link to the confirmation page.
    assert f'href="{url}">Remove…</a>' in list_page.content.decode()
    page = member_client.get(url).content.decode()
    assert "Remove from the shortlist?" in page and "“Manila Bay Contact”" in page
    assert "test calls go with it" in page
    assert "Cancel, keep it" in page
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    response = member_client.post(url, follow=True)
    assert "removed from the shortlist" in response.content.decode()
    assert not Candidate.objects.exists()


def test_recommended_candidate_cannot_be_removed(member_client, engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    url = reverse("shortlist:candidate-remove", args=[engagement.pk, candidate.pk])
    response = member_client.post(url, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert Candidate.objects.count() == 1


def test_candidate_of_another_team_is_404(member_client, engagement):
    other = CandidateFactory(engagement=EngagementFactory(team=TeamFactory(name="Other")))
    # Through this engagement's URL as well as through its own.
    for engagement_pk in (engagement.pk, other.engagement_id):
        url = reverse("shortlist:candidate-remove", args=[engagement_pk, other.pk])
        assert member_client.post(url).status_code == 404
    assert Candidate.objects.filter(pk=other.pk).exists()


def _quote_data(**overrides):
    data = {
        "pricing_model": "dedicated_per_hour",
        "rate": "12.50",
        "unit": "per_hour",
        "currency": "USD",
        "commission_percent": "",
        "minimum_monthly": "0",
        "setup_fee": "2000",
        "notes": "Team of 6",
    }
    data.update(overrides)
    return data


def test_member_adds_edits_and_deletes_a_quote(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement)
    add = reverse("shortlist:quote-add", args=[engagement.pk, candidate.pk])
    response = member_client.post(add, _quote_data(), follow=True)
    assert "Quote from" in response.content.decode()
    quote = Quote.objects.get()
    assert (str(quote.rate), quote.currency) == ("12.5000", "USD")
    assert "Dedicated inbound, per hour" in response.content.decode()

    edit = reverse("shortlist:quote-edit", args=[engagement.pk, quote.pk])
    member_client.post(edit, _quote_data(rate="11.00"))
    quote.refresh_from_db()
    assert str(quote.rate) == "11.0000"

    delete = reverse("shortlist:quote-delete", args=[engagement.pk, quote.pk])
    page = member_client.get(delete).content.decode()
    assert "Delete the quote" in page and f"“{quote}”" in page
    assert Quote.objects.exists()
    member_client.post(delete)
    assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rate": "-1"}, "rate", "Enter 0 or more."),
        ({"rate": ""}, "rate", "This field is required"),
        ({"currency": "U$D"}, "currency", "Select a valid choice"),
        (
            {"pricing_model": "commission", "commission_percent": ""},
            "commission_percent",
            "needs the commission %",
        ),
        (
            {"pricing_model": "shared_per_minute", "unit": "per_hour"},
            "unit",
            "A “Shared inbound, per minute” quote is priced per minute, not per hour",
        ),
        (
            {"pricing_model": "dedicated_per_hour", "unit": "per_minute"},
            "unit",
            "A “Dedicated inbound, per hour” quote is priced per hour, not per minute",
        ),
        ({"pricing_model": "monthly", "unit": "per_hour"}, "unit", "choose “per month”"),
        (
            {"pricing_model": "commission", "commission_percent": "12", "unit": "per_hour"},
            "unit",
            "choose “% premium”",
        ),
    ],
)
def test_bad_quote_shows_the_error_by_its_field_and_saves_nothing(
    member_client, engagement, overrides, field, message
):
    candidate = CandidateFactory(engagement=engagement)
    add = reverse("shortlist:quote-add", args=[engagement.pk, candidate.pk])
    response = member_client.post(add, _quote_data(**overrides))
    assert message in response.content.decode()
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Quote.objects.exists()


def test_quote_form_offers_only_the_scoped_channels_and_saves_the_ones_ticked(
    member_client, engagement
):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)  # inbound phone and e-mail
    candidate = CandidateFactory(engagement=engagement)
    add = reverse("shortlist:quote-add", args=[engagement.pk, candidate.pk])
    page = member_client.get(add).content.decode()
    assert 'value="email"' in page and 'value="inbound_phone"' in page
    assert 'value="chat"' not in page and 'value="outbound_phone"' not in page
    response = member_client.post(add, _quote_data(channels=["inbound_phone"]), follow=True)
    quote = Quote.objects.get()
    assert quote.channels == ["inbound_phone"]
    assert "covers Inbound phone" in response.content.decode()


def test_quote_covering_a_channel_of_the_other_direction_keeps_what_was_typed(
    member_client, engagement
):
    from tests.factories_planning import ChannelLineFactory, scoped_engagement

    scoped_engagement(engagement)
    ChannelLineFactory(engagement=engagement, channel="outbound_phone", contacts_per_month=500)
    candidate = CandidateFactory(engagement=engagement)
    add = reverse("shortlist:quote-add", args=[engagement.pk, candidate.pk])
    response = member_client.post(
        add, _quote_data(rate="13.75", notes="Nights too", channels=["email", "outbound_phone"])
    )
    errors = response.context["form"].errors["channels"]
    assert errors == [
        "A “Dedicated inbound, per hour” quote covers inbound work, not Outbound phone: "
        "quote outbound separately."
    ]
    page = response.content.decode()
    assert 'value="13.75"' in page and "Nights too" in page
    assert re.search(r'value="email"[^>]*checked', page)
    assert not Quote.objects.exists()
    response = member_client.post(
        add,
        _quote_data(pricing_model="outbound_hourly", unit="per_hour", channels=["email"], rate="9"),
    )
    assert "covers outbound phone only, not E-mail" in response.content.decode()
    assert not Quote.objects.exists()


def test_quote_edit_to_a_unit_that_does_not_fit_keeps_the_saved_quote(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement)
    quote = QuoteFactory(
        candidate=candidate, pricing_model="dedicated_per_hour", rate="12", unit="per_hour"
    )
    edit = reverse("shortlist:quote-edit", args=[engagement.pk, quote.pk])
    response = member_client.post(edit, _quote_data(unit="per_month", rate="99"))
    assert "choose “per hour”" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.unit, str(quote.rate)) == ("per_hour", "12.0000")


def test_quote_of_another_engagement_is_404(member_client, engagement, team, member):
    elsewhere = EngagementFactory(team=team, owner=member)  # same team, other engagement
    quote = QuoteFactory(candidate=CandidateFactory(engagement=elsewhere))
    url = reverse("shortlist:quote-edit", args=[engagement.pk, quote.pk])
    assert member_client.get(url).status_code == 404


def test_shortlist_page_has_bounded_queries(
    member_client, engagement, member, django_assert_max_num_queries
):
    for _n in range(20):
        candidate = CandidateFactory(engagement=engagement, added_by=member)
        for _ in range(3):
            QuoteFactory(candidate=candidate)
    recommended = Candidate.objects.first()
    actions.candidate_recommend(user=member, candidate=recommended, rationale="Best.")
    with django_assert_max_num_queries(14):
        response = member_client.get(_list(engagement))
    assert response.content.decode().count("Shared inbound, per minute") == 60


def test_quotes_are_priced_on_the_engagement_workload(member_client, engagement):
    from tests.factories_planning import scoped_engagement
    from vendors import comparison

    candidate = CandidateFactory(engagement=engagement)
    QuoteFactory(
        candidate=candidate, pricing_model="dedicated_per_hour", rate="12", unit="per_hour"
    )
    page = member_client.get(_list(engagement)).content.decode()
    assert "priced on this engagement's workload once step 1 is scoped" in page
    scoped_engagement(engagement)
    response = member_client.get(_list(engagement))
    quote = response.context["candidates"][0].quotes.all()[0]
    page = response.content.decode()
    # The quote covers the whole (inbound) scope: phone and e-mail, nothing in-house.
    w = planning_workload(engagement)
    assert quote.vendor_charge > 0 and quote.in_house_cost == 0
    assert quote.monthly_cost == quote.vendor_charge + w.oversight_monthly_cost
    assert quote.saving == w.in_house_cost() - quote.monthly_cost
    assert "Whole scope with this quote, a month" in page
    assert f"${quote.vendor_charge:,.0f} a month billed" in page
    assert f"${quote.monthly_cost:,.0f}" in page
    # The comparison prices the same quote the same way.
    result = comparison.build(engagement)
    assert result.ranked[0].facts.monthly_cost == quote.monthly_cost


def test_a_quote_for_part_of_the_scope_keeps_the_rest_in_house(member_client, engagement):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)  # inbound phone and e-mail
    candidate = CandidateFactory(engagement=engagement)
    QuoteFactory(
        candidate=candidate,
        pricing_model="dedicated_per_hour",
        rate="12",
        unit="per_hour",
        channels=["inbound_phone"],
    )
    response = member_client.get(_list(engagement))
    quote = response.context["candidates"][0].quotes.all()[0]
    w = planning_workload(engagement)
    email = w.in_house_cost(["email"])
    assert quote.in_house_cost == email > 0
    assert quote.monthly_cost == quote.vendor_charge + email + w.oversight_monthly_cost
    assert f"E-mail kept in-house: ${email:,.0f} a month" in response.content.decode()


def test_removing_a_candidate_deletes_its_evidence_files(
    member_client, member, engagement, django_capture_on_commit_callbacks
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    kept_item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    gone = diligence_actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("visit.txt", b"Visited the site.\n")
    )
    kept = diligence_actions.evidence_add(
        user=member, item=kept_item, upload=SimpleUploadedFile("kept.txt", b"Other vendor.\n")
    )
    candidate = item.checklist.candidate
    url = reverse("shortlist:candidate-remove", args=[candidate.engagement_id, candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url, follow=True)
    assert "removed from the shortlist" in response.content.decode()
    assert not Evidence.objects.filter(pk=gone.pk).exists()
    assert not default_storage.exists(gone.file.name)
    assert default_storage.exists(kept.file.name)


@pytest.fixture
def second_manager(team):
    user = UserFactory(username="manager2")
    MembershipFactory(team=team, user=user, role=Membership.Role.MANAGER)
    return user


def test_submitting_manager_is_not_offered_approve_or_reject(
    manager_client, client, engagement, manager, second_manager
):
    candidate = recommended_candidate(engagement=engagement, by=manager)
    approve_url = reverse("shortlist:candidate-approve", args=[engagement.pk, candidate.pk])
    page = manager_client.get(reverse("shortlist:candidate-list", args=[engagement.pk]))
    assert "another manager of the team must decide (four-eyes rule)" in page.content.decode()
    assert approve_url not in page.content.decode()
    client.force_login(second_manager)
    page = client.get(reverse("shortlist:candidate-list", args=[engagement.pk]))
    assert approve_url in page.content.decode()


def test_member_who_submitted_sees_it_awaits_a_manager(member_client, engagement, member):
    recommended_candidate(engagement=engagement, by=member)
    page = member_client.get(reverse("shortlist:candidate-list", args=[engagement.pk]))
    assert "awaits a manager's decision" in page.content.decode().replace("&#x27;", "'")
    assert "four-eyes" not in page.content.decode()
    assert "Approve…" not in page.content.decode()
