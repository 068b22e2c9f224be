"""Test settings: the local ones, made fast and isolated."""

import os
import tempfile
from pathlib import Path

from .local import *  # noqa: F403
from .local import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, REDIS_URL, STORAGES

# One folder per test run (and per xdist worker) for the broker, the media files and
# the SQLite test database. Kept in the environment, so a real Celery worker that a
# test starts as a subprocess finds the same broker, files and database.
_RUN_DIR = os.environ.get("PORTAL_TEST_RUN_DIR") or tempfile.mkdtemp(prefix="portal-test-")
os.environ["PORTAL_TEST_RUN_DIR"] = _RUN_DIR
_HERE = Path(_RUN_DIR) / os.environ.get("PYTEST_XDIST_WORKER", "main")
_HERE.mkdir(parents=True, exist_ok=True)

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Tasks run inline, after commit, so tests see what a worker would do.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# No worker runs in most tests: do not wait long for one to answer /healthz.
PORTAL_HEALTH_PING_TIMEOUT = 0.3
if not REDIS_URL:
    # A broker folder of this test run's own, so runs never consume each other's messages.
    _broker = _HERE / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
    }
else:
    # Redis is shared: a queue of this run's own, so runs never consume each other's tasks.
    CELERY_TASK_DEFAULT_QUEUE = f"portal-test-{Path(_RUN_DIR).name}-{_HERE.name}"
# Each test process counts rate limits in its own memory, even where REDIS_URL is set
# (CI): counts never carry over between runs, or between tests (tests/conftest.py
# empties the cache before each). A test that needs Redis says so itself.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
}
# Tasks run eagerly in the test's own process, so they share its memory cache.
SHARED_CACHE = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: a worker process must see what the test committed.
    DATABASES["default"]["TEST"] = {"NAME": str(_HERE / "test.sqlite3")}
    # Throwaway data: no fsync; WAL so the worker reads while a test writes.
    # Deferred transactions: a test's own transaction (never committed) must not hold
    # the write lock a real worker process waits for.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;",
    }
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(_HERE / "media")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
