"""The login page in a real browser: the launch settings and the live server work."""

import re

from playwright.sync_api import expect


def test_login_page_signs_a_member_in(live_server, page, member):
    member.set_password("pw-for-browser")
    member.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill("pw-for-browser")
    page.get_by_role("button", name=re.compile("log in|sign in", re.I)).click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
