"""The rows data migrations seed (languages, certifications, the rate card, the checklist
template), put back after a transactional test flushed them.

A transactional test (``transaction=True``, ``transactional_db``, ``live_server``: the
browser tests, the worker tests, the migration tests) ends with a flush that empties
every table, the migrations' rows included. pytest-django runs those tests after the
others, but on several processes (``make test`` runs two) a process can still be handed
an ordinary test after one; that test would find no language and no rate card. So the
rows are copied when the first database test of the process starts, and written back
before the next database test that follows a transactional one, outside its
transaction, so they stay until the next flush.
"""

from __future__ import annotations

import pytest
from auditlog.context import disable_auditlog
from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

REFERENCE_MODELS = (
    "vendors.Language",
    "vendors.Certification",
    "planning.RateCard",
    "diligence.ChecklistTemplate",
    "diligence.ChecklistTemplateItem",
)

_state: dict = {"copy": None, "flushed": False}


def _uses_db(item: pytest.Item) -> bool:
    """Marked, or using a database fixture, or one of the module-scoped fixtures that
    build data through ``django_db_setup`` and its blocker (pytest-django counts those
    as no-db tests and runs them after the transactional ones)."""
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "live_server", "django_db_setup"} & fixtures
    )


def _transactional(item: pytest.Item) -> bool:
    """The same rule as pytest-django's ordering of tests."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    by_marker = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    )
    return by_marker or "transactional_db" in fixtures or "live_server" in fixtures


def _copy() -> str:
    rows = [row for name in REFERENCE_MODELS for row in apps.get_model(name).objects.all()]
    return serializers.serialize("json", rows)


def _write_back(copy: str) -> None:
    """The rows with their own ids (no audit entry: nobody changed them), then the id
    sequences moved past them, as loaddata does."""
    models = [apps.get_model(name) for name in REFERENCE_MODELS]
    if any(model.objects.exists() for model in models):
        return  # not flushed after all
    with transaction.atomic(), disable_auditlog():
        for row in serializers.deserialize("json", copy):
            row.save()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not _uses_db(item):
        return
    if _state["flushed"] and _state["copy"] is not None:
        with item.config.stash[blocking_manager_key].unblock():
            _write_back(_state["copy"])
        _state["flushed"] = False
    if _transactional(item):
        _state["flushed"] = True


@pytest.fixture(autouse=True)
def _reference_rows(request):
    """Copies the migrations' rows once, at the first database test of the process
    (before its body runs, so they are as the migrations left them)."""
    if _state["copy"] is None and _uses_db(request.node):
        request.getfixturevalue("django_db_setup")
        with request.config.stash[blocking_manager_key].unblock():
            _state["copy"] = _copy()
    yield
