"""Typed quote currencies become ISO 4217 codes (migration 0005); one that names no
currency is left blank, and what was typed stays in the quote's notes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CandidateFactory

BEFORE = [("vendors", "0004_approval_open_critical_items")]
AFTER = [("vendors", "0005_quote_currency_from_list")]


@pytest.mark.django_db(transaction=True)
def test_typed_currencies_become_codes(engagement):
    candidate = CandidateFactory(engagement=engagement)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Quote = old.get_model("vendors", "Quote")
    for typed in ("usd", "$", "EUR", "zzz"):
        Quote.objects.create(
            candidate_id=candidate.pk,
            pricing_model="dedicated_per_hour",
            rate="12",
            unit="per_hour",
            currency=typed,
            notes="Team of 6",
        )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    quotes = new.get_model("vendors", "Quote").objects.order_by("pk")
    assert [q.currency for q in quotes] == ["USD", "USD", "EUR", ""]
    assert quotes[0].notes == "Team of 6"
    assert quotes[3].notes == ("Team of 6\nCurrency was typed as “zzz”; choose it from the list.")

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
