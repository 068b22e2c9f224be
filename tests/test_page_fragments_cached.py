"""The compare page and step 2 render their figures once per version of the
engagement's figures (``portal.fragments``): each test shows the page, changes what
it shows (through the action, or the ORM, audited), and checks the page shows what
it shows with nothing cached."""

import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client, override_settings

from portal import derived, fragments
from portal.models import Engagement
from portal.planning.models import CostCase
from tests.test_portal_derived import NO_CACHE, _text
from vendors.models import ComparisonWeights, Language


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change's on-commit work as its commit would (the site's version moves
    at commit)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    client = Client()
    client.login(request=HttpRequest(), username="member", password="portal-demo")
    return engagement, client


def _fresh_after(client, url, change) -> tuple[str, str]:
    _text(client, url)  # cached now
    before = _text(client, url)
    change()
    after = _text(client, url)
    with override_settings(CACHES=NO_CACHE):
        assert after == _text(client, url), f"stale fragment on {url}"
    assert after != before, f"{url} does not show the change"
    return before, after


def _compare(engagement) -> str:
    return f"/engagements/{engagement.pk}/compare/"


def test_saved_weights_show_in_the_inputs_and_the_ranking_at_once(demo):
    engagement, client = demo

    def change():
        # The demo's open round freezes the weights for the action: the ORM, audited.
        row, _ = ComparisonWeights.objects.get_or_create(engagement=engagement)
        row.cost = 77
        row.save()

    _, after = _fresh_after(client, _compare(engagement), change)
    assert 'name="cost" value="77"' in after
    assert "weight 77" in after


def test_a_new_registry_language_shows_in_the_weights_at_once(demo, commit):
    engagement, client = demo

    def change():
        commit(lambda: Language.objects.create(name="Faroese"))

    before, after = _fresh_after(client, _compare(engagement), change)
    assert ">Faroese</option>" in after and "Faroese" not in before


def test_the_htmx_table_without_weights_is_the_pages_table(demo):
    engagement, client = demo
    page = _text(client, _compare(engagement))
    table = client.get(_compare(engagement), headers={"HX-Request": "true"}).text
    assert table.strip() and table in page


def test_step_2_shows_a_new_cost_case_figure_at_once(demo):
    engagement, client = demo
    case = CostCase.objects.get(engagement=engagement)

    def change():
        case.oversight_monthly = case.oversight_monthly + 1234
        case.save()  # audited: the engagement's version moves

    _fresh_after(client, f"/engagements/{engagement.pk}/cost/", change)


def test_a_template_change_is_a_new_fragment(demo, monkeypatch):
    engagement, _ = demo
    calls = []
    derived.forget_changes()  # the seeding is not a change of this request

    def render():
        calls.append(1)
        return {"html": "<p>figures</p>"}

    fragments.cached_html(engagement, "probe", render)
    fragments.cached_html(engagement, "probe", render)
    assert len(calls) == 1
    monkeypatch.setattr(derived, "code_version", lambda: "another")
    assert fragments.cached_html(engagement, "probe", render) == {"html": "<p>figures</p>"}
    assert len(calls) == 2
