"""Saved customer-base assessments are re-scored under the guide's rules (migration 0006)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("planning", "0005_us_spelling_help_text")]
AFTER = [("planning", "0006_rescore_customer_risk")]


@pytest.mark.django_db(transaction=True)
def test_expecting_minutes_no_longer_makes_an_offshore_assessment_high(engagement):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("planning", "CustomerAssessment")
    # Saved under the old rule: "minutes" offshore scored high, nothing else was.
    old.objects.create(
        engagement_id=engagement.pk,
        offshore=True,
        local_preference="none",
        language_risk={"email": "high"},
        response_expectation="minutes",
        data_residency="none",
        risk_level="high",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("planning", "CustomerAssessment")
    # E-mail rated high counts one level lower; the answer time is no factor.
    assert new.objects.get().risk_level == "medium"

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_western_europe_loses_its_made_up_ceiling_and_gets_it_back_on_reversal():
    before = [("planning", "0006_rescore_customer_risk")]
    after = [("planning", "0007_rate_card_floor_without_ceiling")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("planning", "RateCard")
    # As migration 0002 seeded it (a transactional test may have flushed the seed).
    old.objects.filter(region="western_europe", pricing_model="").delete()
    common = {"unit": "per_hour", "source": "guide", "effective_date": datetime.date(2024, 1, 1)}
    old.objects.create(
        region="western_europe",
        pricing_model="",
        low=40,
        high=40,
        notes='The source gives "40 and up": no upper figure.',
        **common,
    )
    # An administrator's own 40-40 figure is theirs: left alone.
    old.objects.create(region="western_europe", pricing_model="monthly", low=40, high=40, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("planning", "RateCard")
    row = new.objects.get(region="western_europe", pricing_model="")
    assert (row.low, row.high) == (40, None)
    assert new.objects.get(pricing_model="monthly").high == 40

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("planning", "RateCard")
    assert old.objects.get(region="western_europe", pricing_model="").high == 40

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_coverage_hours_become_open_hours_and_come_back_on_reversal(engagement):
    before = [("planning", "0007_rate_card_floor_without_ceiling")]
    after = [("planning", "0008_open_hours_profiles_and_targets")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("planning", "ChannelLine")
    coverage = {"inbound_phone": 70, "email": 45, "chat": 168, "social": 130}
    for channel, hours in coverage.items():
        old.objects.create(
            engagement_id=engagement.pk,
            channel=channel,
            contacts_per_month=100,
            handle_minutes=5,
            coverage_hours_per_week=hours,
            peak_hour_share_percent=2 if channel == "inbound_phone" else None,
        )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("planning", "ChannelLine")
    lines = {line.channel: line for line in new.objects.all()}
    weekday_7_to_21 = [d < 5 and 7 <= h < 21 for d in range(7) for h in range(24)]
    assert lines["inbound_phone"].open_hours == weekday_7_to_21
    assert lines["email"].open_hours == [d < 5 and 9 <= h < 18 for d in range(7) for h in range(24)]
    assert lines["chat"].open_hours == [True] * 168
    # 130 hours: the weekdays around the clock and Saturday 09:00-19:00 (10 hours).
    assert lines["social"].open_hours == [
        d < 5 or (d == 5 and 9 <= h < 19) for d in range(7) for h in range(24)
    ]
    assert {line.profile_kind for line in lines.values()} == {"flat"}
    assert lines["inbound_phone"].concurrency == 2

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("planning", "ChannelLine")
    assert {line.channel: line.coverage_hours_per_week for line in old.objects.all()} == coverage

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
