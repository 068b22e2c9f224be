"""Login throttling: wrong passwords lock the account from that address, with a message
saying how long; others still log in; an administrator's reset unlocks."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from portal.login_throttle import client_address
from tests.factories import UserFactory

PASSWORD = "right-password-1"


def _client(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _login(client, username, password, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password})


@pytest.fixture
def maria(db):
    return UserFactory(username="maria", password=PASSWORD)


@pytest.fixture
def settings_limits(settings, db):
    settings.AXES_FAILURE_LIMIT = 5
    settings.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = 20
    return settings


def test_wrong_passwords_lock_the_account_and_say_for_how_long(maria, settings_limits):
    client = _client("10.0.0.1")
    for _ in range(4):
        assert "correct username and password" in _login(client, "maria", "wrong").text
    locked = _login(client, "maria", "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.text
    assert "Please try again in 15 minutes" in locked.text
    # The login form is still there, with the name typed.
    assert 'name="password"' in locked.text and 'value="maria"' in locked.text
    # Now even the right password is refused, with the same message.
    right = _login(client, "maria", PASSWORD)
    assert right.status_code == 429
    assert "Too many failed logins" in right.text
    assert "_auth_user_id" not in client.session


def test_the_same_account_from_another_address_and_another_account_still_log_in(
    maria, settings_limits
):
    UserFactory(username="jonas", password=PASSWORD)
    attacker = _client("10.0.0.1")
    for _ in range(5):
        _login(attacker, "maria", "wrong")
    assert _login(attacker, "maria", PASSWORD).status_code == 429
    at_her_desk = _client("10.0.0.2")
    response = _login(at_her_desk, "maria", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    elsewhere = _client("10.0.0.3")
    assert _login(elsewhere, "jonas", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked_at_the_address_limit(settings_limits):
    settings_limits.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for name in ("ana", "ben", "cleo", "dan"):
        UserFactory(username=name, password=PASSWORD)
    sprayer = _client("10.0.0.9")
    # Two guesses per account: no pair reaches five, the address reaches eight.
    for name in ("ana", "ben", "cleo"):
        for _ in range(2):
            assert _login(sprayer, name, "Summer2026!").status_code == 200
    assert _login(sprayer, "dan", "Summer2026!").status_code == 200
    assert _login(sprayer, "dan", "Summer2026!").status_code == 429
    assert _login(sprayer, "dan", PASSWORD).status_code == 429
    # Another address is not affected.
    assert _login(_client("10.0.0.10"), "dan", PASSWORD).status_code == 302


def test_the_admin_login_counts_and_locks_too(admin_user, settings_limits):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    client = _client("10.0.0.1")
    admin_login = reverse("admin:login")
    for _ in range(5):
        _login(client, "admin", "wrong", admin_login)
    locked = _login(client, "admin", PASSWORD, admin_login)
    assert locked.status_code == 429
    # A whole login page that says why and for how long, not a bare refusal.
    assert "<title>Log in" in locked.text
    assert "Too many failed logins" in locked.text
    assert "Please try again in 15 minutes" in locked.text
    assert "ask a site administrator to unlock it" in locked.text
    assert 'name="password"' in locked.text and 'value="admin"' in locked.text
    assert "_auth_user_id" not in client.session
    # The portal login is locked for the same pair.
    assert _login(client, "admin", PASSWORD).status_code == 429


def test_another_administrator_unlocks_a_locked_admin_login_from_the_admin(
    admin_user, settings_limits
):
    admin_user.set_password(PASSWORD)
    admin_user.save()
    client = _client("10.0.0.1")
    admin_login = reverse("admin:login")
    for _ in range(5):
        _login(client, "admin", "wrong", admin_login)
    assert _login(client, "admin", PASSWORD, admin_login).status_code == 429
    colleague = Client()
    colleague.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    attempt = AccessAttempt.objects.get(username="admin")
    page = colleague.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk]))
    assert page.status_code == 200 and "10.0.0.1" in page.text
    delete_url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert colleague.post(delete_url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(username="admin").exists()
    assert _login(client, "admin", PASSWORD, admin_login).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_administrators_reset_unlocks(maria, admin_user, settings_limits):
    client = _client("10.0.0.1")
    for _ in range(5):
        _login(client, "maria", "wrong")
    assert _login(client, "maria", PASSWORD).status_code == 429
    # The administrator finds the attempts in the admin and deletes them.
    admin = Client()
    admin.force_login(admin_user)
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "maria" in changelist.text
    attempt = AccessAttempt.objects.get(username="maria")
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert _login(client, "maria", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures(maria, settings_limits):
    client = _client("10.0.0.1")
    for _ in range(4):
        _login(client, "maria", "wrong")
    assert _login(client, "maria", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "maria", "wrong").status_code == 200


def test_the_address_is_the_one_the_trusted_proxy_saw(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7")
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.254"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "192.0.2.7"  # 6.6.6.6 is what the client claimed
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "6.6.6.6"
    bare = rf.get("/", REMOTE_ADDR="10.0.0.254")
    assert client_address(bare) == "10.0.0.254"


def test_logging_in_to_ones_own_account_does_not_clear_guesses_at_others(settings_limits):
    settings_limits.PORTAL_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    UserFactory(username="mallory", password=PASSWORD)
    for name in ("ana", "ben", "cleo", "dan"):
        UserFactory(username=name, password=PASSWORD)
    insider = _client("10.0.0.9")
    for name in ("ana", "ben", "cleo"):
        for _ in range(2):
            _login(insider, name, "Summer2026!")
    assert _login(insider, "mallory", PASSWORD).status_code == 302
    insider.logout()
    assert _login(insider, "dan", "Summer2026!").status_code == 200
    assert _login(insider, "dan", "Summer2026!").status_code == 429


def test_a_name_too_long_for_the_attempt_table_is_counted_not_a_server_error(settings_limits):
    client = _client("10.0.0.1")
    for _ in range(4):
        response = _login(client, "x" * 100_000, "wrong")
        assert response.status_code == 200 and "correct username and password" in response.text
    assert _login(client, "x" * 100_000, "wrong").status_code == 429
    assert len(AccessAttempt.objects.get().username) == 255


def test_a_name_with_a_nul_character_is_refused_on_the_form(settings_limits):
    response = _login(_client("10.0.0.1"), "ana\x00", "wrong")
    assert response.status_code == 200 and "Null characters are not allowed" in response.text
