"""The signed-in user and their roles come from the shared cache
(``portal.auth_backend``): a page reads neither the user's row nor their memberships
once they are kept, and a change of either takes effect on the very next request."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from portal.models import Membership


def _tables_read(client, url) -> tuple[int, set[str]]:
    """The response's status and the tables its queries read from (FROM, not JOIN)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    tables = {
        query["sql"].split(" FROM ", 1)[1].split()[0].strip('"')
        for query in queries
        if " FROM " in query["sql"]
    }
    return response.status_code, tables


def test_a_kept_user_reads_neither_the_user_nor_the_memberships(member_client, engagement):
    url = engagement.get_absolute_url()
    member_client.get(url)
    status, tables = _tables_read(member_client, url)
    assert status == 200
    assert tables.isdisjoint({"auth_user", "portal_membership"}), tables


def test_without_a_shared_cache_each_request_reads_them(member_client, engagement):
    url = engagement.get_absolute_url()
    with override_settings(SHARED_CACHE=False):
        member_client.get(url)
        _, tables = _tables_read(member_client, url)
    assert {"auth_user", "portal_membership"} <= tables


def test_a_member_removed_from_the_team_loses_the_engagement_at_once(
    member_client, member, engagement
):
    url = engagement.get_absolute_url()
    assert member_client.get(url).status_code == 200
    Membership.objects.get(user=member).delete()
    assert member_client.get(url).status_code == 404


def test_a_manager_made_member_loses_the_right_to_approve_at_once(
    manager_client, manager, engagement
):
    assert manager_client.get(engagement.get_absolute_url()).status_code == 200  # kept
    membership = Membership.objects.get(user=manager)
    membership.role = Membership.Role.MEMBER
    membership.save()
    response = manager_client.post(f"/engagements/{engagement.pk}/close/")
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert engagement.status != engagement.Status.CLOSED


def test_a_deactivated_user_is_signed_out_at_once(member_client, member, engagement):
    url = engagement.get_absolute_url()
    assert member_client.get(url).status_code == 200
    member.is_active = False
    member.save()
    response = member_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_password_ends_the_other_sessions_at_once(member_client, member, engagement):
    url = engagement.get_absolute_url()
    assert member_client.get(url).status_code == 200
    member.set_password("a-new-long-passphrase-2026")
    member.save()
    response = member_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
