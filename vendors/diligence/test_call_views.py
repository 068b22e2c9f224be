"""Test calls to one candidate: the log with its summary, and logging, editing and
deleting a call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted
from portal.planning import queries as planning
from vendors.diligence import queries, test_call_actions
from vendors.diligence.checklist_views import get_candidate
from vendors.diligence.forms import TestCallForm, initial_for_test_call
from vendors.diligence.models import TestCall

PAGE_SIZE = 25
CRUMB = "Test calls"


def _list_url(engagement_pk: int, candidate_pk: int) -> str:
    return reverse(
        "diligence:test-call-list",
        kwargs={"engagement_pk": engagement_pk, "candidate_pk": candidate_pk},
    )


@require_GET
@login_required
def test_call_list(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk)
    page = Paginator(queries.candidate_test_calls(candidate), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "diligence/test_call_list.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "page": page,
            "summary": queries.candidate_summary(candidate),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


def _form_page(request, engagement, candidate, test_call: TestCall | None):
    form = TestCallForm(
        posted(request),
        initial=initial_for_test_call(test_call, request.user),
        engagement=engagement,
        scoped=planning.scoped_channels(engagement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if test_call is None:
                test_call_actions.test_call_create(
                    user=request.user, candidate=candidate, data=form.to_input()
                )
            else:
                test_call_actions.test_call_update(
                    user=request.user, test_call=test_call, data=form.to_input()
                )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Test call saved.")
            return redirect(_list_url(engagement.pk, candidate.pk))
    return render(
        request,
        "diligence/test_call_form.html",
        {"engagement": engagement, "candidate": candidate, "form": form, "test_call": test_call},
    )


@require_http_methods(["GET", "POST"])
@login_required
def test_call_create(request, engagement_pk: int, candidate_pk: int):
    engagement, candidate = get_candidate(request, engagement_pk, candidate_pk, access.CHANGE)
    return _form_page(request, engagement, candidate, None)


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
def test_call_edit(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, test_call = _test_call(request, engagement_pk, candidate_pk, pk)
    return _form_page(request, engagement, test_call.candidate, test_call)


@require_http_methods(["GET", "POST"])
@login_required
def test_call_delete(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, test_call = _test_call(request, engagement_pk, candidate_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="the test call",
            name=f"{test_call} to {test_call.candidate.vendor}",
            cancel_url=_list_url(engagement.pk, candidate_pk),
            crumb=CRUMB,
        )
    test_call_actions.test_call_delete(user=request.user, test_call=test_call)
    messages.success(request, "Test call deleted.")
    return redirect(_list_url(engagement.pk, candidate_pk))
