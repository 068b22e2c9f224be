"""Test settings: the local ones, made fast and isolated."""

import tempfile
from pathlib import Path

from .local import *  # noqa: F403
from .local import CELERY_BROKER_TRANSPORT_OPTIONS, REDIS_URL, STORAGES

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
    _broker = Path(tempfile.mkdtemp(prefix="portal-test-broker-"))
    for _folder in ("queue", "processed", "control"):
        (_broker / _folder).mkdir()
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "processed_folder": str(_broker / "processed"),
        "control_folder": str(_broker / "control"),
    }
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="portal-test-media-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
