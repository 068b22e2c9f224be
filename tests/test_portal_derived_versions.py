"""The versions behind cached figures: the site's is read once per request, and a
change of shared data (a person deleted included) moves it."""

from django.core.cache import cache
from django.core.signals import request_finished, request_started

from portal import derived
from tests.factories import UserFactory


def test_the_site_version_is_read_once_per_request(db, django_capture_on_commit_callbacks):
    request_started.send(sender=None)
    first = derived.site_version()
    cache.set(derived.SITE_KEY, first + 100, None)  # another process's change
    assert derived.site_version() == first  # the request goes on with the one it read
    request_finished.send(sender=None)
    assert derived.site_version() == first + 100  # outside a request: read every time

    request_started.send(sender=None)
    assert derived.site_version() == first + 100
    with django_capture_on_commit_callbacks(execute=True):
        derived.bump_site()  # this request's own change of shared data
    assert derived.site_version() == first + 101
    request_finished.send(sender=None)


def test_deleting_a_person_moves_the_site_version(db, django_capture_on_commit_callbacks):
    person = UserFactory(username="leaving")
    before = derived.site_version()
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert derived.site_version() > before
