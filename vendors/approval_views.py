"""The approval of one shortlisted vendor: a member recommends it, another manager
approves or rejects it (four-eyes rule)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import posted
from vendors import actions, candidate_cost, queries
from vendors.diligence import queries as diligence
from vendors.forms import DecisionForm, RecommendForm
from vendors.models import Candidate
from vendors.shortlist_views import to_shortlist


def _candidate(request, engagement_pk: int, pk: int, action: str):
    return access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor", "engagement__team", "recommended_by"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_recommend(request, engagement_pk: int, pk: int):
    engagement, candidate = _candidate(request, engagement_pk, pk, access.CHANGE)
    approvers = queries.other_manager_count(engagement, request.user)
    form = RecommendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.candidate_recommend(
                user=request.user, candidate=candidate, rationale=form.cleaned_data["rationale"]
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            if approvers:
                messages.success(
                    request,
                    f"{candidate.vendor} submitted for approval; the managers are notified.",
                )
            else:
                messages.warning(request, _no_approver_warning(engagement, candidate))
            return to_shortlist(engagement)
    return render(
        request,
        "vendors/candidate_decision.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "form": form,
            "title": f"Recommend {candidate.vendor}",
            "no_approver_warning": "" if approvers else _no_approver_warning(engagement, candidate),
        },
    )


def _no_approver_warning(engagement, candidate) -> str:
    return (
        f"No manager of {engagement.team} other than you can approve this recommendation, "
        "and the person who submits it may not approve it (four-eyes rule): "
        f"{candidate.vendor} will wait until an administrator adds another manager to the team."
    )


def _decide(request, engagement_pk: int, pk: int, *, approve: bool):
    engagement, candidate = _candidate(request, engagement_pk, pk, access.APPROVE)
    verb = "Approve" if approve else "Reject"
    if request.method == "GET" and (
        problem := actions.transition_refusal(
            candidate=candidate, name="approve" if approve else "reject"
        )
        or actions.four_eyes_refusal(
            user=request.user, recommended_by_id=candidate.recommended_by_id, verb=verb.lower()
        )
    ):
        # Do not offer a form the server will refuse once the reason is typed in
        # (a stale link, or another manager decided in the meantime).
        messages.error(request, problem)
        return to_shortlist(engagement)
    # What the decision rests on, on the page where it is made.
    summary = diligence.candidate_summary(candidate)
    open_critical = summary.critical_open_count if approve else 0
    form = DecisionForm(posted(request), submit_label=verb, open_critical=open_critical)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if approve:
                actions.candidate_approve(
                    user=request.user,
                    candidate=candidate,
                    reason=reason,
                    confirm_open_critical=form.cleaned_data.get("confirm_open_critical", False),
                )
            else:
                actions.candidate_reject(user=request.user, candidate=candidate, reason=reason)
        except DomainError as exc:
            if "confirm_open_critical" not in exc.fields:
                messages.error(request, str(exc))
                return to_shortlist(engagement)
            # The confirmation is missing: the same page again, the reason kept.
            add_to_form(form, exc)
        else:
            outcome = "approved: the engagement has its vendor" if approve else "rejected"
            messages.success(request, f"{candidate.vendor} {outcome}.")
            return to_shortlist(engagement)
    cost = candidate_cost.candidate_cost(engagement, candidate)
    return render(
        request,
        "vendors/candidate_decision.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "form": form,
            "title": f"{verb} {candidate.vendor}",
            "rationale": queries.recommendation_record(candidate),
            "summary": summary,
            "open_critical": open_critical,
            "cost": cost,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_approve(request, engagement_pk: int, pk: int):
    return _decide(request, engagement_pk, pk, approve=True)


@require_http_methods(["GET", "POST"])
@login_required
def candidate_reject(request, engagement_pk: int, pk: int):
    return _decide(request, engagement_pk, pk, approve=False)
