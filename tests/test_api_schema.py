"""Contract tests generated from the OpenAPI schema, against a live test server: every
operation, a bounded number of generated requests each (once with any ids, once with the
engagement's own so real rows answer), and no response may be a 500 or break the schema
(status codes, content types, bodies).

Requested reports are not rendered here. The KPI feed is called with a feed token (issued
as the monitoring page issues it), the rest with a personal one.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api_helpers import token_for
from tests.factories import CandidateFactory
from tests.factories_contracts import ContractFactory, LiaisonEntryFactory, SlaFactory
from tests.factories_diligence import ChecklistFactory, ChecklistItemFactory, TestCallFactory
from tests.factories_planning import scoped_engagement

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8


def _check(strategy, base_url: str, headers: dict) -> None:
    """Call ``EXAMPLES`` generated requests of one operation and check each response."""

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    run()


def _world(engagement, member):
    scoped_engagement(engagement)
    contract = ContractFactory(engagement=engagement)
    candidate = contract.candidate
    CandidateFactory(engagement=engagement)
    ChecklistItemFactory(checklist=ChecklistFactory(candidate=candidate), answer="yes")
    TestCallFactory(candidate=candidate)
    SlaFactory(engagement=engagement)
    LiaisonEntryFactory(engagement=engagement)
    return {"engagement_pk": engagement.pk, "candidate_pk": candidate.pk}


def test_the_api_keeps_its_schema(
    transactional_db, live_server, engagement, member, feed, monkeypatch
):
    # A requested report stays queued: rendering PDFs of generated text inline would
    # take the test's time (the reports' own tests render them).
    monkeypatch.setattr("portal.reports.actions._send", lambda report_id: None)
    ids = _world(engagement, member)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    personal = {"Authorization": f"Bearer {token_for(member)}"}
    feeding = {"Authorization": f"Bearer {feed.raw}"}
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = feeding if operation.path.endswith("/feeds/kpis") else personal
        names = {p.name for p in operation.iter_parameters() if p.location == "path"}
        for pinned in (None, {k: v for k, v in ids.items() if k in names} or None):
            _check(operation.as_strategy(path_parameters=pinned), live_server.url, headers)
            checked += 1
    assert checked >= 24  # every operation, most of them twice
