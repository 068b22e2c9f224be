"""Walk every URL of the project for every role and check the status each gets."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access_matrix import ROLES, all_entries
from tests.access_matrix.invitations import RESPONDENT, respondent_invitation

MATRIX = all_entries()


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _project_url_names() -> set[str]:
    # The admin site's own pages are Django's; only its index stands in the matrix.
    return {
        name for name in _url_names(get_resolver().url_patterns) if not name.startswith("admin:")
    } | {"admin:index"}


@pytest.mark.smoke
def test_every_url_has_a_matrix_entry():
    missing = _project_url_names() - MATRIX.keys()
    assert not missing, f"URL patterns without a permission-matrix entry: {sorted(missing)}"


def test_every_matrix_entry_is_a_url():
    assert not (MATRIX.keys() - _project_url_names())


@pytest.fixture
def world(team, other_team, engagement, member, manager, outsider, admin_user):
    return SimpleNamespace(
        team=team,
        other_team=other_team,
        engagement=engagement,
        member=member,
        manager=manager,
        outsider=outsider,
        admin=admin_user,
        invitation=None,  # made on first use (tests/access_matrix/invitations.py)
    )


def _respondent_client(world) -> Client:
    """A browser that opened a vendor contact's invitation link: no user login, a
    session bound to that invitation."""
    client = Client()
    token = respondent_invitation(world).raw_token
    assert client.get(reverse("respond:enter", args=[token])).status_code == 302
    return client


@pytest.mark.parametrize("role", [*ROLES, RESPONDENT])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_permission_matrix(name, role, world, cast):
    entry = MATRIX[name]
    client = _respondent_client(world) if role == RESPONDENT else cast[role]
    url = reverse(name, kwargs=entry.kwargs(world))
    data = entry.data(world) if entry.data else {}
    response = getattr(client, entry.method)(url, data)
    # A respondent session reaches its invitation's pages; everywhere else it is an
    # anonymous visitor (the entries of those pages say so).
    anonymous = role == "anonymous" or (role == RESPONDENT and RESPONDENT not in entry.expect)
    expected = entry.expect.get(role, entry.expect["anonymous"])
    assert response.status_code == expected, f"{role} {entry.method.upper()} {url}"
    if anonymous and expected == 302 and name not in ("logout",):
        assert "login" in response["Location"]
