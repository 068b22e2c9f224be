"""Production settings: no secret defaults, and Django's deployment checklist passes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent
# Real services by URL; nothing needs to answer for `check`.
SERVICES = {
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
SECRET = "a-long-random-production-secret-" + "x" * 40


def _manage(*args, **env):
    # Not from this test run: its services, and the browser tests' async-safety switch
    # (set in this process once a browser test has run in it).
    inherited = (
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "PORTAL_VAR_DIR",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in inherited},
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.smoke
def test_check_deploy_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example.com",
        **SERVICES,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="portal.example.com", **SERVICES)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("missing", ["DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without_a_database_or_broker_url(missing):
    services = {k: v for k, v in SERVICES.items() if k != missing}
    result = _manage("check", SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.example.com", **services)
    assert result.returncode != 0
    assert f"{missing} must be set for production settings" in result.stderr


def test_production_settings_write_nothing_to_the_local_state_folder(tmp_path):
    var_dir = tmp_path / "var"
    result = _manage(
        "check",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.example.com",
        PORTAL_VAR_DIR=str(var_dir),
        **SERVICES,
    )
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()  # no broker folders, no SQLite file, no key


def test_local_settings_make_the_filesystem_broker_folders(tmp_path):
    var_dir = tmp_path / "var"
    result = _manage(
        "check", DJANGO_SETTINGS_MODULE="portal.settings.local", PORTAL_VAR_DIR=str(var_dir)
    )
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (var_dir / "broker").iterdir()} == {"queue", "processed", "control"}


def test_env_parsers_fail_loudly(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("PORTAL_FLAG", False)
    monkeypatch.setenv("PORTAL_NUMBER", "twenty")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("PORTAL_NUMBER", 1)


def test_production_sessions_time_out_and_logins_are_throttled_behind_the_proxy():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_AGE, s.SESSION_RENEW_SECONDS, s.SESSION_ABSOLUTE_SECONDS,"
        "s.PORTAL_TRUSTED_PROXY_COUNT, s.AXES_FAILURE_LIMIT,"
        "s.AXES_COOLOFF_TIME.total_seconds(), s.AUTHENTICATION_BACKENDS,"
        "s.FILE_UPLOAD_HANDLERS[0]]))"
    )
    result = _manage(
        "shell", "-c", script, SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.example.com", **SERVICES
    )
    assert result.returncode == 0, result.stderr
    idle, renew, absolute, proxies, failures, cool_off, backends, handler = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert (idle, renew, absolute) == (30 * 60, 60, 12 * 3600)
    assert proxies == 1  # the TLS-terminating proxy's X-Forwarded-For entry
    assert (failures, cool_off) == (5, 15 * 60)
    assert backends[0] == "axes.backends.AxesStandaloneBackend"
    assert "rules.permissions.ObjectPermissionBackend" in backends
    assert handler == "portal.uploads.UploadLimitHandler"


def _settings_json(expression: str, **env) -> object:
    result = _manage("shell", "-c", f"import json; print(json.dumps({expression}))", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _default_cache(**env) -> dict:
    return _settings_json("__import__('django.conf').conf.settings.CACHES['default']", **env)


def test_production_counts_rate_limits_in_redis_beside_celery():
    cache = _default_cache(SECRET_KEY=SECRET, ALLOWED_HOSTS="portal.example.com", **SERVICES)
    assert cache["BACKEND"] == "portal.cache.RedisCache"
    assert cache["LOCATION"] == SERVICES["REDIS_URL"]
    assert cache["KEY_PREFIX"] == "portal"  # Celery's keys are not prefixed so


def test_without_redis_each_process_counts_in_its_memory(tmp_path):
    cache = _default_cache(
        DJANGO_SETTINGS_MODULE="portal.settings.local", PORTAL_VAR_DIR=str(tmp_path / "var")
    )
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_tests_count_in_memory_even_where_redis_is_set(tmp_path):
    cache = _default_cache(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        PORTAL_TEST_RUN_DIR=str(tmp_path / "run"),
        REDIS_URL=SERVICES["REDIS_URL"],
    )
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis (REDIS_URL)")
def test_two_processes_share_one_rate_limit_count_through_redis(tmp_path):
    # What DRF's throttle does with its count, in two processes: the second one sees
    # the call the first one counted. The key is this test's own, and is deleted after.
    key = f"throttle_test_{tmp_path.name}"
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.local",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": os.environ["REDIS_URL"],
    }
    counted = "__import__('django.core.cache').core.cache.cache"
    _settings_json(f"{counted}.set({key!r}, [1.5], 60)", **env)
    try:
        assert _settings_json(f"{counted}.get({key!r})", **env) == [1.5]
    finally:
        _settings_json(f"{counted}.delete({key!r})", **env)
