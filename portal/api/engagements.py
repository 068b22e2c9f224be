"""Engagements and steps 1-4 (read only): the list, an engagement with each step's state,
the scope, the cost case, the shortlist with its scores, checklist answers, test calls."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema

from portal import access
from portal.api.base import ApiView, ListView, detail_response, engagement_for
from portal.api.filters import EngagementFilter
from portal.api.serializers.engagements import EngagementDetailSerializer, EngagementSerializer
from portal.api.serializers.planning import CostCaseSerializer, ScopeSerializer
from portal.api.serializers.vendors import (
    ChecklistSerializer,
    ShortlistSerializer,
    TestCallSerializer,
)
from portal.journey.navigator import engagement_steps
from portal.planning import comparison as cost_comparison
from portal.planning import queries as planning_queries
from vendors import comparison as shortlist_comparison
from vendors.diligence import queries as diligence_queries
from vendors.diligence.models import TestCall
from vendors.models import Candidate


class EngagementList(ListView):
    """Your teams' engagements, most recently changed first."""

    serializer_class = EngagementSerializer
    filterset_class = EngagementFilter

    def get_queryset(self):
        return access.visible_engagements(self.request.user).select_related("team", "owner")


class EngagementDetail(ApiView):
    @extend_schema(responses=EngagementDetailSerializer)
    def get(self, request, engagement_pk: int):
        """An engagement with the state and summary of each of its seven steps."""
        engagement = engagement_for(request, engagement_pk)
        steps = [
            {
                "number": step.number,
                "key": step.key,
                "title": step.title,
                "state": step.status.state,
                "state_label": step.status.label,
                "summary": step.status.summary,
            }
            for step in engagement_steps(engagement)
        ]
        data = EngagementSerializer(engagement).data | {"steps": steps}
        return detail_response(request, data)


class Scope(ApiView):
    @extend_schema(responses=ScopeSerializer)
    def get(self, request, engagement_pk: int):
        """Step 1: the needs scope and its channel lines."""
        engagement = engagement_for(request, engagement_pk)
        data = planning_queries.planning_data(engagement)
        body = ScopeSerializer(
            {"filled": data.scope_filled, "scope": data.scope, "channels": data.lines}
        ).data
        return detail_response(request, body)


class CostCase(ApiView):
    @extend_schema(responses=CostCaseSerializer)
    def get(self, request, engagement_pk: int):
        """Step 2: the in-house figures and every pricing model against them, as the
        cost-case page shows them."""
        engagement = engagement_for(request, engagement_pk)
        view = cost_comparison.for_engagement(engagement)
        result, workload = view.comparison, view.workload
        body = {
            "inputs": view.data.cost_case,
            "problem": view.problem or "",
            "in_house_monthly": workload.in_house_monthly_cost if workload else None,
            "oversight_monthly": workload.oversight_monthly_cost if workload else None,
            "region": result.region if result else None,
            "options": result.options if result else [],
            "missing": result.missing if result else [],
            "break_even_calls_per_month": result.break_even if result else None,
            "break_even_crossings": list(result.break_even_crossings.crossings)
            if result and result.break_even_crossings
            else [],
            "currency": "USD",  # the rate card's, which every reference figure is in
            "scenarios": result.scenarios if result else [],
            "cheapest_scenario": cheapest.name
            if result and (cheapest := result.cheapest_scenario)
            else None,
        }
        return detail_response(request, CostCaseSerializer(body).data)


class Shortlist(ApiView):
    @extend_schema(responses=ShortlistSerializer)
    def get(self, request, engagement_pk: int):
        """Step 4: the shortlisted vendors ranked under the saved weights, with each
        criterion's score and its reason (the comparison page's matrix)."""
        engagement = engagement_for(request, engagement_pk)
        result = shortlist_comparison.build(engagement)
        candidates = [
            {
                "id": column.candidate.pk,
                "vendor_id": column.candidate.vendor_id,
                "vendor": column.candidate.vendor.name,
                "status": column.candidate.status,
                "rank": column.ranked.rank,
                "total": round(column.ranked.total, 1),
                "leader": column.ranked.is_leader,
                "monthly_cost": column.ranked.facts.monthly_cost,
                "saving_monthly": column.cost.saving_monthly,
                "kept_in_house": list(
                    column.cost.scenario.kept_in_house if column.cost.scenario else ()
                ),
                "scores": [
                    {
                        "criterion": criterion.key,
                        "label": criterion.label,
                        "weight": result.weights.get(criterion.key, 0),
                        "score": score.value,
                        "reason": score.reason,
                    }
                    for criterion, score in column.ranked.score_list
                ],
            }
            for column in result.columns
        ]
        body = {
            "weights": result.weights,
            "required_languages": result.required_languages,
            "notes": result.notes,
            "candidates": candidates,
        }
        return detail_response(request, ShortlistSerializer(body).data)


def _candidate(request, engagement_pk: int, candidate_pk: int) -> Candidate:
    _, candidate = access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor"),
        engagement_pk=engagement_pk,
        pk=candidate_pk,
    )
    return candidate


class Checklist(ApiView):
    @extend_schema(responses=ChecklistSerializer)
    def get(self, request, engagement_pk: int, candidate_pk: int):
        """A candidate's due-diligence checklist: every question with its answer and risk."""
        candidate = _candidate(request, engagement_pk, candidate_pk)
        checklist = diligence_queries.candidate_checklist(candidate)
        if checklist is None:
            raise Http404("No checklist has been started for this candidate.")
        body = {
            "candidate": candidate.pk,
            "template": checklist.template.name,
            "template_version": checklist.template.version,
            "started_at": checklist.started_at,
            "items": diligence_queries.checklist_items(checklist),
        }
        return detail_response(request, ChecklistSerializer(body).data)


class TestCallList(ListView):
    """A candidate's test calls, newest first."""

    serializer_class = TestCallSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema, not a call
            return TestCall.objects.none()
        candidate = _candidate(
            self.request, self.kwargs["engagement_pk"], self.kwargs["candidate_pk"]
        )
        return diligence_queries.candidate_test_calls(candidate)
