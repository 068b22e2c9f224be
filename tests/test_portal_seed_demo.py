import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest


def _snapshot():
    """Every row of every project model, by primary key, without timestamps."""
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label not in {
            "portal",
            "planning",
            "vendors",
            "diligence",
            "invitations",
            "contracts",
        }:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not f.name.endswith(("_at", "updated", "created"))
        ]
        snapshot[model._meta.label] = sorted(
            model.objects.values_list(*fields), key=lambda row: str(row)
        )
    return snapshot


@pytest.mark.smoke
@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_data():
    call_command("seed_demo", stdout=io.StringIO())
    first, first_log = _snapshot(), LogEntry.objects.count()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _snapshot() == first
    assert LogEntry.objects.count() == first_log  # a second run changes nothing
    assert "Outsource tier-1 phone support" in out.getvalue()


@pytest.mark.django_db
def test_demo_logins_see_what_the_readme_promises(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert client.login(request=HttpRequest(), username="member", password="portal-demo")
    dashboard = client.get("/")
    assert "Outsource tier-1 phone support" in dashboard.text
    engagement_url = dashboard.context["page"].object_list[0].get_absolute_url()
    client.logout()
    assert client.login(request=HttpRequest(), username="outsider", password="portal-demo")
    assert client.get(engagement_url).status_code == 404
    client.logout()
    assert client.login(request=HttpRequest(), username="admin", password="portal-demo")
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_like_settings(settings):
    settings.DEBUG = False
    settings.PORTAL_SHOW_DEMO_LOGINS = False
    with pytest.raises(CommandError, match="Refusing to seed demo data.*--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="member").exists()


@pytest.mark.django_db
def test_seed_demo_with_force_seeds_anyway(settings):
    settings.DEBUG = False
    settings.PORTAL_SHOW_DEMO_LOGINS = False
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert get_user_model().objects.filter(username="member").exists()
    assert "Outsource tier-1 phone support" in out.getvalue()


def test_seed_demo_under_production_settings_exits_non_zero():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "DATABASE_URL": "postgres://portal@127.0.0.1:1/portal",
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Refusing to seed demo data" in result.stderr
