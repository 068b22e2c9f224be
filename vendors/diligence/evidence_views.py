"""Evidence files of a checklist item: upload, download, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted
from portal.uploads import private_download
from vendors.diligence import actions
from vendors.diligence.checklist_views import get_item, item_url, render_item
from vendors.diligence.forms import EvidenceForm
from vendors.diligence.models import Evidence


@require_POST
@login_required
def evidence_upload(request, engagement_pk: int, candidate_pk: int, item_pk: int):
    engagement, item = get_item(request, engagement_pk, candidate_pk, item_pk, access.CHANGE)
    evidence_form = EvidenceForm(posted(request), request.FILES)
    if evidence_form.is_valid():
        try:
            evidence = actions.evidence_add(
                user=request.user, item=item, upload=evidence_form.cleaned_data["file"]
            )
        except DomainError as exc:
            add_to_form(evidence_form, exc)
        else:
            messages.success(request, f"Evidence “{evidence.original_name}” uploaded.")
            return redirect(item_url(item, engagement.pk))
    messages.error(request, "The file was not uploaded; see the reason below.")
    return render_item(request, engagement, item, evidence_form=evidence_form, status=400)


def _evidence(request, engagement_pk: int, candidate_pk: int, pk: int, action: str):
    return access.get_for_engagement(
        request,
        Evidence.objects.select_related("item__checklist").filter(
            item__checklist__candidate_id=candidate_pk
        ),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
        via="item__checklist__candidate__engagement",
    )


@require_GET
@login_required
def evidence_download(request, engagement_pk: int, candidate_pk: int, pk: int):
    _, evidence = _evidence(request, engagement_pk, candidate_pk, pk, access.VIEW)
    if not evidence.file.storage.exists(evidence.file.name):
        raise Http404("The file is no longer stored.")
    return private_download(
        evidence.file.name,
        download_name=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_http_methods(["GET", "POST"])
@login_required
def evidence_delete(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, evidence = _evidence(request, engagement_pk, candidate_pk, pk, access.CHANGE)
    item = evidence.item
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="the evidence file",
            name=evidence.original_name,
            cancel_url=item_url(item, engagement.pk),
            crumb="Due diligence",
            consequences=["The file is deleted."],
            button="Remove the file",
        )
    actions.evidence_delete(user=request.user, evidence=evidence)
    messages.success(request, f"Evidence “{evidence.original_name}” removed.")
    return redirect(item_url(item, engagement.pk))
