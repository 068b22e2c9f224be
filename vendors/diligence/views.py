"""Due-diligence checklists, evidence and test calls. Thin: access, form, action, render."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError
from portal.uploads import private_download
from vendors._http import confirm_page, confirmed
from vendors.diligence import actions, queries
from vendors.diligence.forms import (
    ChecklistItemForm,
    EvidenceForm,
    TestCallForm,
    checklist_item_initial,
    initial_for_test_call,
)
from vendors.diligence.models import ChecklistGroup, ChecklistItem, Evidence, TestCall
from vendors.models import Candidate

PAGE_SIZE = 25


def _candidate(request, engagement_pk: int, candidate_pk: int, action: str = access.VIEW):
    return access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor"),
        engagement_pk=engagement_pk,
        pk=candidate_pk,
        action=action,
    )


def _item(request, engagement_pk: int, candidate_pk: int, pk: int, action: str = access.VIEW):
    return access.get_for_engagement(
        request,
        ChecklistItem.objects.select_related(
            "template_item", "reviewer", "checklist__candidate__vendor"
        ).filter(checklist__candidate_id=candidate_pk),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
        via="checklist__candidate__engagement",
    )


def _checklist_url(engagement_pk: int, candidate_pk: int) -> str:
    return reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": engagement_pk, "candidate_pk": candidate_pk},
    )


def _item_url(item: ChecklistItem, engagement_pk: int) -> str:
    return reverse(
        "diligence:item-edit",
        kwargs={
            "engagement_pk": engagement_pk,
            "candidate_pk": item.checklist.candidate_id,
            "pk": item.pk,
        },
    )


def _testcall_list_url(engagement_pk: int, candidate_pk: int) -> str:
    return reverse(
        "diligence:testcall-list",
        kwargs={"engagement_pk": engagement_pk, "candidate_pk": candidate_pk},
    )


# --- Overview -----------------------------------------------------------------


@require_GET
@login_required
def overview(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    summaries = queries.candidate_summaries(engagement)
    rows = [
        (candidate, summaries[candidate.pk])
        for candidate in queries.engagement_candidates(engagement)
        if candidate.pk in summaries
    ]
    return render(request, "diligence/overview.html", {"engagement": engagement, "rows": rows})


# --- Checklists ---------------------------------------------------------------


@require_GET
@login_required
def checklist_detail(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = _candidate(request, engagement_pk, candidate_pk)
    checklist = queries.candidate_checklist(candidate)
    items = list(queries.checklist_items(checklist)) if checklist else []
    order = {value: index for index, value in enumerate(ChecklistGroup.values)}
    items.sort(key=lambda item: (order.get(item.template_item.group, 99), item.template_item.order))
    groups = [
        (ChecklistGroup(group).label, list(group_items))
        for group, group_items in groupby(items, key=lambda item: item.template_item.group)
    ]
    return render(
        request,
        "diligence/checklist_detail.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "checklist": checklist,
            "groups": groups,
            "summary": queries.candidate_summary(candidate),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


@require_POST
@login_required
def checklist_start(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = _candidate(request, engagement_pk, candidate_pk, access.CHANGE)
    try:
        checklist = actions.checklist_start(user=request.user, candidate=candidate)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Checklist started for {candidate.vendor} from “{checklist.template}”."
        )
    return redirect(_checklist_url(engagement.pk, candidate.pk))


def _render_item(request, engagement, item, *, form, evidence_form, status=200):
    # The page is also shown by the upload view: the answer form always posts here.
    form.helper.form_action = _item_url(item, engagement.pk)
    return render(
        request,
        "diligence/checklist_item.html",
        {
            "engagement": engagement,
            "candidate": item.checklist.candidate,
            "item": item,
            "evidence": list(item.evidence.select_related("uploaded_by")),
            "form": form,
            "evidence_form": evidence_form,
            "checklist_url": _checklist_url(engagement.pk, item.checklist.candidate_id),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, engagement_pk: int, candidate_pk: int, pk: int):
    action = access.CHANGE if request.method == "POST" else access.VIEW
    engagement, item = _item(request, engagement_pk, candidate_pk, pk, action)
    form = ChecklistItemForm(
        request.POST or None,
        initial=checklist_item_initial(item, request.user),
        engagement=engagement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.checklist_item_update(
                user=request.user,
                item=item,
                answer=form.cleaned_data["answer"],
                notes=form.cleaned_data["notes"],
                risk=form.cleaned_data["risk"],
                reviewer=form.cleaned_data["reviewer"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Answer saved.")
            if "save_next" in request.POST and (following := queries.next_item(item)):
                return redirect(_item_url(following, engagement.pk))
            return redirect(f"{_checklist_url(engagement.pk, candidate_pk)}#item-{item.pk}")
    return _render_item(request, engagement, item, form=form, evidence_form=EvidenceForm())


# --- Evidence -----------------------------------------------------------------


@require_POST
@login_required
def evidence_upload(request, engagement_pk: int, candidate_pk: int, item_pk: int):
    engagement, item = _item(request, engagement_pk, candidate_pk, item_pk, access.CHANGE)
    evidence_form = EvidenceForm(request.POST, request.FILES)
    if evidence_form.is_valid():
        try:
            evidence = actions.evidence_add(
                user=request.user, item=item, upload=evidence_form.cleaned_data["file"]
            )
        except DomainError as exc:
            evidence_form.add_error("file", str(exc))
        else:
            messages.success(request, f"Evidence “{evidence.original_name}” uploaded.")
            return redirect(_item_url(item, engagement.pk))
    messages.error(request, "The file was not uploaded; see the reason below.")
    form = ChecklistItemForm(
        initial=checklist_item_initial(item, request.user), engagement=engagement
    )
    return _render_item(
        request, engagement, item, form=form, evidence_form=evidence_form, status=400
    )


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


@require_POST
@login_required
def evidence_delete(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, evidence = _evidence(request, engagement_pk, candidate_pk, pk, access.CHANGE)
    item = evidence.item
    if not confirmed(request):
        return confirm_page(
            request,
            engagement=engagement,
            title="Remove evidence",
            question=f"Remove the evidence file “{evidence.original_name}”? The file is deleted.",
            button="Remove the file",
            cancel_url=_item_url(item, engagement.pk),
        )
    actions.evidence_delete(user=request.user, evidence=evidence)
    messages.success(request, f"Evidence “{evidence.original_name}” removed.")
    return redirect(_item_url(item, engagement.pk))


# --- Test calls ---------------------------------------------------------------


@require_GET
@login_required
def testcall_list(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = _candidate(request, engagement_pk, candidate_pk)
    page = Paginator(queries.candidate_test_calls(candidate), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "diligence/testcall_list.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "page": page,
            "summary": queries.candidate_summary(candidate),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


def _testcall_form(request, engagement, candidate, test_call: TestCall | None):
    form = TestCallForm(
        request.POST or None,
        initial=initial_for_test_call(test_call, request.user),
        engagement=engagement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if test_call is None:
                actions.test_call_create(
                    user=request.user, candidate=candidate, values=form.cleaned_data
                )
            else:
                actions.test_call_update(
                    user=request.user, test_call=test_call, values=form.cleaned_data
                )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Test call saved.")
            return redirect(_testcall_list_url(engagement.pk, candidate.pk))
    return render(
        request,
        "diligence/testcall_form.html",
        {"engagement": engagement, "candidate": candidate, "form": form, "test_call": test_call},
    )


@require_http_methods(["GET", "POST"])
@login_required
def testcall_create(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = _candidate(request, engagement_pk, candidate_pk, access.CHANGE)
    return _testcall_form(request, engagement, candidate, None)


def _test_call(request, engagement_pk: int, candidate_pk: int, pk: int):
    return access.get_for_engagement(
        request,
        TestCall.objects.select_related("candidate__vendor").filter(candidate_id=candidate_pk),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="candidate__engagement",
    )


@require_http_methods(["GET", "POST"])
@login_required
def testcall_edit(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, test_call = _test_call(request, engagement_pk, candidate_pk, pk)
    return _testcall_form(request, engagement, test_call.candidate, test_call)


@require_POST
@login_required
def testcall_delete(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, test_call = _test_call(request, engagement_pk, candidate_pk, pk)
    if not confirmed(request):
        return confirm_page(
            request,
            engagement=engagement,
            title="Delete a test call",
            question=f"Delete the {test_call} to {test_call.candidate.vendor}?",
            button="Delete the test call",
            cancel_url=_testcall_list_url(engagement.pk, candidate_pk),
        )
    actions.test_call_delete(user=request.user, test_call=test_call)
    messages.success(request, "Test call deleted.")
    return redirect(_testcall_list_url(engagement.pk, candidate_pk))
