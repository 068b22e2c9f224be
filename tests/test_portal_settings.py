"""Production settings: no secret defaults, and Django's deployment checklist passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY",)},
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
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="portal.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="portal.example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_env_parsers_fail_loudly(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("PORTAL_FLAG", False)
    monkeypatch.setenv("PORTAL_NUMBER", "twenty")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("PORTAL_NUMBER", 1)
