"""/healthz checks the real database and broker configured for this run
(SQLite + filesystem broker by default, PostgreSQL + Redis in CI)."""

import json

import pytest
from celery.contrib.testing.worker import start_worker

from portal.celery import app as celery_app


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
    from portal import health

    class DownConnection:
        def cursor(self):
            raise RuntimeError("database down")

    monkeypatch.setattr(health, "connection", DownConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "error: RuntimeError"
