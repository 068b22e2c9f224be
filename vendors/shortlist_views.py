"""The shortlist of one engagement: its candidates and their quotes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted
from portal.planning import queries as planning
from vendors import actions, candidate_cost, fragments, queries
from vendors.diligence import actions as diligence_actions
from vendors.filters import VendorFilter
from vendors.forms import CandidateAddForm, QuoteForm
from vendors.invitations import queries as invitation_queries
from vendors.models import Candidate, Quote

CRUMB = "Step 4: vendors"


def to_shortlist(engagement):
    return redirect("shortlist:candidate-list", engagement_pk=engagement.pk)


@require_GET
@login_required
def candidate_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    can_change = access.can(request.user, access.CHANGE, engagement)
    can_approve = access.can(request.user, access.APPROVE, engagement)
    # The viewer shows through their rights and, for an approver, whether they
    # submitted the recommendation (four-eyes rule): one rendering per such variant.
    viewer = f"{can_change:d}{can_approve:d}:{request.user.pk if can_approve else ''}"
    shortlist = fragments.cached_part(
        engagement,
        f"shortlist:{viewer}",
        "vendors/_shortlist.html",
        lambda: _shortlist_context(engagement, request.user, can_change, can_approve),
    )
    return render(
        request, "vendors/candidate_list.html", {"engagement": engagement, "shortlist": shortlist}
    )


def _shortlist_context(engagement, user, can_change: bool, can_approve: bool) -> dict:
    candidates = list(queries.candidates_page(engagement))
    priced = candidate_cost.price_quotes(engagement, candidates)
    by_status = {c.status: c for c in candidates}
    progress = invitation_queries.candidate_progress(engagement)
    for candidate in candidates:
        candidate.response_progress = progress.get(candidate.pk)
    recommendation = by_status.get(Candidate.Status.RECOMMENDED)
    return {
        "engagement": engagement,
        "candidates": candidates,
        "priced": priced,
        "recommendation": recommendation,
        "approved": by_status.get(Candidate.Status.APPROVED),
        "history": queries.workflow_history(engagement)[:50],
        "can_change": can_change,
        "can_approve": can_approve,
        "own_recommendation": bool(
            recommendation
            and actions.four_eyes_refusal(
                user=user, recommended_by_id=recommendation.recommended_by_id
            )
        ),
    }


@require_http_methods(["GET", "POST"])
@login_required
def candidate_add(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    vendors = queries.shortlistable_vendors(engagement)
    q = request.GET.get("q", "").strip()[:100] if request.method == "GET" else ""
    if q:
        # The search narrows the choices offered; a POST is checked against them all.
        vendors = VendorFilter({"q": q}, queryset=vendors).qs.order_by("name")
    # Back from "Add to the registry" (?vendor=<id>): that vendor is chosen already.
    chosen = request.GET.get("vendor", "") if request.method == "GET" else ""
    initial = {"vendor": int(chosen)} if chosen.isdigit() and len(chosen) < 10 else {}
    form = CandidateAddForm(posted(request), vendors=vendors, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            added = diligence_actions.candidate_add_with_checklist(
                user=request.user, engagement=engagement, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
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
            return to_shortlist(engagement)
    return render(
        request,
        "vendors/candidate_add.html",
        {"engagement": engagement, "form": form, "q": q, "match_count": vendors.count()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def candidate_remove(request, engagement_pk: int, pk: int):
    engagement, candidate = access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor", "engagement"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="the vendor from the shortlist",
            name=str(candidate.vendor),
            cancel_url=reverse("shortlist:candidate-list", args=[engagement.pk]),
            crumb=CRUMB,
            consequences=[
                "Its quotes, due-diligence checklist with the evidence files, and test calls "
                "go with it."
            ],
            button="Remove from the shortlist",
        )
    try:
        actions.candidate_remove(user=request.user, candidate=candidate)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{candidate.vendor} removed from the shortlist.")
    return to_shortlist(engagement)


def _quote_form_page(request, engagement, candidate, quote: Quote | None):
    form = QuoteForm(
        posted(request), instance=quote, scoped_channels=planning.scoped_channels(engagement)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.quote_save(
                user=request.user, candidate=candidate, quote=quote, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            done = "Quote saved." if quote else f"Quote from {candidate.vendor} added."
            messages.success(request, done)
            return to_shortlist(engagement)
    return render(
        request,
        "vendors/quote_form.html",
        {"engagement": engagement, "candidate": candidate, "form": form, "quote": quote},
    )


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
    return _quote_form_page(request, engagement, candidate, None)


def _quote(request, engagement_pk: int, pk: int):
    return access.get_for_engagement(
        request,
        Quote.objects.select_related("candidate__vendor", "candidate__engagement"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="candidate__engagement",
    )


@require_http_methods(["GET", "POST"])
@login_required
def quote_edit(request, engagement_pk: int, pk: int):
    engagement, quote = _quote(request, engagement_pk, pk)
    return _quote_form_page(request, engagement, quote.candidate, quote)


@require_http_methods(["GET", "POST"])
@login_required
def quote_delete(request, engagement_pk: int, pk: int):
    engagement, quote = _quote(request, engagement_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="the quote",
            name=str(quote),
            cancel_url=reverse("shortlist:candidate-list", args=[engagement.pk]),
            crumb=CRUMB,
            consequences=[f"From {quote.candidate.vendor}."],
        )
    actions.quote_delete(user=request.user, quote=quote)
    messages.success(request, f"Quote from {quote.candidate.vendor} deleted.")
    return to_shortlist(engagement)
