"""Every page the web benchmark visits runs a fixed number of queries: the same before
and after the engagement, the team and the registry grow, and at most its bound."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contracts.due import DUE_PANEL_QUERIES
from contracts.liaison import actions as liaison_actions
from contracts.models import KpiRecord, Sla
from contracts.monitoring.plan_due import PLANNED_DUE_QUERIES
from contracts.standing import STANDING_QUERIES
from portal.models import Engagement
from portal.reports.due import SCORECARD_DUE_QUERIES
from tests.factories import EngagementFactory, VendorFactory
from tests.factories_vendors import DeliveryLocationFactory, VendorChannelFactory
from vendors import actions as vendor_actions
from vendors.diligence import actions as diligence_actions
from vendors.models import Candidate

# Queries per page, cold (nothing cached), with every step of the engagement filled in.
# The dashboard's standing column and its "due" panel (re-assessments, evidence,
# planned test calls, scorecards) each read in a fixed number of queries.
DASHBOARD = 10 + STANDING_QUERIES + DUE_PANEL_QUERIES + PLANNED_DUE_QUERIES + SCORECARD_DUE_QUERIES
BOUNDS = {
    "dashboard": DASHBOARD,
    "dashboard (filtered)": DASHBOARD,
    # Every step's summary and the standing computed (the cold page, once per change).
    "engagement": 22 + STANDING_QUERIES,
    "engagement (cached)": 6,  # what every other view of it costs
    "history": 13,
    "step 1 scope": 8,
    "step 2 cost": 9,
    "step 3 customers": 9,
    "step 4 candidates": 15,  # with the vendor contacts' response progress
    "compare": 28,  # with the proposal round an accepted quote came from
    "due diligence": 9,
    "checklist": 15,  # re-assessment rounds, expiring evidence, vendor proposals
    "checklist item form": 8,
    "step 5 liaison": 10,
    "liaison entry form": 5,
    "step 6 monitoring": 36,  # standing, cadence, test-call plan and trend, SLA plan check
    "KPI month form": 6,
    "step 7 exit": 14,
    "vendors": 11,  # cold; a cached view reads no registry table
    "vendor search": 11,
    "vendor filters": 11,
}


def _pages(engagement, candidate, item) -> dict[str, str]:
    e = f"/engagements/{engagement.pk}"
    c = f"{e}/candidates/{candidate.pk}"
    return {
        "dashboard": "/",
        "dashboard (filtered)": "/?status=live",
        "engagement": f"{e}/",
        "engagement (cached)": f"{e}/",
        "history": f"{e}/history/",
        "step 1 scope": f"{e}/scope/",
        "step 2 cost": f"{e}/cost/",
        "step 3 customers": f"{e}/customers/",
        "step 4 candidates": f"{e}/candidates/",
        "compare": f"{e}/compare/",
        "due diligence": f"{e}/due-diligence/",
        "checklist": f"{c}/checklist/",
        "checklist item form": f"{c}/checklist/items/{item.pk}/",
        "step 5 liaison": f"{e}/liaison/",
        "liaison entry form": f"{e}/liaison/new/",
        "step 6 monitoring": f"{e}/monitoring/",
        "KPI month form": f"{e}/monitoring/kpis/new/",
        "step 7 exit": f"{e}/exit/",
        "vendors": "/vendors/",
        "vendor search": "/vendors/?q=contact",
        "vendor filters": "/vendors/?region=asia_philippines&channel=inbound_phone",
    }


def _counts(client, pages) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        if name != "engagement (cached)":
            cache.clear()  # cold: every figure computed
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(captured)
    return counts


def _grow(engagement, member):
    """More of everything the pages list or count."""
    grown = EngagementFactory.create_batch(30, team=engagement.team, owner=member)
    # Older than the demo's, so the dashboard's first page still holds the same live
    # engagement (its standing is what the page reads): the same page, more rows.
    Engagement.objects.filter(pk__in=[e.pk for e in grown]).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    for n in range(25):
        vendor = VendorFactory(name=f"Growth Contact Center {n}")
        DeliveryLocationFactory(vendor=vendor)
        VendorChannelFactory(vendor=vendor)
        if n < 3:
            diligence_actions.candidate_add_with_checklist(
                user=member,
                engagement=engagement,
                data=vendor_actions.CandidateInput(vendor=vendor),
            )
    slas = list(Sla.objects.filter(engagement=engagement))
    oldest = KpiRecord.objects.filter(sla__engagement=engagement).order_by("period").first()
    month = oldest.period
    for _ in range(12):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        KpiRecord.objects.bulk_create(
            KpiRecord(sla=sla, period=month, value=Decimal("50"), recorded_by=member)
            for sla in slas
        )
    for n in range(10):
        liaison_actions.liaison_entry_save(
            user=member,
            engagement=engagement,
            entry=None,
            data=liaison_actions.LiaisonEntryInput(
                kind="meeting",
                date=timezone.localdate(),
                participants="Account manager",
                summary=f"Review {n}.",
            ),
        )


@pytest.mark.django_db
def test_every_bench_page_runs_a_fixed_number_of_queries():
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    candidate = Candidate.objects.get(engagement=engagement, status=Candidate.Status.APPROVED)
    item = candidate.checklist.items.order_by("id").first()
    client = Client()
    client.login(request=HttpRequest(), username="member", password="portal-demo")
    pages = _pages(engagement, candidate, item)
    client.get("/")  # the session's first request notes the login time
    before = _counts(client, pages)
    _grow(engagement, engagement.owner)
    after = _counts(client, pages)
    # The History page reads the records its entries name once per kind of record
    # (vendors, checklist items...): more kinds on the page after the growth, not rows.
    assert {k: v for k, v in after.items() if k != "history"} == {
        k: v for k, v in before.items() if k != "history"
    }
    over = {name: count for name, count in after.items() if count > BOUNDS[name]}
    assert not over, f"over their bound: {over}"
