"""The test-call plan's pages: the month's plan with its coverage, making it, the number
a month, and logging a planned call."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import PlannedCall, TestCallPlan, TestCallTarget
from contracts.monitoring import plan_actions
from contracts.monitoring.plan_queries import TEST_CALL_QUERIES
from contracts.monitoring.review_queries import CADENCE_QUERIES
from contracts.standing import STANDING_QUERIES
from portal import week
from portal.models import Engagement
from tests.factories import MembershipFactory
from tests.factories_contracts import ContractFactory
from tests.factories_diligence import TestCallFactory
from tests.factories_planning import ChannelLineFactory
from vendors.diligence.models import TestCall

# The plan page, whatever the number of planned calls: the session and user, the
# engagement, its liveness, the number a month, the plan, its calls, the vendor's calls.
PLAN_PAGE_QUERIES = 10
# The monitoring page: as tests/test_contracts_monitoring_views.py counts it.
MONITORING_PAGE_QUERIES = 12 + STANDING_QUERIES + CADENCE_QUERIES + TEST_CALL_QUERIES


@pytest.fixture
def live(engagement):
    ContractFactory(engagement=engagement)
    Engagement.objects.filter(pk=engagement.pk).update(status=Engagement.Status.LIVE)
    ChannelLineFactory(engagement=engagement, open_hours=list(week.ALL_WEEK))
    engagement.refresh_from_db()
    return engagement


def _url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def test_a_member_makes_this_months_plan_and_sees_it(live, member_client):
    page = member_client.get(_url("test-call-plan", live)).text
    assert "Make this month's plan" in page
    response = member_client.post(_url("test-call-plan-generate", live), follow=True)
    assert "10 planned calls" in response.text
    assert "0 of 10</strong> planned calls done" in response.text
    again = member_client.post(_url("test-call-plan-generate", live), follow=True)
    assert "already made; nothing changed" in again.text
    assert TestCallPlan.objects.count() == 1


def test_before_go_live_the_page_says_so(engagement, member_client):
    page = member_client.get(_url("test-call-plan", engagement)).text
    assert "start after go-live" in page
    response = member_client.post(_url("test-call-plan-generate", engagement), follow=True)
    assert "start after go-live" in response.text
    assert not TestCallPlan.objects.exists()


def test_the_plan_page_runs_a_fixed_number_of_queries(
    live, member_client, team, django_assert_max_num_queries
):
    for _ in range(5):
        MembershipFactory(team=team)
    TestCallTarget.objects.create(engagement=live, calls_per_month=60)
    plan, _ = plan_actions.test_call_plan_generate(
        engagement=live, month=timezone.localdate().replace(day=1)
    )
    for _ in range(8):
        TestCallFactory(candidate=live.contract.candidate, called_at=timezone.now())
    with django_assert_max_num_queries(PLAN_PAGE_QUERIES):
        page = member_client.get(_url("test-call-plan", live)).text
    assert "8 of 60</strong>" in page
    assert page.count("<tr>") == 25 + 1  # a page of planned calls and the header
    assert "Page 1 of 3" in page
    with django_assert_max_num_queries(MONITORING_PAGE_QUERIES):
        monitoring = member_client.get(_url("monitoring", live)).text
    assert "8 of 60</strong> planned calls done (13%)" in monitoring


def test_a_bad_number_a_month_is_named_and_kept(live, member_client):
    response = member_client.post(
        _url("test-call-target-edit", live), {"calls_per_month": "12\x00"}
    )
    assert response.status_code == 200
    response = member_client.post(_url("test-call-target-edit", live), {"calls_per_month": "0"})
    assert response.status_code == 200
    assert "Test calls a month" in response.text
    assert not TestCallTarget.objects.exists()
    response = member_client.post(
        _url("test-call-target-edit", live), {"calls_per_month": "6"}, follow=True
    )
    assert "applies to the next plan" in response.text
    assert TestCallTarget.objects.get().calls_per_month == 6


def test_logging_a_planned_call_saves_the_test_call_and_marks_it_done(live, member, member_client):
    plan, _ = plan_actions.test_call_plan_generate(
        engagement=live, month=timezone.localdate().replace(day=1)
    )
    planned = plan.calls.first()
    url = _url("planned-call-log", live, pk=planned.pk)
    page = member_client.get(url).text
    assert "Log a planned test call" in page
    bad = member_client.post(url, {"channel": "inbound_phone", "scenario": "x" * 301})
    assert bad.status_code == 200
    assert not TestCall.objects.exists()
    when = timezone.localtime().replace(second=0, microsecond=0)
    response = member_client.post(
        url,
        {
            "called_at": when.strftime("%Y-%m-%dT%H:%M"),
            "caller": member.pk,
            "channel": "inbound_phone",
            "scenario": "Where is my order?",
            "wait_seconds": "40",
            "handle_minutes": "6",
            "resolved_first_contact": "yes",
            "courtesy": "4",
            "language_clarity": "5",
            "product_knowledge": "4",
        },
        follow=True,
    )
    assert "the planned call is done" in response.text
    planned.refresh_from_db()
    assert planned.test_call == TestCall.objects.get()
    assert "1 of 10</strong>" in response.text
    assert member_client.get(url, follow=True).redirect_chain  # done: back to the plan


def test_another_engagements_planned_call_is_404(live, member_client, engagement):
    plan, _ = plan_actions.test_call_plan_generate(
        engagement=live, month=timezone.localdate().replace(day=1)
    )
    other = ContractFactory().engagement
    url = reverse(
        "contracts:planned-call-log",
        kwargs={"engagement_pk": other.pk, "pk": PlannedCall.objects.first().pk},
    )
    assert member_client.get(url).status_code == 404


def test_an_sla_on_the_test_call_score_flags_a_month_below_its_target(live, member_client):
    from contracts.models import Sla
    from contracts.monitoring.queries import kpi_table

    Sla.objects.create(
        engagement=live,
        metric="test_call_score",
        target=Decimal("80"),
        direction="higher",
        unit="pts",
    )
    month = timezone.localdate().replace(day=1)
    TestCallFactory(
        candidate=live.contract.candidate,
        called_at=timezone.now(),
        courtesy=2,
        language_clarity=2,
        product_knowledge=2,
        resolved_first_contact=False,
    )
    table = kpi_table(live)
    (series,) = table.series
    assert [(p, b) for p, _, b in series.points] == [(month, True)]
    assert series.latest < 80
    page = member_client.get(_url("monitoring", live)).text
    assert "held to its SLA (≥ 80 pts)" in page
    # Worked out, never typed in: the month form and the import leave it out.
    form = member_client.get(_url("kpi-record", live)).text
    assert "Test-call score" not in form
