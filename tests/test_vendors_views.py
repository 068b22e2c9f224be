"""The vendor registry pages: list with search, filters and pages; detail; create/edit."""

import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, EngagementFactory, TeamFactory, VendorFactory
from tests.factories_vendors import (
    ClientReferenceFactory,
    DeliveryLocationFactory,
    VendorChannelFactory,
    certification,
    language,
)
from vendors.models import Vendor

LIST = reverse("vendors:vendor-list")
CREATE = reverse("vendors:vendor-create")


@pytest.fixture
def registry(db):
    manila = VendorFactory(name="Manila Calls", headquarters_country="Philippines")
    DeliveryLocationFactory(vendor=manila, country="Philippines", region="asia_philippines")
    VendorChannelFactory(vendor=manila, channel="inbound_phone")
    manila.languages.add(language("English"), language("Tagalog"))
    manila.certifications.add(certification("PCI DSS"))
    bogota = VendorFactory(name="Bogota CX", headquarters_country="Colombia")
    DeliveryLocationFactory(vendor=bogota, country="Colombia", region="latin_america")
    DeliveryLocationFactory(vendor=bogota, country="Mexico", region="latin_america")
    VendorChannelFactory(vendor=bogota, channel="email")
    bogota.languages.add(language("English"), language("Spanish"))
    bogota.certifications.add(certification("ISO 27001"))
    return {"manila": manila, "bogota": bogota}


def _names(response):
    return [v.name for v in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Bogota CX", "Manila Calls"]),
        ({"q": "mexico"}, ["Bogota CX"]),
        ({"region": "latin_america"}, ["Bogota CX"]),
        ({"region": "india"}, []),
        ({"channel": "inbound_phone"}, ["Manila Calls"]),
        ({"language": "English"}, ["Bogota CX", "Manila Calls"]),
        ({"language": "Spanish"}, ["Bogota CX"]),
        ({"certification": "PCI DSS"}, ["Manila Calls"]),
    ],
)
def test_list_search_and_filters(member_client, registry, query, expected):
    from vendors.models import Certification, Language

    if "language" in query:
        query = {"language": Language.objects.get(name=query["language"]).pk}
    if "certification" in query:
        query = {"certification": Certification.objects.get(name=query["certification"]).pk}
    response = member_client.get(LIST, query)
    assert response.status_code == 200
    assert _names(response) == expected


def test_list_shows_facts_and_empty_filter_message(member_client, registry):
    page = member_client.get(LIST).content.decode()
    assert "Manila Calls" in page and "Tagalog" in page and "PCI DSS" in page
    page = member_client.get(LIST, {"q": "nothing like this"}).content.decode()
    assert "No vendor matches these filters" in page


def test_empty_registry_invites_to_add(member_client):
    assert "The registry is empty" in member_client.get(LIST).content.decode()


def test_list_is_paginated_with_bounded_queries(member_client, django_assert_max_num_queries):
    for n in range(60):
        vendor = VendorFactory(name=f"Vendor {n:02d}")
        DeliveryLocationFactory(vendor=vendor)
        VendorChannelFactory(vendor=vendor)
        vendor.languages.add(language("English"))
        vendor.certifications.add(certification("SOC 2"))
        ClientReferenceFactory(vendor=vendor)
    with django_assert_max_num_queries(14):
        response = member_client.get(LIST, {"page": 2})
    assert len(response.context["page"].object_list) == 25
    assert "Page 2 of 3" in response.content.decode()


def test_user_in_no_team_gets_403(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("loner", password="x"))
    assert client.get(LIST).status_code == 403


def test_detail_shows_only_engagements_the_user_can_see(member_client, team, member, registry):
    mine = EngagementFactory(team=team, owner=member, title="Our phone support")
    theirs = EngagementFactory(team=TeamFactory(name="Elsewhere"), title="Secret project")
    CandidateFactory(engagement=mine, vendor=registry["manila"])
    CandidateFactory(engagement=theirs, vendor=registry["manila"])
    ClientReferenceFactory(vendor=registry["manila"], company="Harbor Home Goods")
    page = member_client.get(registry["manila"].get_absolute_url()).content.decode()
    assert "Our phone support" in page
    assert "Secret project" not in page
    assert "Harbor Home Goods" in page
    assert "Philippines" in page and "Asia / Philippines" in page


def test_detail_has_bounded_queries_whatever_the_shortlists(
    member_client, team, member, registry, django_assert_max_num_queries
):
    manila = registry["manila"]
    for n in range(15):
        engagement = EngagementFactory(team=team, owner=member, title=f"Engagement {n:02d}")
        CandidateFactory(engagement=engagement, vendor=manila)
        ClientReferenceFactory(vendor=manila, company=f"Client {n:02d}")
    with django_assert_max_num_queries(14):
        page = member_client.get(manila.get_absolute_url()).content.decode()
    assert "Engagement 14" in page and "Client 14" in page


def test_detail_of_missing_vendor_is_404(member_client):
    assert member_client.get(reverse("vendors:vendor-detail", args=[999])).status_code == 404


def _form_data(**overrides):
    data = {
        "name": "Lima Contact Partners",
        "headquarters_country": "Peru",
        "website": "https://lima.example.com",
        "channels": ["inbound_phone", "email"],
        "headcount": "300",
        "agent_turnover_percent": "25",
        "call_recording_policy": "all_available",
        "incentive_scheme": "Quarterly bonus",
        "review_sources": "",
        "review_notes": "",
        "locations-TOTAL_FORMS": "2",
        "locations-INITIAL_FORMS": "0",
        "locations-0-country": "Peru",
        "locations-0-region": "",
        "locations-1-country": "",
        "locations-1-region": "",
        "references-TOTAL_FORMS": "2",
        "references-INITIAL_FORMS": "0",
        "references-0-company": "Andes Telecom",
        "references-0-contact": "R. Soto",
        "references-0-notes": "Good",
        "references-1-company": "",
        "references-1-contact": "",
        "references-1-notes": "",
    }
    data.update(overrides)
    return data


def test_member_creates_a_vendor(member_client):
    data = _form_data(
        languages=[language("Spanish").pk], certifications=[certification("HIPAA").pk]
    )
    response = member_client.post(CREATE, data, follow=True)
    assert "Vendor “Lima Contact Partners” saved." in response.content.decode()
    vendor = Vendor.objects.get()
    assert list(vendor.locations.values_list("country", "region")) == [("Peru", "latin_america")]
    assert sorted(vendor.channels.values_list("channel", flat=True)) == ["email", "inbound_phone"]
    assert list(vendor.references.values_list("company", flat=True)) == ["Andes Telecom"]
    assert list(vendor.languages.values_list("name", flat=True)) == ["Spanish"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "This field is required"),
        ({"website": "not a url"}, "Enter a valid URL"),
        ({"agent_turnover_percent": "900"}, "Enter 500 or less."),
        ({"locations-0-country": "Atlantis"}, "Choose the rate-card region of Atlantis"),
        ({"locations-1-country": "peru"}, "Peru is listed twice"),
        ({"channels": ["fax"]}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_error_and_saves_nothing(member_client, overrides, message):
    response = member_client.post(CREATE, _form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Vendor.objects.exists()


def test_duplicate_name_is_refused(member_client):
    VendorFactory(name="Lima Contact Partners")
    response = member_client.post(CREATE, _form_data(name="lima contact partners"))
    assert "already in the registry" in response.content.decode()
    assert Vendor.objects.count() == 1


def test_edit_replaces_locations_and_keeps_the_rest(member_client, registry):
    bogota = registry["bogota"]
    url = reverse("vendors:vendor-edit", args=[bogota.pk])
    form = member_client.get(url).content.decode()
    assert 'value="Mexico"' in form
    data = _form_data(
        name="Bogota CX",
        headquarters_country="Colombia",
        **{
            "locations-TOTAL_FORMS": "2",
            "locations-INITIAL_FORMS": "2",
            "locations-0-country": "Colombia",
            "locations-1-country": "Mexico",
            "locations-1-DELETE": "on",
        },
    )
    member_client.post(url, data)
    assert list(bogota.locations.values_list("country", flat=True)) == ["Colombia"]
    assert bogota.candidacies.count() == 0


def test_admin_outside_teams_may_read_but_not_write(admin_client_, registry):
    assert admin_client_.get(LIST).status_code == 200
    assert admin_client_.post(CREATE, _form_data(name="New one")).status_code == 403
    assert not Vendor.objects.filter(name="New one").exists()


def test_wrong_method_405(member_client, registry):
    assert member_client.post(LIST).status_code == 405
    assert member_client.delete(CREATE).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": "Acme\r\nBcc: someone@example.com"}, "Keep this on one line"),
        ({"headquarters_country": "Peru\nChile"}, "Keep this on one line"),
        ({"locations-0-country": "Peru\rChile"}, "Keep this on one line"),
        ({"references-0-contact": "R.\nSoto"}, "Keep this on one line"),
        ({"name": "Acme\x00"}, "Null characters are not allowed"),
        ({"headcount": "99999999999999999999"}, "must be between 0 and 2,147,483,647"),
        ({"headcount": "3\x00"}, "Enter a whole number"),
        ({"agent_turnover_percent": "NaN"}, "Enter a number"),
        ({"agent_turnover_percent": "1e999999"}, "Enter a number, such as 1,500 or 12.50."),
    ],
)
def test_input_the_columns_cannot_hold_is_a_form_error(member_client, overrides, message):
    response = member_client.post(CREATE, _form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Vendor.objects.exists()


def test_notes_keep_their_lines(member_client):
    member_client.post(CREATE, _form_data(review_notes="Good.\r\nSlow on e-mail."))
    assert Vendor.objects.get().review_notes == "Good.\r\nSlow on e-mail."


@pytest.fixture
def shortlisted_elsewhere(registry):
    """Bogota CX, shortlisted in an open engagement of a team the cast's member is not in."""
    other = EngagementFactory(team=TeamFactory(name="Retail"))
    CandidateFactory(engagement=other, vendor=registry["bogota"])
    return registry["bogota"]


def _edit_url(vendor):
    return reverse("vendors:vendor-edit", args=[vendor.pk])


def test_member_of_another_team_may_not_change_a_vendor_in_its_open_engagement(
    member_client, shortlisted_elsewhere
):
    url = _edit_url(shortlisted_elsewhere)
    assert member_client.get(url).status_code == 403
    response = member_client.post(url, _form_data(name="Renamed", headquarters_country="Peru"))
    assert response.status_code == 403
    shortlisted_elsewhere.refresh_from_db()
    assert shortlisted_elsewhere.name == "Bogota CX"
    detail = member_client.get(reverse("vendors:vendor-detail", args=[shortlisted_elsewhere.pk]))
    assert _edit_url(shortlisted_elsewhere) not in detail.content.decode()


def test_a_manager_may_change_it_and_the_change_is_in_the_history(
    manager_client, manager, shortlisted_elsewhere
):
    from auditlog.models import LogEntry

    url = _edit_url(shortlisted_elsewhere)
    data = _form_data(name="Bogota CX", headquarters_country="Peru")
    data["locations-1-DELETE"] = "on"
    assert manager_client.post(url, data).status_code == 302
    shortlisted_elsewhere.refresh_from_db()
    assert shortlisted_elsewhere.headquarters_country == "Peru"
    entries = LogEntry.objects.get_for_object(shortlisted_elsewhere).filter(actor=manager)
    assert any(e.changes_dict.get("headquarters_country") == ["Colombia", "Peru"] for e in entries)


def test_once_the_engagement_is_closed_any_member_may_change_it(
    member_client, shortlisted_elsewhere
):
    from portal.models import Engagement

    Engagement.objects.exclude(candidates=None).update(status=Engagement.Status.CLOSED)
    assert member_client.get(_edit_url(shortlisted_elsewhere)).status_code == 200


def test_a_member_may_change_a_vendor_of_the_own_teams_engagement(
    member_client, engagement, registry
):
    CandidateFactory(engagement=engagement, vendor=registry["manila"])
    assert member_client.get(_edit_url(registry["manila"])).status_code == 200


# --- Back to step 4 after adding a vendor to the registry -------------------------


def test_adding_from_step_4_returns_to_shortlist_a_vendor_with_it_chosen(member_client, engagement):
    back = reverse("shortlist:candidate-add", args=[engagement.pk])
    page = member_client.get(back).text
    assert f'href="{CREATE}?next={back}"' in page
    assert "Add to the registry</a>" in page
    form = member_client.get(CREATE, {"next": back}).text
    assert f'name="next" value="{back}"' in form
    response = member_client.post(CREATE, _form_data(next=back), follow=True)
    vendor = Vendor.objects.get()
    assert response.redirect_chain[-1][0] == f"{back}?vendor={vendor.pk}"
    page = response.text
    assert "Shortlist a vendor" in page
    assert f'<option value="{vendor.pk}" selected>Lima Contact Partners</option>' in page


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.com/engagements/1/shortlist/add/",
        "//evil.example.com/engagements/1/shortlist/add/",
        "/vendors/",  # a page of this site, but not inside an engagement
        "/no/such/page/",
        "javascript:alert(1)",
    ],
)
def test_an_unsafe_next_is_ignored(member_client, next_url):
    response = member_client.post(CREATE, _form_data(next=next_url))
    vendor = Vendor.objects.get()
    assert response["Location"] == vendor.get_absolute_url()


def test_registry_names_the_action_add_to_the_registry(member_client):
    assert "Add to the registry" in member_client.get(LIST).text
    page = member_client.get(CREATE).text
    assert "<title>Add to the registry" in page
    assert 'name="next"' not in page
