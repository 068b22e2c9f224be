"""Request-for-proposal rounds of one engagement: open one for several candidates,
follow it, extend it, and (managers) reopen the frozen weights with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import posted
from vendors.invitations import queries, round_actions
from vendors.invitations.forms import ExtendForm, ReasonForm, RoundForm
from vendors.invitations.models import RfpRound
from vendors.models import Candidate


def _round(request, engagement_pk: int, pk: int, action: str):
    return access.get_for_engagement(
        request,
        RfpRound.objects.select_related("opened_by", "weights_reopened_by"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
    )


def _detail_url(round_: RfpRound) -> str:
    return reverse("invitations:round-detail", args=[round_.engagement_id, round_.pk])


@require_GET
@login_required
def round_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    return render(
        request,
        "invitations/round_list.html",
        {
            "engagement": engagement,
            "rounds": list(queries.engagement_rounds(engagement)),
            "open_round": queries.open_round(engagement),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    candidates = Candidate.objects.filter(
        engagement=engagement,
        status__in=[Candidate.Status.SHORTLISTED, Candidate.Status.RECOMMENDED],
    ).select_related("vendor")
    form = RoundForm(posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            round_, issued = round_actions.round_open(
                user=request.user, engagement=engagement, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            links = [
                (invitation, request.build_absolute_uri(reverse("respond:enter", args=[raw])))
                for invitation, raw in issued
            ]
            response = render(
                request,
                "invitations/round_issued.html",
                {"engagement": engagement, "round": round_, "links": links},
            )
            response["Cache-Control"] = "no-store"  # the links are shown once
            return response
    return render(request, "invitations/round_form.html", {"engagement": engagement, "form": form})


@require_GET
@login_required
def round_detail(request, engagement_pk: int, pk: int):
    engagement, round_ = _round(request, engagement_pk, pk, access.VIEW)
    return render(
        request,
        "invitations/round_detail.html",
        {
            "engagement": engagement,
            "round": round_,
            "invitations": queries.round_invitations(round_),
            "extend_form": ExtendForm(),
            "reason_form": ReasonForm(),
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "can_approve": access.can(request.user, access.APPROVE, engagement),
        },
    )


@require_POST
@login_required
def round_extend(request, engagement_pk: int, pk: int):
    _, round_ = _round(request, engagement_pk, pk, access.CHANGE)
    form = ExtendForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Choose the new deadline (a date).")
        round_actions.round_extend(
            user=request.user, round_=round_, deadline=form.cleaned_data["deadline"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{round_} now closes later; its links work until then.")
    return redirect(_detail_url(round_))


@require_POST
@login_required
def round_reopen_weights(request, engagement_pk: int, pk: int):
    _, round_ = _round(request, engagement_pk, pk, access.APPROVE)
    try:
        round_actions.round_reopen_weights(
            user=request.user, round_=round_, reason=request.POST.get("reason", "")[:1000]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The comparison weights can be changed again.")
    return redirect(_detail_url(round_))
