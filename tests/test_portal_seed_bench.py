"""seed_bench: the web benchmark's dataset, at a small scale (the real one is 1,000
engagements; its size is a constant of portal.journey.bench_data)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import Client

from contracts.models import KpiRecord
from portal.journey import bench_data
from portal.models import Engagement, Membership, Team
from tests.factories import TeamFactory
from vendors.diligence.models import ChecklistItem
from vendors.models import Vendor


@pytest.fixture
def small(monkeypatch):
    for name, value in {
        "TEAMS": 2,
        "USERS_PER_TEAM": 3,
        "ENGAGEMENTS": 20,
        "FULL_ENGAGEMENTS": 2,
        "VENDORS": 40,
        "CHECKLIST_ANSWERS": 700,
        "KPI_ROWS": 1500,
        "LARGE_CANDIDATES": 4,
    }.items():
        monkeypatch.setattr(bench_data, name, value)


def _rows():
    return (
        list(Engagement.objects.order_by("id").values_list("title", "status", "team__name")),
        sorted(Vendor.objects.values_list("name", flat=True)),
    )


@pytest.mark.django_db
def test_seed_bench_loads_the_counts_it_says_and_the_same_rows_each_time(small):
    with transaction.atomic():
        call_command("seed_bench", stdout=io.StringIO())
        first = _rows()
        transaction.set_rollback(True)
    out = io.StringIO()
    call_command("seed_bench", stdout=out)
    assert _rows() == first
    assert Team.objects.count() == 2 and get_user_model().objects.count() == 6
    assert Membership.objects.filter(role=Membership.Role.MANAGER).count() == 4
    assert Engagement.objects.count() == 20
    assert Vendor.objects.count() == 40
    assert ChecklistItem.objects.exclude(answer="").count() == 700
    assert KpiRecord.objects.count() == 1500
    large = Engagement.objects.get(title=bench_data.LARGE_TITLE)
    assert large.candidates.count() == 4
    assert KpiRecord.objects.filter(sla__engagement=large).count() == 8 * 36
    # Every step filled in on the demo-seeded ones: a contract, SLAs, an exit plan.
    filled = Engagement.objects.filter(contract__isnull=False, exit_plan__isnull=False)
    assert filled.count() == 2
    assert "20 engagements, 40 vendors, 700 checklist answers, 1,500 KPI rows" in out.getvalue()
    # A bench user signs in with the published password and sees their team's work.
    client = Client()
    assert client.login(request=HttpRequest(), username="bench01-03", password=bench_data.PASSWORD)
    dashboard = client.get("/").text
    assert Engagement.objects.filter(team__name="Bench team 01").first().title in dashboard


@pytest.mark.django_db
def test_seed_bench_refuses_a_database_that_holds_data(small):
    TeamFactory(name="Customer Care")
    with pytest.raises(CommandError, match="already holds users, teams or engagements"):
        call_command("seed_bench", stdout=io.StringIO())
    assert Engagement.objects.count() == 0
