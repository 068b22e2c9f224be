"""The vendor contact's pages, under /respond/: no account, a session bound to one
invitation (``respondent``). The link /respond/<token>/ is exchanged for the
session and redirects at once to /respond/, so the token stays out of the pages'
addresses (and of any Referer or log line they produce)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.errors import DomainError, add_to_form
from portal.http import posted
from portal.reference import PricingModel
from vendors.diligence.models import ChecklistItem
from vendors.invitations import queries, respond_actions, respondent
from vendors.invitations.brief import engagement_brief
from vendors.invitations.forms import ResponseAnswerForm, ResponseQuoteForm
from vendors.invitations.models import ProposedAnswer, ProposedEvidence, ProposedQuote

HOME = "respond:home"


@require_GET
def enter(request, token: str):
    if respondent.enter_throttled(request):
        return respondent.throttled(request)
    invitation = respondent.lookup(token)
    if invitation is None:
        return respondent.gone(request)
    respondent.bind(request, invitation)
    respond_actions.log_event(invitation, "Opened the link", respondent.client_address(request))
    return respondent.no_store(redirect(HOME))


def _quote_models(invitation):
    if not invitation.may_quote:
        return []
    quotes = {quote.pricing_model: quote for quote in queries.response_quotes(invitation)}
    return [
        (value, label, quotes.get(value))
        for value, label in PricingModel.choices
        if value in invitation.pricing_models
    ]


@require_GET
@respondent.respondent_page
def home(request):
    invitation = request.invitation
    groups = queries.respondent_groups(invitation)
    answered = sum(1 for _, rows in groups for _, p in rows if p and p.answer)
    total = sum(len(rows) for _, rows in groups)
    return render(
        request,
        "invitations/respond_home.html",
        {
            "invitation": invitation,
            "brief": engagement_brief(invitation.candidate.engagement),
            "groups": groups
            if invitation.may_answer_checklist or invitation.may_upload_evidence
            else [],
            "answered": answered,
            "total": total,
            "quote_models": _quote_models(invitation),
            "read_only": invitation.submitted_at is not None,
        },
    )


def _item(invitation, pk: int) -> ChecklistItem:
    item = (
        ChecklistItem.objects.select_related("template_item", "checklist")
        .filter(pk=pk, checklist__candidate_id=invitation.candidate_id)
        .first()
    )
    if item is None:
        raise Http404("No such question in this invitation.")
    return item


FILE_REFUSED = (
    "Nothing was saved: a document was refused (the reason is below). Your answer is "
    "still here; choose a good file, or none, and save again."
)


@require_http_methods(["GET", "POST"])
@respondent.respondent_page
def item(request, pk: int):
    invitation = request.invitation
    item = _item(invitation, pk)
    proposal = (
        ProposedAnswer.objects.filter(invitation=invitation, item=item)
        .prefetch_related("files")
        .first()
    )
    initial = {"answer": proposal.answer, "notes": proposal.notes} if proposal else {}
    form = ResponseAnswerForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        invitation=invitation,
    )
    if request.method == "POST" and form.is_valid():
        try:
            respond_actions.respondent_answer_save(
                invitation=invitation,
                item=item,
                data=form.to_input(),
                address=request.respondent_address,
            )
        except DomainError as exc:
            add_to_form(form, exc)
            if "files" in exc.fields:
                messages.error(request, FILE_REFUSED)
        else:
            messages.success(request, "Saved. Submit the response when everything is answered.")
            return redirect(f"{reverse(HOME)}#item-{item.pk}")
    return render(
        request,
        "invitations/respond_item.html",
        {
            "invitation": invitation,
            "item": item,
            "proposal": proposal,
            "files": list(proposal.files.all()) if proposal else [],
            "form": form,
            "read_only": invitation.submitted_at is not None
            or (proposal is not None and proposal.status == "accepted"),
        },
    )


@require_POST
@respondent.respondent_page
def file_remove(request, pk: int):
    invitation = request.invitation
    proposed = (
        ProposedEvidence.objects.select_related("proposal")
        .filter(pk=pk, proposal__invitation=invitation)
        .first()
    )
    if proposed is None:
        raise Http404("No such document.")
    try:
        respond_actions.respondent_file_remove(
            invitation=invitation, proposed=proposed, address=request.respondent_address
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{proposed.original_name}” removed.")
    return redirect("respond:item", pk=proposed.proposal.item_id)


@require_http_methods(["GET", "POST"])
@respondent.respondent_page
def quote(request, pricing_model: str):
    invitation = request.invitation
    if not invitation.may_quote or pricing_model not in invitation.pricing_models:
        raise Http404("This invitation asks for no quote under that pricing model.")
    existing = ProposedQuote.objects.filter(
        invitation=invitation, pricing_model=pricing_model
    ).first()
    form = ResponseQuoteForm(
        posted(request),
        instance=existing or ProposedQuote(invitation=invitation, pricing_model=pricing_model),
        pricing_model=pricing_model,
    )
    if request.method == "POST" and form.is_valid():
        try:
            respond_actions.respondent_quote_save(
                invitation=invitation, data=form.to_input(), address=request.respondent_address
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Quote saved. Submit the response when it is complete.")
            return redirect(f"{reverse(HOME)}#quotes")
    return render(
        request,
        "invitations/respond_quote.html",
        {
            "invitation": invitation,
            "form": form,
            "model_label": PricingModel(pricing_model).label,
            "read_only": invitation.submitted_at is not None
            or (existing is not None and existing.status == "accepted"),
        },
    )


@require_POST
@respondent.respondent_page
def submit(request):
    try:
        respond_actions.respondent_submit(
            invitation=request.invitation, address=request.respondent_address
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Thank you: your response is sent to the team.")
    return redirect(HOME)
