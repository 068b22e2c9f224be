"""A Celery task reads and keeps no cached figure when the cache is each process's own
memory (the embedded default): a change made in the web process moves the versions in
that process's memory only, so a worker's copy would never see it move."""

import pytest
from django.test import override_settings

from portal import derived
from tests.factories import EngagementFactory
from tests.test_portal_settings import _settings_json


@pytest.fixture
def engagement(db):
    return EngagementFactory()


def _twice(engagement) -> list[str]:
    computed = []
    for _ in range(2):
        derived.cached(engagement, "probe", lambda: computed.append("computed") or "figure")
    return computed


@override_settings(SHARED_CACHE=False)
def test_a_task_computes_its_figures_when_the_cache_is_not_shared(engagement):
    derived.start_unit(task=object())  # what task_prerun sends
    try:
        assert _twice(engagement) == ["computed", "computed"]
        assert derived.cached_many([engagement], "probe-many", lambda es: {engagement.pk: 1}) == {
            engagement.pk: 1
        }
    finally:
        derived.forget_changes()


@override_settings(SHARED_CACHE=False)
def test_a_request_still_reads_its_process_cache(engagement):
    derived.start_unit(environ={})  # what request_started sends
    try:
        assert _twice(engagement) == ["computed"]
    finally:
        derived.forget_changes()


@override_settings(SHARED_CACHE=True)
def test_a_task_reads_a_shared_cache(engagement):
    derived.start_unit(task=object())
    try:
        assert _twice(engagement) == ["computed"]
    finally:
        derived.forget_changes()


def test_the_embedded_default_says_its_cache_is_not_shared(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "portal.settings.local", "PORTAL_VAR_DIR": str(tmp_path)}
    assert _settings_json("__import__('django.conf').conf.settings.SHARED_CACHE", **env) is False
