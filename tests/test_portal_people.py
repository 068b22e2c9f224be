"""How the portal names a person (portal/people.py) and the ``|person`` filter."""

import pytest
from django.template import Context, Template

from portal.people import GONE, display_name
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_is_named_by_their_full_name():
    user = UserFactory(username="jdoe", first_name="Jane", last_name="Doe")
    assert display_name(user) == "Jane Doe"


def test_without_a_name_the_login_stands_in():
    user = UserFactory(username="jdoe", first_name="", last_name="")
    assert display_name(user) == "jdoe"


def test_no_user_reads_as_someone_no_longer_registered():
    assert display_name(None) == GONE == "someone no longer registered"
    assert display_name(None, missing="the portal") == "the portal"


def test_templates_use_the_person_filter_without_loading_it():
    user = UserFactory(username="jdoe", first_name="Jane", last_name="Doe")
    template = Template("Asked by {{ user|person }}.")
    assert template.render(Context({"user": user})) == "Asked by Jane Doe."
    assert template.render(Context({"user": None})) == "Asked by ."


def test_the_filter_escapes_a_name_like_any_text():
    user = UserFactory(username="x", first_name="<b>Jane</b>", last_name="")
    assert Template("{{ user|person }}").render(Context({"user": user})) == (
        "&lt;b&gt;Jane&lt;/b&gt;"
    )
