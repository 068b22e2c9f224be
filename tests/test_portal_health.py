"""/healthz checks the real database and broker configured for this run
(SQLite + filesystem broker by default, PostgreSQL + Redis in CI)."""

import json
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.db import connection
from django.test import Client

from portal import health
from portal.celery import app as celery_app
from portal.models import WorkerPing


@pytest.fixture(autouse=True)
def _fresh_health_cache():
    """Each test sees a check of its own, and leaves no result for other tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.smoke
def test_without_a_worker_healthz_is_503_and_says_why(client, db):
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"] == "no worker answered"


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_healthz_is_200(client, settings):
    settings.PORTAL_HEALTH_PING_TIMEOUT = 10.0
    with start_worker(celery_app, perform_ping_check=False, loglevel="WARNING", pool="solo"):
        response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 200, body
    assert body["status"] == "ok" and body["workers"]


def test_broken_database_is_reported(client, db, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error: RuntimeError"


def test_repeated_checks_within_ten_seconds_reuse_the_result(client, db):
    first = client.get("/healthz")
    started = time.monotonic()
    second = client.get("/healthz")
    assert time.monotonic() - started < 0.2  # no second wait for a worker
    assert second.status_code == first.status_code == 503
    assert json.loads(second.content) == json.loads(first.content)
    assert WorkerPing.objects.count() == 1  # one ping sent, not one per request


def test_an_expired_result_is_checked_again(client, db, monkeypatch):
    monkeypatch.setattr(health, "RESULT_SECONDS", 0)  # every result expires at once
    client.get("/healthz")
    client.get("/healthz")
    assert WorkerPing.objects.count() == 2


def test_a_request_during_a_check_reuses_the_last_result(client, db):
    cache.set(
        health._LAST_KEY,
        {
            "status": "ok",
            "database": "ok",
            "broker": "ok",
            "worker": "ok",
            "workers": ["w@host"],
            "checked_at": "x",
        },
    )
    cache.add(health._LOCK_KEY, True)  # another request's check is in flight
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["workers"] == ["w@host"]
    assert WorkerPing.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_checks_send_one_ping(settings):
    settings.PORTAL_HEALTH_PING_TIMEOUT = 1.0
    answers = []

    def check_in_another_thread():
        try:
            answers.append(Client().get("/healthz"))
        finally:
            connection.close()  # this thread's own database connection

    first = threading.Thread(target=check_in_another_thread)
    first.start()
    deadline = time.monotonic() + 5
    while cache.get(health._LOCK_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.01)
    answers.append(Client().get("/healthz"))  # arrives while the first one waits
    first.join()
    assert [a.status_code for a in answers] == [503, 503]
    assert json.loads(answers[0].content) == json.loads(answers[1].content)
    assert WorkerPing.objects.count() == 1


def test_a_cache_that_is_down_is_reported_not_a_500(client, db, monkeypatch):
    # With REDIS_URL the results are kept in Redis, the broker's server too.
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(health.cache, "get", down)
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert (body["database"], body["cache"]) == ("ok", "error")
