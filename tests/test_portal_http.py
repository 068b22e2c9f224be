"""The helpers every view uses the same way (portal/http.py): the one way to bind a
form, and the one delete confirmation page."""

import pytest
from django import forms
from django.test import RequestFactory

from portal.http import confirm_delete, posted


class TitleForm(forms.Form):
    title = forms.CharField()


def test_a_get_gives_an_unbound_form():
    request = RequestFactory().get("/", {"title": "from the query string"})
    assert posted(request) is None
    assert not TitleForm(posted(request)).is_bound


def test_an_empty_post_still_binds_the_form_so_it_says_what_is_required():
    request = RequestFactory().post("/", {})
    assert posted(request) is not None
    form = TitleForm(posted(request))
    assert form.is_bound and not form.is_valid()
    assert form.errors["title"] == ["This field is required."]


def test_a_post_gives_its_data():
    request = RequestFactory().post("/", {"title": "Outsource tier-1"})
    form = TitleForm(posted(request))
    assert form.is_valid() and form.cleaned_data["title"] == "Outsource tier-1"


@pytest.mark.django_db
def test_the_confirmation_page_names_what_goes_and_posts_back_to_itself(engagement, member):
    request = RequestFactory().get("/engagements/1/vendors/7/remove/")
    request.user = member
    response = confirm_delete(
        request,
        engagement=engagement,
        what="candidate",
        name="Acme Contact Ltd",
        cancel_url="/engagements/1/vendors/",
        crumb="Remove candidate",
        consequences=["Its quotes go too.", "", "Its evidence files go too."],
        button="Remove candidate",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Remove candidate?" in page
    assert "“Acme Contact Ltd”" in page
    assert "<li>Its quotes go too.</li><li>Its evidence files go too.</li>" in page
    assert '<form method="post" action="/engagements/1/vendors/7/remove/"' in page
    assert 'href="/engagements/1/vendors/">Cancel, keep it</a>' in page


@pytest.mark.django_db
def test_the_button_says_delete_what_unless_told_otherwise(engagement, member):
    request = RequestFactory().get("/x/")
    request.user = member
    page = confirm_delete(
        request, engagement=engagement, what="note", name="Kick-off", cancel_url="/", crumb="x"
    ).content.decode()
    assert "Delete note?" in page and ">Delete note</button>" in page
    assert "<ul>" not in page  # no consequences listed
