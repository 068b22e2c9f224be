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
    assert assessment.triggers_met == 1  # service level breached three months running

    assert client.login(request=HttpRequest(), username="member", password="portal-demo")
    dashboard = client.get("/").text
    assert "Last day to give notice" in dashboard
    assert "Overdue follow-up actions" in dashboard and "Days late" in dashboard
    monitoring = client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    assert "test-call log for" in monitoring
