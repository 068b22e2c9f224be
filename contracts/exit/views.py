"""Pages of the exit plan (step 7): the plan and the in-house capacity, trigger conditions
and transition steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.exit import actions, forms, queries
from contracts.models import ExitTrigger, Metric, Sla, TransitionStep
from contracts.pages import form_page, url
from contracts.team import team_users
from portal import access, fragments
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted


def _exit_plan_redirect(engagement):
    return redirect("contracts:exit-plan", engagement_pk=engagement.pk)


@require_GET
@login_required
def exit_plan(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    today = timezone.localdate()
    can_change = access.can(request.user, access.CHANGE, engagement)

    def context():
        return {
            "engagement": engagement,
            "assessment": queries.exit_assessment(engagement, today),
            "can_change": can_change,
            "today": today,
        }

    # Steps 5-7's data but the liaison log (``portal.parts.PARTS_BUT``), per viewer's rights.
    content = fragments.cached_page_part(
        request,
        engagement,
        f"exit-plan:{can_change:d}",
        "contracts/_exit_plan_content.html",
        context,
        part="monitoring",
    )
    return render(
        request, "contracts/exit_plan.html", {"engagement": engagement, "content": content}
    )


@require_http_methods(["GET", "POST"])
@login_required
def exit_plan_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.ExitPlanForm(posted(request), instance=queries.exit_plan_for(engagement))
    if form.is_valid():
        actions.exit_plan_save(user=request.user, engagement=engagement, data=form.to_input())
        messages.success(request, "Exit plan saved.")
        return _exit_plan_redirect(engagement)
    return form_page(
        request,
        engagement,
        form,
        title="Exit plan",
        crumb="Exit plan",
        back=url("exit-plan", engagement),
        intro="Keep the in-house option: how long it takes to hire and train a team that "
        "can take the calls back, what it costs, and what the vendor must return or destroy.",
    )


# --- Trigger conditions ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def exit_trigger_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    slas = Sla.objects.filter(engagement=engagement).exclude(metric=Metric.HANDLE_TIME)
    form = forms.ExitTriggerForm(posted(request), slas=slas)
    if form.is_valid():
        try:
            actions.exit_trigger_add(user=request.user, engagement=engagement, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Trigger condition added.")
            return _exit_plan_redirect(engagement)
    return form_page(
        request,
        engagement,
        form,
        title="New trigger condition",
        crumb="Exit plan",
        back=url("exit-plan", engagement),
        intro="Conditions are checked against the data where it can be: an SLA breach run, "
        "poor reviews (the satisfaction SLA) and poor work (the quality SLA) against the KPIs; "
        "cost above benefit and too little volume against the contract's quote and the scoped "
        "volume and in-house cost of steps 1-2. What the data cannot show, the team assesses.",
    )


def _get_trigger(request, engagement_pk, pk):
    return access.get_for_engagement(
        request, ExitTrigger.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )


@require_POST
@login_required
def exit_trigger_met(request, engagement_pk: int, pk: int):
    engagement, trigger = _get_trigger(request, engagement_pk, pk)
    try:
        actions.exit_trigger_set_met(
            user=request.user, trigger=trigger, met=request.POST.get("met") == "1"
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Trigger condition updated.")
    return _exit_plan_redirect(engagement)


@require_http_methods(["GET", "POST"])
@login_required
def exit_trigger_delete(request, engagement_pk: int, pk: int):
    engagement, trigger = _get_trigger(request, engagement_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="trigger condition",
            name=trigger.description or trigger.get_kind_display(),
            crumb="Exit plan",
            cancel_url=url("exit-plan", engagement),
        )
    actions.exit_row_delete(user=request.user, row=trigger)
    messages.success(request, "Trigger condition deleted.")
    return _exit_plan_redirect(engagement)


# --- Transition steps -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def transition_step_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.TransitionStepForm(posted(request), users=team_users(engagement))
    if form.is_valid():
        try:
            actions.transition_step_add(
                user=request.user, engagement=engagement, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Transition step added.")
            return _exit_plan_redirect(engagement)
    return form_page(
        request,
        engagement,
        form,
        title="New transition step",
        crumb="Exit plan",
        back=url("exit-plan", engagement),
    )


def _get_step(request, engagement_pk, pk):
    return access.get_for_engagement(
        request,
        TransitionStep.objects.all(),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )


@require_POST
@login_required
def transition_step_done(request, engagement_pk: int, pk: int):
    engagement, step = _get_step(request, engagement_pk, pk)
    done = request.POST.get("done") != "0"
    actions.transition_step_set_done(user=request.user, step=step, done=done)
    messages.success(
        request, "Transition step marked done." if done else "Transition step reopened."
    )
    return _exit_plan_redirect(engagement)


@require_http_methods(["GET", "POST"])
@login_required
def transition_step_delete(request, engagement_pk: int, pk: int):
    engagement, step = _get_step(request, engagement_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="transition step",
            name=step.description,
            crumb="Exit plan",
            cancel_url=url("exit-plan", engagement),
        )
    actions.exit_row_delete(user=request.user, row=step)
    messages.success(request, "Transition step deleted.")
    return _exit_plan_redirect(engagement)
