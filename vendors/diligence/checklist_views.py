"""Due-diligence checklists: the overview of every candidate, one candidate's
checklist, and the answer to one item. Thin: access, form, action, render."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import posted
from vendors import fragments
from vendors.diligence import actions, queries
from vendors.diligence.forms import ChecklistItemForm, checklist_item_initial
from vendors.diligence.models import ChecklistGroup, ChecklistItem
from vendors.invitations import queries as invitation_queries
from vendors.models import Candidate


def get_candidate(request, engagement_pk: int, candidate_pk: int, action: str = access.VIEW):
    return access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor"),
        engagement_pk=engagement_pk,
        pk=candidate_pk,
        action=action,
    )


def get_item(request, engagement_pk: int, candidate_pk: int, pk: int, action: str = access.VIEW):
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


def item_url(item: ChecklistItem, engagement_pk: int) -> str:
    return reverse(
        "diligence:item-edit",
        kwargs={
            "engagement_pk": engagement_pk,
            "candidate_pk": item.checklist.candidate_id,
            "pk": item.pk,
        },
    )


@require_GET
@login_required
def overview(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    part = fragments.cached_part(
        engagement, "diligence-overview", "diligence/_overview.html", lambda: _overview(engagement)
    )
    return render(request, "diligence/overview.html", {"engagement": engagement, "overview": part})


def _overview(engagement) -> dict:
    summaries = queries.candidate_summaries(engagement)
    rows = [
        (candidate, summaries[candidate.pk])
        for candidate in queries.engagement_candidates(engagement)
        if candidate.pk in summaries
    ]
    return {"engagement": engagement, "rows": rows}


@require_GET
@login_required
def checklist_detail(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk)
    can_change = access.can(request.user, access.CHANGE, engagement)

    computed: dict = {}

    def without_forms():
        # A viewer who may change sees forms (start, review) only in these cases: the
        # page is rendered with the request then, for their CSRF token.
        computed.update(_checklist(engagement, candidate, can_change))
        forms = can_change and (computed["checklist"] is None or computed["pending_invitations"])
        return None if forms else computed

    part = fragments.cached_part(
        engagement,
        f"checklist:{candidate.pk}:{can_change:d}",
        "diligence/_checklist.html",
        without_forms,
    )
    context = {"engagement": engagement, "candidate": candidate, "part": part}
    if part is None:
        context.update(computed or _checklist(engagement, candidate, can_change))
    return render(request, "diligence/checklist_detail.html", context)


def _checklist(engagement, candidate, can_change: bool) -> dict:
    checklist = queries.candidate_checklist(candidate)
    items = list(queries.checklist_items(checklist)) if checklist else []
    # Vendor contacts' answers awaiting review (or rejected), shown beside the team's.
    proposals = invitation_queries.checklist_proposals(checklist)
    for item in items:
        item.proposed = proposals.get(item.pk, [])
    rounds = list(checklist.rounds.select_related("assignee")) if checklist else []
    order = {value: index for index, value in enumerate(ChecklistGroup.values)}
    items.sort(key=lambda item: (order.get(item.template_item.group, 99), item.template_item.order))
    groups = [
        (ChecklistGroup(group).label, list(group_items))
        for group, group_items in groupby(items, key=lambda item: item.template_item.group)
    ]
    return {
        "engagement": engagement,
        "candidate": candidate,
        "checklist": checklist,
        "groups": groups,
        "summary": queries.candidate_summary(candidate),
        "pending_invitations": invitation_queries.pending_invitations(checklist),
        "can_change": can_change,
        "rounds": rounds,
        "open_round": next((r for r in rounds if r.completed_at is None), None),
        "expiring": list(queries.expiring_evidence([candidate.pk], _soon())),
        "to_confirm": sum(1 for item in items if item.to_confirm),
        **_dates(),
    }


EXPIRY_WARNING_DAYS = 30  # evidence is flagged this many days before it expires


def _soon() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)


def _dates() -> dict:
    return {"today": timezone.localdate(), "soon": _soon()}


@require_POST
@login_required
def checklist_start(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk, access.CHANGE)
    try:
        checklist = actions.checklist_start(user=request.user, candidate=candidate)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Checklist started for {candidate.vendor} from “{checklist.template}”."
        )
    return redirect(_checklist_url(engagement.pk, candidate.pk))


FILE_REFUSED = (
    "Nothing was saved: a file was refused (the reason is below). Your answer and notes "
    "are still here; choose a good file, or none, and save again."
)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, engagement_pk: int, candidate_pk: int, pk: int):
    """One item: answer, risk, reviewer, notes and evidence files in one form, so every
    button saves everything typed. A refused file refuses the whole post (the action
    writes all or nothing) and the page comes back with what was typed."""
    action = access.CHANGE if request.method == "POST" else access.VIEW
    engagement, item = get_item(request, engagement_pk, candidate_pk, pk, action)
    can_change = access.can(request.user, access.CHANGE, engagement)
    initial = checklist_item_initial(item, request.user)
    form = ChecklistItemForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=initial,
        engagement=engagement,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.checklist_item_update(user=request.user, item=item, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
            if "evidence" in exc.fields:
                messages.error(request, FILE_REFUSED)
        else:
            return _after_save(request, engagement, item, form.cleaned_data["evidence"])
    context = {
        "engagement": engagement,
        "candidate": item.checklist.candidate,
        "item": item,
        "form": form,
        "checklist_url": _checklist_url(engagement.pk, item.checklist.candidate_id),
        "can_change": can_change,
        "part": None,
    }

    def fields():
        evidence = list(item.evidence.select_related("uploaded_by"))
        return {**context, "evidence": evidence, **_dates()}

    if request.method == "GET":
        # Unbound, the form shows the item as saved, its reviewer preset to the viewer
        # when it has none: one rendering per item, right and preset reviewer.
        preset = f"{can_change:d}:{initial['reviewer']}"
        context["part"] = fragments.cached_part(
            engagement, f"item:{item.pk}:{preset}", "diligence/_item_fields.html", fields
        )
    else:
        context = fields()
    return render(request, "diligence/checklist_item.html", context)


def _after_save(request, engagement, item, files):
    names = ", ".join(f"“{file.name}”" for file in files)
    messages.success(request, f"Answer saved, with {names}." if names else "Answer saved.")
    if "save_next" in request.POST and (following := queries.next_item(item)):
        return redirect(item_url(following, engagement.pk))
    if "upload" in request.POST:
        return redirect(item_url(item, engagement.pk))
    return redirect(f"{_checklist_url(engagement.pk, item.checklist.candidate_id)}#item-{item.pk}")
