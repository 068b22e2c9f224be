"""Engagements and steps 1-4 through the API: lists filtered and paged in a fixed number
of queries, details with each step's state, ETags, and the figures the pages show."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.models import Engagement
from tests.api_helpers import call, token_for
from tests.factories import CandidateFactory, EngagementFactory
from tests.factories_diligence import ChecklistFactory, ChecklistItemFactory, TestCallFactory
from tests.factories_planning import scoped_engagement

LIST_URL = "/api/v1/engagements/"


@pytest.fixture
def raw(member):
    return token_for(member)


def _detail(engagement, tail=""):
    return f"/api/v1/engagements/{engagement.pk}/{tail}"


def test_the_list_holds_only_the_users_teams(client, raw, engagement, other_team):
    EngagementFactory(team=other_team, title="Finance back office")
    body = call(client, "get", LIST_URL, raw).json()
    assert body["count"] == 1
    assert body["results"][0] | {"updated_at": None, "created_at": None} == {
        "id": engagement.pk,
        "title": "Outsource tier-1 phone support",
        "description": engagement.description,
        "team": "Customer Care",
        "owner": engagement.owner.get_full_name() or engagement.owner.username,
        "status": "scoping",
        "status_label": "Scoping",
        "created_at": None,
        "updated_at": None,
    }


def test_the_list_filters_by_status_and_date(client, raw, engagement, team, member):
    live = EngagementFactory(team=team, owner=member, status=Engagement.Status.LIVE)
    old = EngagementFactory(team=team, owner=member, title="Old one")
    Engagement.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=40)
    )
    by_status = call(client, "get", f"{LIST_URL}?status=live", raw).json()
    assert [e["id"] for e in by_status["results"]] == [live.pk]
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    recent = call(client, "get", f"{LIST_URL}?updated_after={since}", raw).json()
    assert {e["id"] for e in recent["results"]} == {engagement.pk, live.pk}
    before = call(client, "get", f"{LIST_URL}?updated_before={since}", raw).json()
    assert [e["id"] for e in before["results"]] == [old.pk]


def test_a_bad_filter_is_a_400_naming_the_field(client, raw, engagement):
    response = call(client, "get", f"{LIST_URL}?status=nonsense&updated_after=soon", raw)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"status", "updated_after"}


def test_pages_are_capped(client, raw, team, member):
    for _ in range(3):
        EngagementFactory(team=team, owner=member)
    first = call(client, "get", f"{LIST_URL}?page_size=2", raw).json()
    assert (first["count"], len(first["results"])) == (3, 2) and first["next"]
    capped = call(client, "get", f"{LIST_URL}?page_size=100000", raw).json()
    assert len(capped["results"]) == 3
    beyond = call(client, "get", f"{LIST_URL}?page=9", raw)
    assert beyond.status_code == 404 and beyond.json()["error"]["code"] == "not_found"


def test_the_list_runs_a_fixed_number_of_queries(
    client, raw, team, member, django_assert_max_num_queries
):
    for _ in range(30):
        EngagementFactory(team=team, owner=member)
    with django_assert_max_num_queries(6):
        response = call(client, "get", f"{LIST_URL}?page_size=100", raw)
    assert len(response.json()["results"]) == 30


def test_the_detail_gives_each_steps_state(client, raw, engagement):
    scoped_engagement(engagement)
    body = call(client, "get", _detail(engagement), raw).json()
    steps = {s["key"]: s for s in body["steps"]}
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4, 5, 6, 7]
    assert steps["scope"]["state"] == "complete"
    assert steps["exit"]["state"] == "not_started" and steps["exit"]["state_label"]


def test_a_detail_read_has_an_etag_and_answers_304_when_unchanged(client, raw, engagement):
    first = call(client, "get", _detail(engagement), raw)
    etag = first["ETag"]
    again = call(client, "get", _detail(engagement), raw, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    Engagement.objects.filter(pk=engagement.pk).update(title="Renamed")
    changed = call(client, "get", _detail(engagement), raw, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["title"] == "Renamed"
    assert changed["ETag"] != etag


def test_another_teams_engagement_is_404_with_the_error_body(client, outsider, engagement):
    response = call(client, "get", _detail(engagement), token_for(outsider))
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "No such engagement.", "fields": {}}
    }


def test_the_scope_and_the_cost_case(client, raw, engagement):
    scoped_engagement(engagement)
    scope = call(client, "get", _detail(engagement, "scope/"), raw).json()
    assert scope["filled"] is True
    assert sorted(line["channel"] for line in scope["channels"]) == ["email", "inbound_phone"]
    email = next(line for line in scope["channels"] if line["channel"] == "email")
    assert len(email["open_hours"]) == 168 and sum(email["open_hours"]) == 45
    assert (email["profile_kind"], email["profile"], email["patience_seconds"]) == (
        "flat",
        None,
        None,
    )
    cost = call(client, "get", _detail(engagement, "cost-case/"), raw).json()
    assert cost["problem"] == ""
    assert float(cost["in_house_monthly"]) > 0
    assert cost["options"] and {"low", "mid", "high"} == set(cost["options"][0]["monthly"])


def test_an_empty_scope_says_so(client, raw, engagement):
    scope = call(client, "get", _detail(engagement, "scope/"), raw).json()
    assert scope == {"filled": False, "scope": None, "channels": []}


def test_the_shortlist_ranks_candidates_with_their_scores(client, raw, engagement):
    CandidateFactory(engagement=engagement)
    CandidateFactory(engagement=engagement)
    body = call(client, "get", _detail(engagement, "candidates/"), raw).json()
    assert sorted(c["rank"] for c in body["candidates"]) == [1, 2]
    scores = body["candidates"][0]["scores"]
    assert {s["criterion"] for s in scores} == set(body["weights"])
    assert all(s["reason"] for s in scores)


def test_each_candidate_is_priced_on_the_whole_scope(client, raw, engagement):
    from tests.factories import QuoteFactory
    from tests.factories_planning import scoped_engagement
    from vendors import comparison

    scoped_engagement(engagement)  # inbound phone and e-mail
    candidate = CandidateFactory(engagement=engagement)
    QuoteFactory(candidate=candidate, channels=["inbound_phone"])
    body = call(client, "get", _detail(engagement, "candidates/"), raw).json()
    (row,) = body["candidates"]
    cost = comparison.build(engagement).columns[0].cost
    assert row["kept_in_house"] == ["email"]
    assert Decimal(row["monthly_cost"]) == cost.monthly_total
    assert Decimal(row["saving_monthly"]) == cost.saving_monthly


def test_checklist_answers_and_test_calls(client, raw, engagement):
    candidate = CandidateFactory(engagement=engagement)
    checklist = ChecklistFactory(candidate=candidate)
    ChecklistItemFactory(checklist=checklist, answer="no", risk="high")
    TestCallFactory(candidate=candidate, wait_seconds=42)
    answers = call(client, "get", _detail(engagement, f"candidates/{candidate.pk}/checklist/"), raw)
    assert [(i["answer"], i["risk"]) for i in answers.json()["items"]] == [("no", "high")]
    calls = call(client, "get", _detail(engagement, f"candidates/{candidate.pk}/test-calls/"), raw)
    assert [c["wait_seconds"] for c in calls.json()["results"]] == [42]


def test_a_candidate_of_another_engagement_is_404(client, raw, engagement, team, member):
    elsewhere = CandidateFactory(engagement=EngagementFactory(team=team, owner=member))
    url = _detail(engagement, f"candidates/{elsewhere.pk}/test-calls/")
    assert call(client, "get", url, raw).status_code == 404


def test_a_candidate_without_a_checklist_is_404(client, raw, engagement):
    candidate = CandidateFactory(engagement=engagement)
    response = call(
        client, "get", _detail(engagement, f"candidates/{candidate.pk}/checklist/"), raw
    )
    assert (
        response.json()["error"]["message"] == "No checklist has been started for this candidate."
    )
