"""The page a user sees when the server fails, with DEBUG off as in production."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import path


def _broken_view(request):
    raise DatabaseError("the database went away")


urlpatterns = [path("broken/", _broken_view)]


@pytest.mark.smoke
@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_portal_500_page(settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert 'href="/"' in response.text
    assert "the database went away" not in response.text  # no internals shown


@pytest.mark.urls("portal.urls")
def test_an_unknown_address_says_not_found_without_internals(member_client, settings):
    settings.DEBUG = False
    response = member_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is nothing here, or it belongs to another team." in response.text
    assert "Resolver404" not in response.text


def test_another_teams_engagement_shows_the_access_message(client, engagement, outsider):
    client.force_login(outsider)
    response = client.get(engagement.get_absolute_url())
    assert response.status_code == 404
    assert "Not found" in response.text and "Resolver404" not in response.text
