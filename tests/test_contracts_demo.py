"""The demo engagement gets the whole of steps 5-7."""

import io

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from contracts.exit.queries import exit_assessment
from contracts.liaison.queries import follow_up_counts
from contracts.models import (
    Contract,
    EscalationLevel,
    ExitPlan,
    ExitTrigger,
    FollowUpAction,
    KpiRecord,
    RaciRow,
    Sla,
)
from contracts.monitoring.queries import kpi_table
from portal.models import Engagement


@pytest.mark.django_db
def test_demo_has_contract_kpis_liaison_governance_and_exit_plan(client):
    call_command("seed_demo", stdout=io.StringIO())
    contract = Contract.objects.select_related("engagement").get()
    engagement = contract.engagement
    assert engagement.status == Engagement.Status.LIVE
    assert contract.candidate.status == "approved"
    assert Sla.objects.filter(engagement=engagement).count() == 7
    assert KpiRecord.objects.filter(sla__engagement=engagement).count() == 7 * 12
    table = kpi_table(engagement)
    assert len(table.periods) == 12
    assert sum(s.breaches for s in table.series) > 0
    open_actions = FollowUpAction.objects.filter(entry__engagement=engagement, done=False)
    assert open_actions.count() >= 2
    assert follow_up_counts(engagement, timezone.localdate()).overdue >= 1
    assert RaciRow.objects.filter(engagement=engagement).count() == 4
    assert EscalationLevel.objects.filter(engagement=engagement).count() == 3
    assert ExitPlan.objects.filter(engagement=engagement).exists()
    assert ExitTrigger.objects.filter(engagement=engagement).count() == 3
    assessment = exit_assessment(engagement, contract.start_date)
    assert assessment.capacity.notice_too_short
    # The service level slipped last month only: no exit condition is met yet.
    assert assessment.triggers_met == 0

    assert client.login(request=HttpRequest(), username="member", password="portal-demo")
    dashboard = client.get("/").text
    assert "Last day to give notice" in dashboard
    assert "Overdue follow-up actions" in dashboard and "Days late" in dashboard
    monitoring = client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    assert "test-call log for" in monitoring


@pytest.mark.django_db
def test_demo_vendor_is_on_watch_with_a_tier_and_a_review_next_month(client):
    from contracts import standing, standing_rules
    from contracts.monitoring.review_queries import cadence_for
    from vendors.diligence.models import Evidence

    call_command("seed_demo", stdout=io.StringIO())
    contract = Contract.objects.select_related("engagement", "candidate__vendor").get()
    engagement = contract.engagement
    today = timezone.localdate()
    found = standing.vendor_standing(engagement, today)
    assert found.level == standing.WATCH
    assert [r.code for r in found.reasons] == [standing_rules.SLA_BREACHED]
    assert found.reasons[0].text.startswith("SLA Service level (20 s) breached in ")
    cadence = cadence_for(contract, today)
    assert cadence.tier == 2 and cadence.tier_is_set and cadence.interval_months == 15
    next_month = standing_rules.months_back(today, -1)
    assert cadence.next_due == next_month
    certificate = Evidence.objects.get(
        item__checklist__candidate=contract.candidate, original_name__startswith="iso27001"
    )
    assert 0 < (certificate.expires_on - today).days <= 30

    assert client.login(request=HttpRequest(), username="manager", password="portal-demo")
    dashboard = client.get("/").text
    assert "Vendor standing:" in dashboard and "Watch" in dashboard
    assert f"Re-assessment of {contract.candidate.vendor} comes due" in dashboard
    assert "Evidence expiring" in dashboard and "iso27001-certificate-summary.pdf" in dashboard
    monitoring = client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    assert "How the standing is set" in monitoring
    assert "breached in " in monitoring and f"{next_month:%Y-%m-%d}" in monitoring
    page = client.get(engagement.get_absolute_url()).text
    assert "Vendor standing:" in page and "SLA Service level (20 s) breached in" in page


@pytest.mark.django_db
def test_demo_has_this_months_test_call_plan_partly_done_and_two_past_scorecards(client):
    from contracts.monitoring.plan_queries import plan_view
    from contracts.monitoring.test_call_scores import monthly_scores
    from portal.reports.models import Report
    from portal.reports.scorecard_actions import previous_month

    call_command("seed_demo", stdout=io.StringIO())
    engagement = Contract.objects.get().engagement
    month = timezone.localdate().replace(day=1)
    view = plan_view(engagement, month)
    assert view.planned == 10
    assert 0 < view.done < view.planned
    assert len(monthly_scores(engagement)) >= 5  # the trend beside the KPIs
    scorecards = Report.objects.filter(engagement=engagement, kind="scorecard")
    assert sorted(r.period for r in scorecards) == [
        previous_month(previous_month(month)),
        previous_month(month),
    ]
    assert client.login(request=HttpRequest(), username="manager", password="portal-demo")
    page = client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    assert f"{view.done} of 10</strong> planned calls done" in page
    assert "Test-call score by month" in page
    assert "Last month's scorecard now" in page
