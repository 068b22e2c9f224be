"""Saved customer-base assessments are re-scored under the guide's rules (migration 0006)."""

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
