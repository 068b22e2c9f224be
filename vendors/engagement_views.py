"""Step-4 pages of one engagement: shortlist, quotes, comparison and approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError
from vendors import actions, comparison, queries
from vendors._http import confirm_page, confirmed, posted
from vendors.diligence import actions as diligence_actions
from vendors.filters import VendorFilter
from vendors.forms import CandidateAddForm, DecisionForm, QuoteForm, RecommendForm, WeightsForm
from vendors.models import Candidate, Language, Quote
from vendors.scoring import CRITERIA

VIA_CANDIDATE = "candidate__engagement"


def _to_list(engagement):
    return redirect("vetting:candidate-list", engagement_pk=engagement.pk)


@require_GET
@login_required
def candidate_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    candidates = list(queries.candidates_page(engagement))
    priced = comparison.price_quotes(engagement, candidates)
    by_status = {c.status: c for c in candidates}
    return render(
        request,
        "vendors/candidate_list.html",
        {
            "engagement": engagement,
            "candidates": candidates,
            "priced": priced,
            "recommendation": by_status.get(Candidate.Status.RECOMMENDED),
            "approved": by_status.get(Candidate.Status.APPROVED),
            "history": queries.workflow_history(engagement)[:50],
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "can_approve": access.can(request.user, access.APPROVE, engagement),
            "own_recommendation": bool(
                by_status.get(Candidate.Status.RECOMMENDED)
                and actions.four_eyes_refusal(
                    user=request.user,
                    recommended_by_id=by_status[Candidate.Status.RECOMMENDED].recommended_by_id,
                )
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_add(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    vendors = queries.shortlistable_vendors(engagement)
    q = request.GET.get("q", "").strip()[:100] if request.method == "GET" else ""
    if q:
        # The search narrows the choices offered; a POST is checked against them all.
        vendors = VendorFilter({"q": q}, queryset=vendors).qs.order_by("name")
    form = CandidateAddForm(posted(request), vendors=vendors)
    if request.method == "POST" and form.is_valid():
        try:
            added = diligence_actions.candidate_add_with_checklist(
                user=request.user,
                engagement=engagement,
                vendor=form.cleaned_data["vendor"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as exc:
            form.add_error("vendor", str(exc))
        else:
            vendor = added.candidate.vendor
            if added.checklist is not None:
                messages.success(
                    request,
                    f"{vendor} added to the shortlist; its due-diligence checklist is "
                    f"started from “{added.checklist.template}”.",
                )
            else:
                messages.warning(
                    request,
                    f"{vendor} added to the shortlist, but its due-diligence checklist "
                    f"could not be started: {added.checklist_problem}",
                )
            return _to_list(engagement)
    return render(
        request,
        "vendors/candidate_add.html",
        {"engagement": engagement, "form": form, "q": q, "match_count": vendors.count()},
    )


@require_POST
@login_required
def candidate_remove(request, engagement_pk: int, pk: int):
    engagement, candidate = access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor", "engagement"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    if not confirmed(request):
        return confirm_page(
            request,
            engagement=engagement,
            title=f"Remove {candidate.vendor}",
            question=(
                f"Remove {candidate.vendor} from the shortlist? Its quotes, due-diligence "
                "checklist with the evidence files, and test calls go with it."
            ),
            button="Remove from the shortlist",
            cancel_url=reverse("vetting:candidate-list", args=[engagement.pk]),
        )
    try:
        actions.candidate_remove(user=request.user, candidate=candidate)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{candidate.vendor} removed from the shortlist.")
    return _to_list(engagement)


@require_http_methods(["GET", "POST"])
@login_required
def quote_add(request, engagement_pk: int, pk: int):
    engagement, candidate = access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor", "engagement"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    form = QuoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        actions.quote_save(user=request.user, candidate=candidate, values=form.cleaned_data)
        messages.success(request, f"Quote from {candidate.vendor} added.")
        return _to_list(engagement)
    return render(
        request,
        "vendors/quote_form.html",
        {"engagement": engagement, "candidate": candidate, "form": form, "quote": None},
    )


def _quote(request, engagement_pk: int, pk: int):
    return access.get_for_engagement(
        request,
        Quote.objects.select_related("candidate__vendor", "candidate__engagement"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via=VIA_CANDIDATE,
    )


@require_http_methods(["GET", "POST"])
@login_required
def quote_edit(request, engagement_pk: int, pk: int):
    engagement, quote = _quote(request, engagement_pk, pk)
    form = QuoteForm(posted(request), instance=quote)
    if request.method == "POST" and form.is_valid():
        actions.quote_save(
            user=request.user, candidate=quote.candidate, quote=quote, values=form.cleaned_data
        )
        messages.success(request, "Quote saved.")
        return _to_list(engagement)
    return render(
        request,
        "vendors/quote_form.html",
        {"engagement": engagement, "candidate": quote.candidate, "form": form, "quote": quote},
    )


@require_POST
@login_required
def quote_delete(request, engagement_pk: int, pk: int):
    engagement, quote = _quote(request, engagement_pk, pk)
    if not confirmed(request):
        return confirm_page(
            request,
            engagement=engagement,
            title="Delete a quote",
            question=f"Delete the quote “{quote}” from {quote.candidate.vendor}?",
            button="Delete the quote",
            cancel_url=reverse("vetting:candidate-list", args=[engagement.pk]),
        )
    actions.quote_delete(user=request.user, quote=quote)
    messages.success(request, f"Quote from {quote.candidate.vendor} deleted.")
    return _to_list(engagement)


@require_GET
@login_required
def compare(request, engagement_pk: int):
    """The weighted comparison. A GET with weights in the query string previews a
    ranking (htmx swaps in the table); only the POST to weights-save stores them."""
    engagement = access.get_engagement_for_user(request, engagement_pk)
    preview = WeightsForm(request.GET) if "cost" in request.GET else None
    if preview is not None and preview.is_valid():
        data = preview.cleaned_data
        result = comparison.build(
            engagement,
            weights={c.key: data[c.key] for c in CRITERIA},
            required_languages=[lang.name for lang in data["required_languages"]],
        )
    else:
        result = comparison.build(engagement)
    context = {
        "engagement": engagement,
        "result": result,
        "criteria": CRITERIA,
        "can_change": access.can(request.user, access.CHANGE, engagement),
        "preview_errors": preview.errors
        if preview is not None and not preview.is_valid()
        else None,
    }
    if request.headers.get("HX-Request"):
        return render(request, "vendors/_comparison_table.html", context)
    context["form"] = (
        preview if preview is not None else WeightsForm(initial=_weights_initial(result))
    )
    return render(request, "vendors/compare.html", context)


def _weights_initial(result: comparison.Comparison) -> dict:
    languages = Language.objects.filter(name__in=result.required_languages)
    return {**result.weights, "required_languages": list(languages)}


@require_POST
@login_required
def weights_save(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = WeightsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        actions.weights_save(
            user=request.user,
            engagement=engagement,
            weights={c.key: data[c.key] for c in CRITERIA},
            required_languages=data["required_languages"],
        )
        messages.success(request, "Weights saved.")
        return redirect("vetting:compare", engagement_pk=engagement.pk)
    result = comparison.build(engagement)
    messages.error(request, "The weights were not saved: each must be a whole number 0-100.")
    return render(
        request,
        "vendors/compare.html",
        {
            "engagement": engagement,
            "result": result,
            "criteria": CRITERIA,
            "can_change": True,
            "form": form,
        },
    )


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
            return _to_list(engagement)
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
        return _to_list(engagement)
    form = DecisionForm(posted(request), submit_label=verb)
    if request.method == "POST" and form.is_valid():
        action = actions.candidate_approve if approve else actions.candidate_reject
        try:
            action(user=request.user, candidate=candidate, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, str(exc))
            return _to_list(engagement)
        outcome = "approved: the engagement has its vendor" if approve else "rejected"
        messages.success(request, f"{candidate.vendor} {outcome}.")
        return _to_list(engagement)
    return render(
        request,
        "vendors/candidate_decision.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "form": form,
            "title": f"{verb} {candidate.vendor}",
            "rationale": candidate.transitions.filter(to_status=Candidate.Status.RECOMMENDED)
            .select_related("actor")
            .first(),
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
