import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.smoke
def test_login_page_shows_demo_logins_only_once_seeded(client, db):
    assert "demo-logins" not in client.get(reverse("login")).text
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = client.get(reverse("login")).text
    assert "demo-logins" in page and "portal-demo" in page


def test_demo_logins_never_shown_in_production_settings(client, db, settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.PORTAL_SHOW_DEMO_LOGINS = False
    assert "portal-demo" not in client.get(reverse("login")).text


def test_login_with_wrong_password_shows_error(client, db):
    UserFactory(username="maria", password="right-password-1")
    response = client.post(reverse("login"), {"username": "maria", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_login_and_logout(client, db):
    UserFactory(username="maria", password="right-password-1")
    response = client.post(reverse("login"), {"username": "maria", "password": "right-password-1"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:dashboard")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change(client, db):
    user = UserFactory(username="maria", password="old-password-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "old-password-1",
            "new_password1": "Tier1-phones-2026",
            "new_password2": "Tier1-phones-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tier1-phones-2026")


def test_password_change_bad_input(client, db):
    user = UserFactory(username="maria", password="old-password-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a", "new_password2": "b"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.text
    user.refresh_from_db()
    assert user.check_password("old-password-1")


def test_logout_says_so_on_the_login_page(client, db):
    user = UserFactory(username="maria", password="right-password-1")
    client.force_login(user)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "You are logged out." in response.text


def test_every_page_offers_the_password_change(member_client):
    page = member_client.get(reverse("portal:dashboard")).text
    assert f'href="{reverse("password_change")}">Change password</a>' in page
