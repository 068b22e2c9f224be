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
