"""The monitoring page, the SLA's save and the report: queue SLAs against step 2's plan."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse

from contracts.monitoring.plan_queries import TEST_CALL_QUERIES
from contracts.monitoring.queries import PLAN_CHECK_QUERIES
from contracts.monitoring.review_queries import CADENCE_QUERIES
from contracts.report import monitoring_section
from contracts.standing import STANDING_QUERIES
from portal import cost_inputs
from portal.planning import queries as planning_queries
from portal.planning.models import ChannelLine
from tests.factories_contracts import SlaFactory
from tests.factories_planning import scoped_engagement


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def phone_plan(engagement):
    """The step-2 plan of the engagement's inbound phone line, as the cost model has it."""
    workload = planning_queries.workload(engagement)
    return workload.plan(cost_inputs.INBOUND_PHONE)


def with_patience(engagement, seconds=90):
    ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").update(
        patience_seconds=seconds
    )


def test_abandoned_sla_against_the_plan_with_patience(member_client, engagement):
    scoped_engagement(engagement)
    with_patience(engagement)
    plan = phone_plan(engagement)
    expected = round(plan.abandon_rate * 100, 1)
    assert 0 < expected < 10  # 9,000 calls a month, 90 s patience, sized to 80% in 20 s
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=Decimal("10"))
    page = member_client.get(url("monitoring", engagement)).text
    assert f"Staffing plan: {expected:.1f}%" in page
    assert (
        f"The plan expects {expected:.1f}% abandoned on inbound phone; this SLA&#x27;s 10% is "
        "within what the plan delivers." in page
    )

    strict = Decimal(str(expected)) - Decimal("0.5")
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "asa", "target": "5", "direction": "lower", "unit": "s"},
    )
    assert response.status_code == 302
    edit = engagement.slas.get(metric="abandoned")
    response = member_client.post(
        url("sla-edit", engagement, pk=edit.pk),
        {"metric": "abandoned", "target": str(strict), "direction": "lower", "unit": "%"},
        follow=True,
    )
    page = response.text
    # The save's message and the list say the same: stricter than the plan delivers.
    sentence = (
        f"The plan expects {expected:.1f}% abandoned on inbound phone; this SLA allows "
        f"{strict.normalize():f}%: the vendor needs more agents than step 2 sized, or the "
        "target will be breached."
    )
    assert page.count(sentence) == 2
    assert "stricter than the plan" in page
    # The speed of answer is not worked out where callers hang up.
    assert "worked out only where callers never hang up" in page


def test_service_level_sla_at_its_own_seconds(member_client, engagement):
    scoped_engagement(engagement)
    plan = phone_plan(engagement)
    level = plan.service_level * 100
    assert level >= 80  # each hour sized to at least 80% in 20 s
    SlaFactory(engagement=engagement, target=Decimal("80"), answer_within_seconds=20)
    page = member_client.get(url("monitoring", engagement)).text
    assert f"Staffing plan: {level:.1f}%" in page
    assert f"The plan answers {level:.1f}% within 20 s on inbound phone" in page
    assert "within what the plan delivers" in page
    # No patience in step 1: abandoned calls cannot be checked, the page says where to add it.
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=5)
    page = member_client.get(url("monitoring", engagement)).text
    assert (
        "Give the callers&#x27; average patience on inbound phone in step 1 to check "
        "abandoned calls against the plan." in page
    )
    assert reverse("planning:scope-detail", kwargs={"engagement_pk": engagement.pk}) in page


def test_a_change_of_the_scope_moves_the_figure(member_client, member, engagement):
    """The figure is cached per version of the engagement: a scope change is seen at once."""
    scoped_engagement(engagement)
    with_patience(engagement, 90)
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=5)
    before = round(phone_plan(engagement).abandon_rate * 100, 1)
    assert f"Staffing plan: {before:.1f}%" in member_client.get(url("monitoring", engagement)).text
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    line.patience_seconds = 20
    line.save()  # audited: bumps the engagement's version
    after = round(phone_plan(engagement).abandon_rate * 100, 1)
    assert after != before
    page = member_client.get(url("monitoring", engagement)).text
    assert f"Staffing plan: {after:.1f}%" in page and f"Staffing plan: {before:.1f}%" not in page


def test_without_a_scope_the_sla_asks_for_one(member_client, engagement):
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=5)
    page = member_client.get(url("monitoring", engagement)).text
    assert "Scope the phone or chat volumes in step 1 to check this SLA against the plan." in page


def test_query_count_with_the_plan_checks(member_client, engagement, django_assert_max_num_queries):
    scoped_engagement(engagement)
    with_patience(engagement)
    for metric, unit in (("abandoned", "%"), ("service_level", "%"), ("asa", "s")):
        SlaFactory(engagement=engagement, metric=metric, unit=unit, target=Decimal("5"))
    bound = 12 + STANDING_QUERIES + CADENCE_QUERIES + TEST_CALL_QUERIES
    with django_assert_max_num_queries(bound + PLAN_CHECK_QUERIES):
        first = member_client.get(url("monitoring", engagement))
    # The second view finds the figures in the cache: no planning query, no staffing math.
    with django_assert_max_num_queries(bound):
        second = member_client.get(url("monitoring", engagement))
    assert first.text.count("Staffing plan: ") == second.text.count("Staffing plan: ") >= 2


def test_the_report_section_shows_the_plan(engagement):
    scoped_engagement(engagement)
    with_patience(engagement)
    expected = round(phone_plan(engagement).abandon_rate * 100, 1)
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=Decimal("0.1"))
    section = monitoring_section(engagement)
    html = render_to_string(section.template, section.context)
    assert f"Staffing plan: {expected:.1f}% ✗" in html
    assert "this SLA allows 0.1%: the vendor needs more agents than step 2 sized" in html
