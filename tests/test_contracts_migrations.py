"""A contract document's stored name survives its move to a FileField (migration 0002)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CandidateFactory

BEFORE = [("contracts", "0001_initial")]
AFTER = [("contracts", "0002_contractdocument_file")]


@pytest.mark.django_db(transaction=True)
def test_existing_documents_keep_their_stored_file(engagement, member):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    contract = old.get_model("contracts", "Contract").objects.create(
        engagement_id=engagement.pk,
        candidate_id=candidate.pk,
        start_date="2025-01-01",
        initial_term_months=12,
        notice_period_days=90,
        recorded_by_id=member.pk,
    )
    old.get_model("contracts", "ContractDocument").objects.create(
        contract=contract,
        title="Signed contract",
        storage_name="contracts/1/0f3c.pdf",
        original_name="signed.pdf",
        content_type="application/pdf",
        kind="PDF document",
        size=9,
        uploaded_by_id=member.pk,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    document = new.get_model("contracts", "ContractDocument").objects.get()
    assert document.file.name == "contracts/1/0f3c.pdf"
    assert document.title == "Signed contract"

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
