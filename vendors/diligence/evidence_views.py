"""Evidence files of a checklist item: download, delete. (They are uploaded with the
item's answer, through its one form: ``checklist_views.item_edit``.)"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from portal import access
from portal.http import confirm_delete
from portal.uploads import private_download
from vendors.diligence import actions
from vendors.diligence.checklist_views import item_url
from vendors.diligence.models import Evidence


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
