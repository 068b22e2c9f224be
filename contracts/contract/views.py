"""The contract page: its terms and dates, its documents and the reminders sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.contract import actions, forms, queries
from contracts.models import ContractDocument
from contracts.pages import form_page, url
from portal import access, uploads
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted


@require_GET
@login_required
def contract_detail(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    return _contract_page(request, engagement)


def _contract_page(request, engagement, *, document_form=None, status=200):
    today = timezone.localdate()
    page = queries.contract_page(engagement, today)
    if document_form is None and page.contract is not None:
        document_form = forms.DocumentForm()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "engagement": engagement,
            "contract": page.contract,
            "candidate": page.candidate,
            "dates": page.dates,
            "documents": page.documents,
            "reminders": page.reminders,
            "document_form": document_form,
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "today": today,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    candidate = queries.approved_candidate(engagement)
    if candidate is None:
        messages.error(request, "A manager must approve a vendor before its contract is recorded.")
        return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    contract = queries.contract_for(engagement)
    form = forms.ContractForm(posted(request), instance=contract, quotes=candidate.quotes.all())
    if form.is_valid():
        try:
            actions.contract_save(user=request.user, engagement=engagement, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"Contract with {candidate.vendor} saved.")
            return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    return form_page(
        request,
        engagement,
        form,
        title=f"Contract with {candidate.vendor}",
        crumb="Contract",
        back=url("contract-detail", engagement),
        intro="Pay maximum attention to the contract: the notice period and renewal terms "
        "decide when you can leave, and the quality standards whether you can leave early.",
    )


# --- Documents ------------------------------------------------------------------


def _get_document(request, engagement_pk, pk, action=access.VIEW):
    return access.get_for_engagement(
        request,
        ContractDocument.objects.select_related("contract"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
        via="contract__engagement",
    )


@require_POST
@login_required
def document_upload(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    contract = queries.contract_for(engagement)
    if contract is None:
        messages.error(request, "Record the contract before adding its documents.")
        return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    form = forms.DocumentForm(posted(request), request.FILES)
    if form.is_valid():
        try:
            document = actions.contract_document_add(
                user=request.user, contract=contract, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"Document “{document.title}” uploaded.")
            return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    messages.error(request, "The document was not uploaded; see the reason below.")
    return _contract_page(request, engagement, document_form=form, status=400)


@require_GET
@login_required
def document_download(request, engagement_pk: int, pk: int):
    _, document = _get_document(request, engagement_pk, pk)
    if not document.file or not document.file.storage.exists(document.file.name):
        raise Http404(
            f"The file of “{document.title}” is no longer stored. "
            "Upload the document again, or ask an administrator to restore it."
        )
    return uploads.private_download(
        document.file.name,
        download_name=document.original_name,
        content_type=document.content_type,
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_delete(request, engagement_pk: int, pk: int):
    engagement, document = _get_document(request, engagement_pk, pk, access.CHANGE)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="document",
            name=document.title,
            crumb="Contract",
            cancel_url=url("contract-detail", engagement) + "#documents",
            consequences=[f"The stored file {document.original_name} will be deleted too."],
        )
    actions.contract_document_delete(user=request.user, document=document)
    messages.success(request, f"Document “{document.title}” deleted.")
    return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
