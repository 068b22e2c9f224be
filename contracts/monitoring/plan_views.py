"""Pages of the test-call plan (step 6 after go-live): the month's plan, the
number of calls a month, making this month's plan, and logging a planned call."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.contract.queries import contract_for
from contracts.models import PlannedCall
from contracts.monitoring import forms, plan_actions, plan_queries
from contracts.pages import form_page, form_saved, url
from portal import access
from portal.errors import DomainError
from portal.http import posted
from portal.planning import queries as planning
from vendors.diligence.forms import TestCallForm, initial_for_test_call

PAGE_SIZE = 25
CRUMB = "Test-call plan"


def _month(request, today: date) -> date:
    """The month asked for (``?month=YYYY-MM``), else this month."""
    text = request.GET.get("month", "")
    try:
        return date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@require_GET
@login_required
def test_call_plan(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    today = timezone.localdate()
    month = _month(request, today)
    view = plan_queries.plan_view(engagement, month)
    page = Paginator(view.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/test_call_plan.html",
        {
            "engagement": engagement,
            "view": view,
            "page": page,
            "month": month,
            "query": f"month={month:%Y-%m}",
            "this_month": month == today.replace(day=1),
            "live": plan_queries.is_live(engagement),
            "calls_per_month": plan_queries.calls_per_month(engagement),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


@require_POST
@login_required
def test_call_plan_generate(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    month = timezone.localdate().replace(day=1)
    try:
        plan, created = plan_actions.test_call_plan_generate(
            engagement=engagement, month=month, user=request.user
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        if created:
            messages.success(request, f"{plan} made: {plan.calls.count()} planned calls.")
        else:
            messages.info(request, f"{plan} was already made; nothing changed.")
    return redirect("contracts:test-call-plan", engagement_pk=engagement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def test_call_target_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    initial = {"calls_per_month": plan_queries.calls_per_month(engagement)}
    form = forms.TestCallTargetForm(posted(request), initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: plan_actions.test_call_target_save(
            user=request.user, engagement=engagement, data=data
        ),
        lambda replanned: (
            "Saved; this month's plan was made again with the new number."
            if replanned
            else "Saved; the new number applies to the next plan made."
        ),
    )
    if saved:
        return redirect("contracts:test-call-plan", engagement_pk=engagement.pk)
    return form_page(
        request,
        engagement,
        form,
        title="Test calls a month",
        crumb=CRUMB,
        back=url("test-call-plan", engagement),
        intro="This month's plan is made again with the new number while none of its calls "
        "is done; otherwise the number applies from next month.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def planned_call_log(request, engagement_pk: int, pk: int):
    engagement, planned = access.get_for_engagement(
        request,
        PlannedCall.objects.select_related("plan__engagement", "assignee"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="plan__engagement",
    )
    contract = contract_for(engagement)
    if contract is None:
        raise Http404("This engagement has no contract.")
    if planned.test_call_id is not None:
        messages.info(request, "This planned call is already logged.")
        return redirect("contracts:test-call-plan", engagement_pk=engagement.pk)
    initial = initial_for_test_call(None, planned.assignee or request.user)
    initial.update(
        channel=planned.channel,
        # The suggested hour, unless it is still to come (a call cannot be logged ahead).
        called_at=timezone.localtime(min(planned.suggested_at, timezone.now())).replace(
            second=0, microsecond=0
        ),
        scenario=f"Planned test call in {planned.language}" if planned.language else "",
    )
    form = TestCallForm(
        posted(request),
        initial=initial,
        engagement=engagement,
        scoped=planning.scoped_channels(engagement),
    )
    if request.method == "POST" and form_saved(
        request,
        form,
        lambda data: plan_actions.planned_call_log(user=request.user, planned=planned, data=data),
        "Test call saved; the planned call is done.",
    ):
        return redirect("contracts:test-call-plan", engagement_pk=engagement.pk)
    return render(
        request,
        "contracts/planned_call_log.html",
        {
            "engagement": engagement,
            "planned": planned,
            "candidate": contract.candidate,
            "form": form,
        },
    )
