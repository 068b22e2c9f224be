"""Steps 5-6 through the API: contract dates, SLAs with their standing, KPI months and
the liaison log written through the site's forms and actions (same messages, same
audit history, same figures on the site's pages)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from contracts.models import FollowUpAction, KpiRecord, LiaisonEntry
from tests.api_helpers import call, token_for
from tests.factories_contracts import (
    ContractFactory,
    FollowUpActionFactory,
    KpiRecordFactory,
    LiaisonEntryFactory,
    SlaFactory,
)


@pytest.fixture
def raw(member):
    return token_for(member)


def _url(engagement, tail):
    return f"/api/v1/engagements/{engagement.pk}/{tail}"


@pytest.fixture
def slas(engagement):
    return [
        SlaFactory(engagement=engagement),  # service level >= 80 %
        SlaFactory(
            engagement=engagement,
            metric="abandoned",
            target=Decimal("5"),
            direction="lower",
            answer_within_seconds=None,
        ),
    ]


def test_a_kpi_month_posted_shows_on_the_monitoring_page(
    client, member_client, raw, engagement, slas, member
):
    body = {"period": "2025-03", "values": {"service_level": "71.5", "abandoned": 3}}
    response = call(client, "post", _url(engagement, "kpis/"), raw, body)
    assert response.status_code == 201
    result = response.json()
    assert (result["period"], result["recorded"]) == ("2025-03", 2)
    standing = {s["metric"]: s for s in result["slas"]}
    assert standing["service_level"]["consecutive_breaches"] == 1
    assert standing["abandoned"]["breaches"] == 0
    page = member_client.get(reverse("contracts:monitoring", args=[engagement.pk]))
    table = page.context["table"]
    assert table.rows[0][0] == datetime.date(2025, 3, 1)
    assert [value for value, _ in table.rows[0][1]] == [Decimal("71.5"), Decimal("3")]
    assert "71.5" in page.text
    record = KpiRecord.objects.get(sla=slas[0])
    assert record.recorded_by == member
    assert LogEntry.objects.get_for_object(record).get().actor == member


def test_posting_the_month_again_replaces_it(client, raw, engagement, slas):
    url = _url(engagement, "kpis/")
    call(client, "post", url, raw, {"period": "2025-03", "values": {"service_level": 70}})
    call(client, "post", url, raw, {"period": "2025-03", "values": {"service_level": 85}})
    assert list(KpiRecord.objects.values_list("value", flat=True)) == [Decimal("85")]


def test_kpi_records_list_with_their_breaches(client, raw, engagement, slas):
    KpiRecordFactory(sla=slas[0], period=datetime.date(2025, 1, 1), value=Decimal("75"))
    KpiRecordFactory(sla=slas[0], period=datetime.date(2025, 2, 1), value=Decimal("90"))
    body = call(client, "get", _url(engagement, "kpis/?month_from=2025-02"), raw).json()
    assert [(r["month"], r["value"], r["breached"]) for r in body["results"]] == [
        ("2025-02", "90.00", False)
    ]
    everything = call(client, "get", _url(engagement, "kpis/"), raw).json()
    assert [r["breached"] for r in everything["results"]] == [True, False]


def test_a_value_out_of_range_is_named_by_its_metric(client, raw, engagement, slas):
    body = {"period": "2025-03", "values": {"service_level": 140}}
    response = call(client, "post", _url(engagement, "kpis/"), raw, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"] == {
        "values.service_level": ["Enter 100 or less."]  # the month form's own message
    }
    assert not KpiRecord.objects.exists()


def test_a_metric_without_sla_and_a_bad_month_are_refused(client, raw, engagement, slas):
    url = _url(engagement, "kpis/")
    response = call(client, "post", url, raw, {"period": "2025-03", "values": {"csat": 90}})
    assert response.json()["error"]["fields"] == {
        "values.csat": ["The contract has no SLA for this metric."]
    }
    month = call(client, "post", url, raw, {"period": "March", "values": {"service_level": 90}})
    assert list(month.json()["error"]["fields"]) == ["period"]
    assert not KpiRecord.objects.exists()


def test_a_month_to_come_is_refused_by_the_action(client, raw, engagement, slas):
    body = {"period": "2999-01", "values": {"service_level": 90}}
    response = call(client, "post", _url(engagement, "kpis/"), raw, body)
    assert response.status_code == 400
    assert "No KPIs can be recorded for" in response.json()["error"]["fields"]["period"][0]


def test_no_slas_no_kpis(client, raw, engagement):
    body = {"period": "2025-03", "values": {}}
    response = call(client, "post", _url(engagement, "kpis/"), raw, body)
    assert response.json()["error"]["message"] == "Add the contract's SLAs before recording KPIs."


def test_a_body_that_is_not_an_object_is_refused(client, raw, engagement, slas):
    response = call(client, "post", _url(engagement, "kpis/"), raw, ["2025-03"])
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["Send a JSON object."]}


def test_the_sla_list_gives_the_standing(client, raw, engagement, slas):
    KpiRecordFactory(sla=slas[0], period=datetime.date(2025, 1, 1), value=Decimal("75"))
    body = call(client, "get", _url(engagement, "slas/"), raw).json()
    standing = {s["metric"]: s for s in body}
    assert standing["service_level"]["breaches"] == 1
    assert standing["service_level"]["target_text"] == "≥ 80 %"


def test_contract_key_dates(client, raw, engagement):
    ContractFactory(engagement=engagement, start_date=datetime.date(2025, 1, 1))
    body = call(client, "get", _url(engagement, "contract/"), raw).json()
    assert body["start_date"] == "2025-01-01" and body["notice_period_days"] == 90
    assert body["upcoming"] and body["current_term"]["number"] >= 1


def test_no_contract_is_404(client, raw, engagement):
    response = call(client, "get", _url(engagement, "contract/"), raw)
    assert response.json()["error"]["message"] == "No contract is recorded for this engagement."


ENTRY = {
    "kind": "escalation",
    "date": "2025-03-04",
    "participants": "Vendor ops lead",
    "summary": "Abandoned calls above target.",
}


def test_a_liaison_entry_is_logged_and_changed(client, raw, engagement, member):
    created = call(client, "post", _url(engagement, "liaison-entries/"), raw, ENTRY)
    assert created.status_code == 201
    entry = LiaisonEntry.objects.get()
    assert (entry.kind, entry.created_by) == ("escalation", member)
    changed = call(
        client,
        "put",
        _url(engagement, f"liaison-entries/{entry.pk}/"),
        raw,
        ENTRY | {"summary": "Fixed."},
    )
    assert changed.json()["summary"] == "Fixed."
    assert LogEntry.objects.get_for_object(entry).count() == 2


def test_a_liaison_entry_with_bad_fields_names_them(client, raw, engagement):
    body = ENTRY | {"kind": "party", "participants": "a\nb", "date": None}
    response = call(client, "post", _url(engagement, "liaison-entries/"), raw, body)
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"kind", "participants", "date"}
    assert not LiaisonEntry.objects.exists()


def test_a_nested_value_is_refused(client, raw, engagement):
    body = ENTRY | {"summary": {"text": "x"}}
    response = call(client, "post", _url(engagement, "liaison-entries/"), raw, body)
    assert response.json()["error"]["fields"] == {
        "summary": ["Give one value, not a list or an object."]
    }


def test_follow_up_actions_are_added_and_marked_done(client, raw, engagement, member, outsider):
    entry = LiaisonEntryFactory(engagement=engagement)
    url = _url(engagement, f"liaison-entries/{entry.pk}/follow-up-actions/")
    body = {"description": "Send recordings", "owner": member.pk, "due_date": "2025-04-01"}
    created = call(client, "post", url, raw, body)
    assert created.status_code == 201
    action = FollowUpAction.objects.get()
    done = call(
        client, "patch", _url(engagement, f"follow-up-actions/{action.pk}/"), raw, {"done": True}
    )
    assert done.json()["done"] is True
    action.refresh_from_db()
    assert action.done and action.done_at
    outsider_owner = call(client, "post", url, raw, body | {"owner": outsider.pk})
    assert list(outsider_owner.json()["error"]["fields"]) == ["owner"]
    assert FollowUpAction.objects.count() == 1


def test_done_must_be_a_boolean(client, raw, engagement, member):
    action = FollowUpActionFactory(entry=LiaisonEntryFactory(engagement=engagement), owner=member)
    url = _url(engagement, f"follow-up-actions/{action.pk}/")
    response = call(client, "patch", url, raw, {"done": "perhaps"})
    assert list(response.json()["error"]["fields"]) == ["done"]


def test_lists_run_a_fixed_number_of_queries(
    client, raw, engagement, slas, member, django_assert_max_num_queries
):
    for month in range(1, 13):
        for sla in slas:
            KpiRecordFactory(sla=sla, period=datetime.date(2024, month, 1))
    for _ in range(15):
        entry = LiaisonEntryFactory(engagement=engagement)
        FollowUpActionFactory(entry=entry, owner=member)
        FollowUpActionFactory(entry=entry, owner=member)
    for tail in ("kpis/?page_size=100", "liaison-entries/?page_size=100", "follow-up-actions/"):
        with django_assert_max_num_queries(9):
            response = call(client, "get", _url(engagement, tail), raw)
        assert response.json()["count"] in (24, 15, 30)
    with django_assert_max_num_queries(9):
        call(client, "get", _url(engagement, "slas/"), raw)


def test_open_follow_up_actions_filter(client, raw, engagement, member):
    entry = LiaisonEntryFactory(engagement=engagement)
    FollowUpActionFactory(entry=entry, owner=member, description="Open one")
    FollowUpActionFactory(entry=entry, owner=member, description="Done one", done=True)
    body = call(client, "get", _url(engagement, "follow-up-actions/?done=false"), raw).json()
    assert [a["description"] for a in body["results"]] == ["Open one"]
