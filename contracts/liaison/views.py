"""Pages of the liaison log (step 5): the log, an entry and its follow-up actions."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.liaison import actions, forms, queries
from contracts.models import FollowUpAction, LiaisonEntry
from contracts.monitoring.queries import governance_for
from contracts.pages import form_page, url
from contracts.team import team_users
from portal import access, fragments
from portal.errors import DomainError, add_to_form
from portal.http import posted

LIAISON_PAGE_SIZE = 25


@require_GET
@login_required
def liaison_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    filter_form = forms.LiaisonFilterForm(request.GET or None)
    criteria = filter_form.cleaned_data if filter_form.is_valid() else {}
    today = timezone.localdate()
    entries = queries.liaison_entries(
        engagement,
        today=today,
        q=criteria.get("q", "").strip(),
        kind=criteria.get("kind", ""),
        open_only=criteria.get("open", False),
    )
    can_change = access.can(request.user, access.CHANGE, engagement)

    def context():
        page = Paginator(entries, LIAISON_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "engagement": engagement,
            "governance": governance_for(engagement),
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": bool(query),
            "counts": queries.follow_up_counts(engagement, today),
            "today": today,
            "can_change": can_change,
        }

    # The page shows the query (its filter form too) and the viewer's rights only.
    digest = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    content = fragments.cached_page_part(
        request,
        engagement,
        f"liaison-list:{can_change:d}:{digest}",
        "contracts/_liaison_list_content.html",
        context,
        part="liaison",  # what a KPI month leaves (``portal.parts.PARTS_BUT``)
    )
    return render(
        request, "contracts/liaison_list.html", {"engagement": engagement, "content": content}
    )


@require_http_methods(["GET", "POST"])
@login_required
def liaison_entry_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.LiaisonEntryForm(posted(request), initial={"date": timezone.localdate()})
    if form.is_valid():
        entry = actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=None, data=form.to_input()
        )
        messages.success(request, "Liaison entry added. Add its follow-up actions below.")
        return redirect("contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk)
    return form_page(
        request,
        engagement,
        form,
        title="New liaison entry",
        crumb="Liaison log",
        back=url("liaison-list", engagement),
    )


def _entry_page(request, engagement, entry, action_form, status=200):
    today = timezone.localdate()
    return render(
        request,
        "contracts/liaison_entry.html",
        {
            "engagement": engagement,
            "entry": entry,
            "actions": queries.entry_follow_ups(entry, today),
            "action_form": action_form,
            "today": today,
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
        status=status,
    )


def _get_entry(request, engagement_pk, pk, action=access.VIEW):
    return access.get_for_engagement(
        request,
        LiaisonEntry.objects.select_related("created_by"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
    )


@require_GET
@login_required
def liaison_entry_detail(request, engagement_pk: int, pk: int):
    engagement, entry = _get_entry(request, engagement_pk, pk)
    form = forms.FollowUpActionForm(users=team_users(engagement))
    return _entry_page(request, engagement, entry, form)


@require_http_methods(["GET", "POST"])
@login_required
def liaison_entry_edit(request, engagement_pk: int, pk: int):
    engagement, entry = _get_entry(request, engagement_pk, pk, access.CHANGE)
    form = forms.LiaisonEntryForm(posted(request), instance=entry)
    if form.is_valid():
        actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=entry, data=form.to_input()
        )
        messages.success(request, "Liaison entry saved.")
        return redirect("contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk)
    return form_page(
        request,
        engagement,
        form,
        title="Edit liaison entry",
        crumb="Liaison log",
        back=url("liaison-entry-detail", engagement, pk=entry.pk),
    )


@require_POST
@login_required
def follow_up_create(request, engagement_pk: int, pk: int):
    engagement, entry = _get_entry(request, engagement_pk, pk, access.CHANGE)
    form = forms.FollowUpActionForm(posted(request), users=team_users(engagement))
    if form.is_valid():
        try:
            actions.follow_up_action_add(user=request.user, entry=entry, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Follow-up action added.")
            return redirect(
                "contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk
            )
    return _entry_page(request, engagement, entry, form)


@require_POST
@login_required
def follow_up_done(request, engagement_pk: int, pk: int):
    engagement, action = access.get_for_engagement(
        request,
        FollowUpAction.objects.select_related("entry"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="entry__engagement",
    )
    done = request.POST.get("done") != "0"
    actions.follow_up_action_set_done(user=request.user, action=action, done=done)
    messages.success(request, "Action marked done." if done else "Action reopened.")
    if request.POST.get("next") == "list":
        return redirect(url("liaison-list", engagement))
    return redirect(url("liaison-entry-detail", engagement, pk=action.entry_id))
