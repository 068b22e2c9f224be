"""Pages of the governance (step 6): the liaison and monitoring roles, the RACI and the
escalation path, all shown on the monitoring page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from contracts.models import EscalationLevel, RaciRow
from contracts.monitoring import forms
from contracts.monitoring import governance_actions as actions
from contracts.monitoring.queries import governance_for
from contracts.pages import form_page, url
from contracts.team import team_users
from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted


def _governance_url(engagement) -> str:
    return url("monitoring", engagement) + "#governance"


@require_http_methods(["GET", "POST"])
@login_required
def governance_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    governance = governance_for(engagement)
    initial = (
        {
            "liaison": governance.liaison,
            "monitor": governance.monitor,
            "procedures": governance.procedures,
        }
        if governance
        else {}
    )
    form = forms.GovernanceForm(posted(request), initial=initial, users=team_users(engagement))
    if form.is_valid():
        try:
            actions.governance_save(user=request.user, engagement=engagement, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, "Liaison and monitoring roles saved.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return form_page(
        request,
        engagement,
        form,
        title="Liaison, monitoring and procedures",
        crumb="Governance",
        back=url("monitoring", engagement),
    )


def _row_form(request, engagement, form, save, *, title):
    """The form of a RACI row or an escalation level; ``save(data)`` calls its action."""
    if form.is_valid():
        try:
            save(form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"{title} saved.")
            return redirect(_governance_url(engagement))
    return form_page(
        request,
        engagement,
        form,
        title=title,
        crumb="Governance",
        back=url("monitoring", engagement),
    )


def _get_row(request, model, engagement_pk, pk):
    return access.get_for_engagement(
        request, model.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    return _row_form(
        request,
        engagement,
        forms.RaciRowForm(posted(request)),
        lambda data: actions.raci_row_save(
            user=request.user, engagement=engagement, row=None, data=data
        ),
        title="RACI row",
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_edit(request, engagement_pk: int, pk: int):
    engagement, row = _get_row(request, RaciRow, engagement_pk, pk)
    return _row_form(
        request,
        engagement,
        forms.RaciRowForm(posted(request), instance=row),
        lambda data: actions.raci_row_save(
            user=request.user, engagement=engagement, row=row, data=data
        ),
        title="RACI row",
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_delete(request, engagement_pk: int, pk: int):
    engagement, row = _get_row(request, RaciRow, engagement_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="RACI row",
            name=row.activity,
            crumb="Governance",
            cancel_url=_governance_url(engagement),
        )
    actions.governance_row_delete(user=request.user, row=row)
    messages.success(request, f"RACI row “{row.activity}” deleted.")
    return redirect(_governance_url(engagement))


@require_http_methods(["GET", "POST"])
@login_required
def escalation_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    return _row_form(
        request,
        engagement,
        forms.EscalationLevelForm(posted(request)),
        lambda data: actions.escalation_level_save(
            user=request.user, engagement=engagement, level=None, data=data
        ),
        title="Escalation level",
    )


@require_http_methods(["GET", "POST"])
@login_required
def escalation_edit(request, engagement_pk: int, pk: int):
    engagement, level = _get_row(request, EscalationLevel, engagement_pk, pk)
    return _row_form(
        request,
        engagement,
        forms.EscalationLevelForm(posted(request), instance=level),
        lambda data: actions.escalation_level_save(
            user=request.user, engagement=engagement, level=level, data=data
        ),
        title="Escalation level",
    )


@require_http_methods(["GET", "POST"])
@login_required
def escalation_delete(request, engagement_pk: int, pk: int):
    engagement, level = _get_row(request, EscalationLevel, engagement_pk, pk)
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="escalation level",
            name=f"Level {level.level}: {level.who}",
            crumb="Governance",
            cancel_url=_governance_url(engagement),
        )
    actions.governance_row_delete(user=request.user, row=level)
    messages.success(request, f"Escalation level {level.level} deleted.")
    return redirect(_governance_url(engagement))
