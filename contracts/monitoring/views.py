"""Pages of monitoring (step 6): the KPIs against the SLAs, the SLAs, recording and
importing a month's KPIs. The governance's pages are in ``governance_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from contracts.models import WATCH_ONLY_REASON, ExitTrigger, Sla
from contracts.monitoring import actions, forms, page, queries
from contracts.pages import form_page, plural, url
from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted


@require_GET
@login_required
def monitoring(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    today = timezone.localdate()
    can_change = access.can(request.user, access.CHANGE, engagement)
    can_approve = access.can(request.user, access.APPROVE, engagement)
    data, parts = page.monitoring_page(
        engagement, today, can_change=can_change, can_approve=can_approve
    )
    return render(
        request,
        "contracts/monitoring.html",
        {
            **data.context(),
            "engagement": engagement,
            "today": today,
            "can_approve": can_approve,
            "can_change": can_change,
            "watch_only_reason": WATCH_ONLY_REASON,
            "feed_tokens": queries.feed_tokens_for(engagement) if data.has_feed_tokens else [],
            "parts": parts,
        },
    )


# --- SLAs -----------------------------------------------------------------------


def _get_sla(request, engagement_pk, pk):
    return access.get_for_engagement(
        request, Sla.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )


def _sla_form(request, engagement, sla):
    form = forms.SlaForm(posted(request), instance=sla)
    if form.is_valid():
        try:
            saved = actions.sla_save(
                user=request.user, engagement=engagement, sla=sla, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            against_plan = queries.plan_check_messages(engagement, saved)
            messages.success(request, " ".join(["SLA saved.", *against_plan]))
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return form_page(
        request,
        engagement,
        form,
        title="Edit SLA" if sla else "New SLA",
        crumb="Monitoring",
        back=url("monitoring", engagement),
        intro="Prefer metrics beyond handle time: " + WATCH_ONLY_REASON,
    )


@require_http_methods(["GET", "POST"])
@login_required
def sla_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    return _sla_form(request, engagement, None)


@require_http_methods(["GET", "POST"])
@login_required
def sla_edit(request, engagement_pk: int, pk: int):
    engagement, sla = _get_sla(request, engagement_pk, pk)
    return _sla_form(request, engagement, sla)


@require_http_methods(["GET", "POST"])
@login_required
def sla_delete(request, engagement_pk: int, pk: int):
    engagement, sla = _get_sla(request, engagement_pk, pk)
    if request.method == "GET":
        records = sla.records.count()
        triggers = ExitTrigger.objects.filter(sla=sla).count()
        return confirm_delete(
            request,
            engagement=engagement,
            what="SLA",
            name=sla.title,
            crumb="Monitoring",
            cancel_url=url("monitoring", engagement),
            consequences=[
                records and f"Its {plural(records, 'KPI record')} will be deleted with it.",
                triggers
                and f"{plural(triggers, 'exit trigger condition')} watching it will be deleted.",
            ],
        )
    actions.sla_delete(user=request.user, sla=sla)
    messages.success(request, f"SLA “{sla.title}” and its KPI records deleted.")
    return redirect("contracts:monitoring", engagement_pk=engagement.pk)


# --- KPIs -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def kpi_record(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    slas = queries.slas_for(engagement)
    if not slas:
        messages.error(request, "Add the contract's SLAs before recording KPIs.")
        return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    initial = {"period": queries.previous_month(timezone.localdate())}
    form = forms.KpiMonthForm(posted(request), initial=initial, slas=slas)
    if form.is_valid():
        data = form.to_input()
        try:
            count = actions.kpi_record_month(user=request.user, engagement=engagement, data=data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"{count} KPI value(s) saved for {data.period:%B %Y}.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return form_page(
        request,
        engagement,
        form,
        title="Record a month's KPIs",
        crumb="Monitoring",
        back=url("monitoring", engagement),
        intro="Values already recorded for the month are replaced; "
        "blank fields are left as they were.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def kpi_import(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    # The test-call score is worked out from the test calls: not a column to import.
    slas = [sla for sla in queries.slas_for(engagement) if not sla.computed]
    form = forms.KpiImportForm(posted(request), request.FILES or None)
    errors: list[str] = []
    if form.is_valid():
        try:
            count = actions.kpi_import_csv(
                user=request.user, engagement=engagement, data=form.to_input()
            )
        except actions.KpiImportError as exc:
            errors = exc.errors
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{count} KPI value(s) imported.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return render(
        request,
        "contracts/kpi_import.html",
        {"engagement": engagement, "form": form, "errors": errors, "slas": slas},
    )
