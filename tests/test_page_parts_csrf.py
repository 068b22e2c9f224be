"""Pages kept as rendered HTML with forms in them (the exit plan, the liaison log):
each view gives the forms the viewer's own CSRF token, so a cached page's form posts,
no page shows another viewer's token or the mark that stands for it, and a change
shows at once."""

import re

import pytest
from django.test import override_settings

from contracts.models import TransitionStep
from portal.fragments import CSRF_MARK
from tests.factories_contracts import log_liaison_entry
from tests.test_portal_derived import NO_CACHE, _text

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def engagement(seeded_demo):
    return seeded_demo


@pytest.fixture
def login(demo_login):
    return lambda username: demo_login(username, enforce_csrf_checks=True)


def test_a_cached_exit_page_form_posts_with_the_viewers_token(engagement, login):
    url = f"/engagements/{engagement.pk}/exit/"
    member, manager = login("member"), login("manager")
    member.get(url)  # rendered and kept
    page = manager.get(url).content.decode()  # from the cache, for another viewer
    assert CSRF_MARK not in page
    found = re.search(r'action="(/engagements/\d+/exit/steps/(\d+)/done/)"', page)
    assert found, "the exit page shows no transition step to mark done"
    token = TOKEN.search(page, found.end())[1]  # the step's form's own
    response = manager.post(found[1], {"done": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert TransitionStep.objects.get(pk=found[2]).done is True
    assert CSRF_MARK not in manager.get(url).content.decode()


def test_a_cached_liaison_log_shows_the_filter_and_no_mark(engagement, login):
    url = f"/engagements/{engagement.pk}/liaison/?q=forecast"
    member, manager = login("member"), login("manager")
    first = member.get(url).content.decode()
    second = manager.get(url).content.decode()
    for page in (first, second):
        assert CSRF_MARK not in page
        assert 'value="forecast"' in page


def test_the_liaison_log_and_the_exit_plan_show_a_change_at_once(engagement, login):
    client = login("member")
    base = f"/engagements/{engagement.pk}"
    urls = [f"{base}/liaison/", f"{base}/exit/"]
    for url in urls:
        _text(client, url)
    log_liaison_entry(engagement, "Holiday staffing agreed with the vendor.")
    step = TransitionStep.objects.filter(engagement=engagement).first()
    step.description = "Hand the knowledge base back"
    step.save()
    after = {url: _text(client, url) for url in urls}
    assert "Holiday staffing agreed with the vendor." in after[urls[0]]
    assert "Hand the knowledge base back" in after[urls[1]]
    with override_settings(CACHES=NO_CACHE):
        assert after == {url: _text(client, url) for url in urls}
