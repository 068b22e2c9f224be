"""The vendor's standing: the rules on hand-worked cases, and the batch read on real rows."""

import datetime
from decimal import Decimal

import pytest

from contracts import standing, standing_rules
from contracts.standing_rules import (
    AT_RISK,
    GOOD,
    WATCH,
    Reason,
    SlaFacts,
    level_of,
    score_fall,
    sla_reasons,
)
from tests.factories_contracts import (
    ContractFactory,
    ExitTriggerFactory,
    KpiRecordFactory,
    SlaFactory,
)
from tests.factories_diligence import ChecklistItemFactory, EvidenceFactory, TestCallFactory

TODAY = datetime.date(2026, 12, 2)


def _sla(latest, breached, running):
    return SlaFacts("Service level (20 s)", "≥ 80 %", latest, breached, running)


# --- Rules, worked by hand ----------------------------------------------------------


def test_no_reason_is_good():
    assert level_of([]) == GOOD


def test_one_breach_last_month_is_watch():
    reasons = sla_reasons([_sla(datetime.date(2026, 11, 1), True, 1)], TODAY)
    assert [r.code for r in reasons] == [standing_rules.SLA_BREACHED]
    assert reasons[0].text == "SLA Service level (20 s) breached in November 2026 (target ≥ 80 %)"
    assert level_of(reasons) == WATCH


def test_three_months_running_is_at_risk():
    reasons = sla_reasons([_sla(datetime.date(2026, 11, 1), True, 3)], TODAY)
    assert reasons[0].code == standing_rules.SLA_BREACH_RUN
    assert "breached 3 months running" in reasons[0].text
    assert level_of(reasons) == AT_RISK


def test_two_months_running_stays_watch():
    assert level_of(sla_reasons([_sla(datetime.date(2026, 12, 1), True, 2)], TODAY)) == WATCH


def test_an_old_breach_counts_no_more():
    # September's breach: the latest KPI is neither this month (December) nor last.
    assert sla_reasons([_sla(datetime.date(2026, 9, 1), True, 5)], TODAY) == []


def test_a_met_latest_month_is_no_reason():
    assert sla_reasons([_sla(datetime.date(2026, 11, 1), False, 0)], TODAY) == []


def test_two_watch_reasons_make_at_risk():
    reasons = [
        Reason(standing_rules.REASSESSMENT_OVERDUE, "x"),
        Reason(standing_rules.EVIDENCE_EXPIRED, "y"),
    ]
    assert level_of(reasons) == AT_RISK
    assert level_of(reasons[:1]) == WATCH


def test_exit_trigger_alone_is_at_risk():
    assert level_of([Reason(standing_rules.EXIT_TRIGGER_MET, "x")]) == AT_RISK


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # 72 in September, 58 in November: 14 points down over 3 months.
        ({(2026, 9): 72, (2026, 10): 65, (2026, 11): 58}, (72, 58)),
        # Exactly 10 points is the threshold.
        ({(2026, 10): 70, (2026, 12): 60}, (70, 60)),
        ({(2026, 10): 70, (2026, 12): 61}, None),
        # The month two before the latest has no score: nothing to compare.
        ({(2026, 11): 50, (2026, 12): 40}, None),
        # The latest score is from September: too old to say it is falling now.
        ({(2026, 7): 90, (2026, 9): 50}, None),
        ({}, None),
    ],
)
def test_score_fall(scores, expected):
    by_month = {datetime.date(y, m, 1): v for (y, m), v in scores.items()}
    assert score_fall(by_month, TODAY) == expected


def test_score_reason_text():
    by_month = {datetime.date(2026, 9, 1): 72, datetime.date(2026, 11, 1): 58}
    (reason,) = standing_rules.score_reason(by_month, TODAY)
    assert reason.text == "Test-call score falling (72 -> 58 over 3 months)"


# --- The batch read on rows ---------------------------------------------------------


@pytest.mark.django_db
def test_not_live_has_no_standing(engagement):
    assert standing.vendor_standing(engagement, TODAY) is None


@pytest.mark.django_db
def test_good_then_watch_then_at_risk(engagement):
    contract = ContractFactory(engagement=engagement)
    assert standing.vendor_standing(engagement, TODAY).level == GOOD
    sla = SlaFactory(engagement=engagement, target=Decimal("80"))
    KpiRecordFactory(sla=sla, period=datetime.date(2026, 11, 1), value=Decimal("75"))
    found = standing.vendor_standing(engagement, TODAY)
    assert found.level == WATCH
    assert found.reasons[0].text.startswith("SLA Service level (20 s) breached in November 2026")
    # Evidence that expired yesterday adds a second watch reason: at risk.
    item = ChecklistItemFactory(checklist__candidate=contract.candidate)
    EvidenceFactory(item=item, original_name="iso27001.pdf", expires_on=datetime.date(2026, 12, 1))
    found = standing.vendor_standing(engagement, TODAY)
    assert found.level == AT_RISK
    assert "Evidence expired: iso27001.pdf (on December 1, 2026)" in [r.text for r in found.reasons]


@pytest.mark.django_db
def test_exit_trigger_met_on_the_kpis(engagement):
    ContractFactory(engagement=engagement)
    sla = SlaFactory(engagement=engagement, metric="csat", target=Decimal("85"))
    for month in (9, 10, 11):
        KpiRecordFactory(sla=sla, period=datetime.date(2026, month, 1), value=Decimal("70"))
    ExitTriggerFactory(engagement=engagement, kind="poor_reviews", months=3)
    found = standing.vendor_standing(engagement, TODAY)
    texts = [r.text for r in found.reasons]
    assert found.level == AT_RISK
    assert "Exit trigger met: Poor customer reviews" in texts
    assert any("breached 3 months running" in t for t in texts)


@pytest.mark.django_db
def test_falling_test_calls(engagement):
    contract = ContractFactory(engagement=engagement)
    for month, score in ((9, 5), (11, 2)):
        TestCallFactory(
            candidate=contract.candidate,
            called_at=datetime.datetime(2026, month, 10, 15, tzinfo=datetime.UTC),
            courtesy=score,
            language_clarity=score,
            product_knowledge=score,
        )
    found = standing.vendor_standing(engagement, TODAY)
    assert found.level == WATCH
    assert found.reasons[0].text.startswith("Test-call score falling (")


@pytest.mark.django_db
def test_batch_reads_in_fixed_queries(django_assert_max_num_queries, team, member):
    from tests.factories import EngagementFactory

    engagements = []
    for _ in range(4):
        e = EngagementFactory(team=team, owner=member)
        ContractFactory(engagement=e)
        sla = SlaFactory(engagement=e)
        KpiRecordFactory(sla=sla, period=datetime.date(2026, 11, 1), value=Decimal("70"))
        ExitTriggerFactory(engagement=e, kind="low_volume")
        engagements.append(e)
    with django_assert_max_num_queries(standing.STANDING_QUERIES):
        found = standing.standings_for(engagements, TODAY)
    assert {s.level for s in found.values()} == {WATCH}


# --- Pages: never a stale figure ----------------------------------------------------


@pytest.mark.django_db
def test_pages_follow_a_changed_input(member_client, member, engagement):
    from django.urls import reverse
    from django.utils import timezone

    from contracts.monitoring import actions as monitoring_actions
    from contracts.report import monitoring_section

    ContractFactory(engagement=engagement)
    sla = SlaFactory(engagement=engagement, target=Decimal("80"))
    last_month = standing_rules.months_back(timezone.localdate(), 1)
    monitoring_url = reverse("contracts:monitoring", args=[engagement.pk])

    def record(value):
        monitoring_actions.kpi_record_month(
            user=member,
            engagement=engagement,
            data=monitoring_actions.KpiMonthInput(period=last_month, values={sla.pk: value}),
        )

    record(Decimal("85"))
    assert 'Vendor standing: <span class="badge text-bg-success">Good' in (
        member_client.get(monitoring_url).text
    )
    record(Decimal("75"))  # the same month, now breached
    reason = f"SLA Service level (20 s) breached in {last_month:%B %Y}"
    for url in (monitoring_url, engagement.get_absolute_url(), "/"):
        page = member_client.get(url).text
        assert reason in page, url
        assert "Watch" in page
    section = monitoring_section(engagement)
    assert section.summary.startswith(f"Vendor standing Watch: {reason}")
    assert section.context["standing"].level == WATCH
    record(Decimal("81"))
    assert reason not in member_client.get(monitoring_url).text


@pytest.mark.django_db
def test_dashboard_due_panel_bound_with_many_live_engagements(
    member_client, team, member, django_assert_max_num_queries
):
    from contracts.due import DUE_PANEL_QUERIES
    from tests.factories import EngagementFactory

    for _ in range(12):
        e = EngagementFactory(team=team, owner=member)
        contract = ContractFactory(engagement=e, start_date=datetime.date(2025, 12, 20))
        item = ChecklistItemFactory(checklist__candidate=contract.candidate)
        EvidenceFactory(item=item, expires_on=datetime.date.today())
    with django_assert_max_num_queries(8 + DUE_PANEL_QUERIES + standing.STANDING_QUERIES):
        page = member_client.get("/").text
    assert "Evidence expiring" in page or "Evidence expired" in page
