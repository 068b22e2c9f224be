"""Test calls timed in seconds keep a meaningful time when e-mail and social media
move to hours to reply (migration 0003)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CandidateFactory

BEFORE = [("diligence", "0002_seed_checklist_template")]
AFTER = [("diligence", "0003_test_call_time_per_channel")]


@pytest.mark.django_db(transaction=True)
def test_email_seconds_become_hours_and_phone_seconds_stay(engagement, member):
    candidate = CandidateFactory(engagement=engagement)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("diligence", "TestCall")
    common = {
        "candidate_id": candidate.pk,
        "called_at": datetime.datetime(2026, 3, 2, 15, tzinfo=datetime.UTC),
        "caller_id": member.pk,
        "scenario": "Refund",
        "handle_minutes": Decimal("5"),
        "courtesy": 4,
        "language_clarity": 4,
        "product_knowledge": 4,
    }
    old.objects.create(channel="inbound_phone", wait_seconds=45, **common)
    old.objects.create(channel="email", wait_seconds=3 * 3600 + 360, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("diligence", "TestCall")
    phone, email = new.objects.order_by("id")
    assert (phone.wait_seconds, phone.reply_hours) == (45, None)
    assert (email.wait_seconds, email.reply_hours) == (None, Decimal("3.1"))

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
