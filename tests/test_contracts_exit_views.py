"""The exit plan page (step 7): the plan, trigger conditions and transition steps."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.exit.queries import in_house_team
from contracts.models import ExitPlan, ExitTrigger
from tests.factories import QuoteFactory
from tests.factories_contracts import (
    ContractFactory,
    ExitTriggerFactory,
    KpiRecordFactory,
    SlaFactory,
    TransitionStepFactory,
)


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_exit_plan_warns_when_notice_is_too_short(member_client, engagement):
    ContractFactory(engagement=engagement, notice_period_days=30)
    response = member_client.post(
        url("exit-plan-edit", engagement),
        {
            "hiring_lead_days": "45",
            "training_lead_days": "30",
            "ramp_up_cost": "20000",
            "readiness": "not_ready",
        },
        follow=True,
    )
    assert ExitPlan.objects.count() == 1
    assert "the notice period is shorter than the time to bring the work back" in response.text
    assert "$30,000" in response.text  # 10,000 fee + 20,000 ramp-up


def test_exit_plan_bad_input(member_client, engagement):
    response = member_client.post(url("exit-plan-edit", engagement), {"hiring_lead_days": "-1"})
    assert response.status_code == 200 and "This field is required" in response.text
    assert ExitPlan.objects.count() == 0


def test_exit_trigger_from_kpis_and_transition_steps(member_client, engagement, member):
    sla = SlaFactory(engagement=engagement)
    for month, value in [(1, 70), (2, 70), (3, 70)]:
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(value))
    missing = member_client.post(
        url("exit-trigger-create", engagement), {"kind": "sla_breach_run", "months": "3"}
    )
    assert "Choose the SLA" in missing.text
    member_client.post(
        url("exit-trigger-create", engagement),
        {"kind": "sla_breach_run", "sla": sla.pk, "months": "3"},
    )
    member_client.post(
        url("transition-step-create", engagement),
        {"description": "Hire agents", "owner": member.pk, "due_date": "2025-09-01"},
    )
    page = member_client.get(url("exit-plan", engagement)).text
    assert "breached 3 month(s) running" in page and "Hire agents" in page
    assert "1 of 1 met" in page


def test_exit_plan_headline_is_the_headcount_to_hire_with_the_peak_agents_beside(
    member_client, engagement
):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    team = in_house_team(engagement)
    page = member_client.get(url("exit-plan", engagement)).text
    assert "Full-time agents to hire" in page
    assert re.search(
        rf"<strong[^>]*>{team.full_time_agents}</strong> full-time agents to hire", page
    )
    assert "Agents on the phones at the peak hour" in page
    assert f"{team.agents_on_phones} at once" in page
    assert team.full_time_agents > team.agents_on_phones


def test_exit_page_shows_each_trigger_as_met_not_met_or_why_it_cannot_be_checked(
    member_client, engagement
):
    sla = SlaFactory(engagement=engagement)
    for month in (1, 2, 3):
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(70))
    ContractFactory(engagement=engagement)
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=3)
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=4)
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit", assessed_met=True)
    page = member_client.get(url("exit-plan", engagement)).text
    assert page.count(">Met</span>") == 1
    assert page.count(">Not met</span>") == 1
    assert "Can&#x27;t be checked: the contract has no quote linked as its price schedule." in page
    assert "Team's assessment: <strong>met</strong>" in page
    assert "2 of 3 met" in page


def test_exit_page_query_count_with_every_kind_of_trigger(
    member_client, engagement, member, django_assert_max_num_queries
):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    contract = ContractFactory(engagement=engagement)
    contract.quote = QuoteFactory(candidate=contract.candidate, minimum_monthly=Decimal(500))
    contract.save()
    slas = [
        SlaFactory(engagement=engagement),
        SlaFactory(engagement=engagement, metric="csat", answer_within_seconds=None),
        SlaFactory(engagement=engagement, metric="quality", answer_within_seconds=None),
    ]
    for sla in slas:
        for month in range(1, 13):
            KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(70))
    for _ in range(5):
        for kind in ("cost_above_benefit", "poor_reviews", "low_volume", "poor_work", "other"):
            ExitTriggerFactory(engagement=engagement, kind=kind)
        ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=slas[0])
        TransitionStepFactory(engagement=engagement, owner=member)
    with django_assert_max_num_queries(13):
        response = member_client.get(url("exit-plan", engagement))
    assert response.text.count("Can&#x27;t be checked") == 5  # the five "other" conditions
    assert "30 of 30 met" not in response.text


def test_trigger_form_labels_the_sla_field_as_sla(member_client, engagement):
    response = member_client.get(url("exit-trigger-create", engagement))
    label = response.text.split('for="id_sla"', 1)[1].split("</label>", 1)[0]
    assert label.split(">", 1)[1].strip() == "SLA"


@pytest.mark.parametrize(
    ("name", "what"),
    [("exit-trigger-delete", "trigger condition"), ("transition-step-delete", "transition step")],
)
def test_deleting_from_the_exit_plan_asks_first(member_client, engagement, member, name, what):
    if name == "exit-trigger-delete":
        row = ExitTriggerFactory(engagement=engagement, description="Reviews below target")
        shown = "Reviews below target"
    else:
        row = TransitionStepFactory(engagement=engagement, owner=member)
        shown = "Post the job openings"
    delete_url = url(name, engagement, pk=row.pk)
    page = member_client.get(url("exit-plan", engagement)).text
    assert f'href="{delete_url}">Delete</a>' in page  # a link, not a one-click form
    confirm = member_client.get(delete_url)
    assert confirm.status_code == 200
    assert f"Delete {what}?" in confirm.text and shown in confirm.text
    assert f">Delete {what}</button>" in confirm.text
    assert "Cancel, keep it" in confirm.text
    assert type(row).objects.filter(pk=row.pk).exists()
    response = member_client.post(delete_url)
    assert response.status_code == 302
    assert not type(row).objects.filter(pk=row.pk).exists()


def test_a_watch_only_sla_cannot_trigger_an_exit_and_the_form_says_so(member_client, engagement):
    aht = SlaFactory(engagement=engagement, metric="aht", target=None, unit="s")
    response = member_client.post(
        url("exit-trigger-create", engagement),
        {"kind": "sla_breach_run", "sla": aht.pk, "months": "3"},
    )
    # The form offers only SLAs with a target, so a watch-only one is not a valid choice.
    assert "sla" in response.context["form"].errors
    assert ExitTrigger.objects.count() == 0


def test_a_missing_sla_is_shown_next_to_the_sla_field(member_client, engagement):
    response = member_client.post(
        url("exit-trigger-create", engagement), {"kind": "sla_breach_run", "months": "3"}
    )
    assert response.context["form"].errors["sla"] == [
        "Choose the SLA whose breaches trigger the exit."
    ]
    assert ExitTrigger.objects.count() == 0
