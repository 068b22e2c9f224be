"""Pages of steps 5-7. Thin: access, form, one action, redirect or render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts import actions, forms, queries
from contracts.models import (
    WATCH_ONLY_REASON,
    ContractDocument,
    EscalationLevel,
    ExitTrigger,
    FollowUpAction,
    LiaisonEntry,
    RaciRow,
    Sla,
    TransitionStep,
)
from portal import access, uploads
from portal.errors import DomainError

LIAISON_PAGE_SIZE = 25


def _url(name: str, engagement, **kwargs) -> str:
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


def _form_page(request, engagement, form, *, title: str, crumb: str, back: str, intro: str = ""):
    return render(
        request,
        "contracts/form.html",
        {
            "engagement": engagement,
            "form": form,
            "title": title,
            "crumb": crumb,
            "back": back,
            "intro": intro,
        },
    )


def _today():
    return timezone.localdate()


def _confirm_delete(request, engagement, *, what, name, cancel, crumb, consequences=()):
    """The page a Delete button leads to: nothing is deleted until its form is posted."""
    return render(
        request,
        "contracts/confirm_delete.html",
        {
            "engagement": engagement,
            "what": what,
            "name": name,
            "cancel": cancel,
            "crumb": crumb,
            "consequences": [line for line in consequences if line],
        },
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --- Contract -------------------------------------------------------------------


@require_GET
@login_required
def contract_detail(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    return _contract_page(request, engagement)


def _contract_page(request, engagement, *, document_form=None, status=200):
    contract = queries.contract_for(engagement)
    today = _today()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "engagement": engagement,
            "contract": contract,
            "candidate": None if contract else queries.approved_candidate(engagement),
            "dates": queries.contract_dates(contract, today) if contract else None,
            "documents": list(contract.documents.select_related("uploaded_by")) if contract else [],
            "reminders": list(contract.reminders.all()[:20]) if contract else [],
            "document_form": document_form or (forms.DocumentForm() if contract else None),
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "today": today,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    candidate = queries.approved_candidate(engagement)
    if candidate is None:
        messages.error(request, "A manager must approve a vendor before its contract is recorded.")
        return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    contract = queries.contract_for(engagement)
    form = forms.ContractForm(
        request.POST or None, instance=contract, quotes=candidate.quotes.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.contract_save(user=request.user, engagement=engagement, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Contract with {candidate.vendor} saved.")
            return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title=f"Contract with {candidate.vendor}",
        crumb="Contract",
        back=_url("contract-detail", engagement),
        intro="Pay maximum attention to the contract: the notice period and renewal terms "
        "decide when you can leave, and the quality standards whether you can leave early.",
    )


# --- Liaison --------------------------------------------------------------------


@require_GET
@login_required
def liaison_list(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    filter_form = forms.LiaisonFilterForm(request.GET or None)
    criteria = filter_form.cleaned_data if filter_form.is_valid() else {}
    entries = queries.liaison_entries(
        engagement,
        q=criteria.get("q", "").strip(),
        kind=criteria.get("kind", ""),
        open_only=criteria.get("open", False),
    )
    page = Paginator(entries, LIAISON_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    today = _today()
    return render(
        request,
        "contracts/liaison_list.html",
        {
            "engagement": engagement,
            "governance": queries.governance_for(engagement),
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "is_filtered": bool(query),
            "counts": queries.open_action_counts(engagement, today),
            "today": today,
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def liaison_entry_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.LiaisonEntryForm(request.POST or None, initial={"date": _today()})
    if request.method == "POST" and form.is_valid():
        entry = actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=None, data=form.cleaned_data
        )
        messages.success(request, "Liaison entry added. Add its follow-up actions below.")
        return redirect("contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="New liaison entry",
        crumb="Liaison log",
        back=_url("liaison-list", engagement),
    )


def _entry_page(request, engagement, entry, action_form, status=200):
    actions_ = list(entry.actions.select_related("owner"))
    return render(
        request,
        "contracts/liaison_entry.html",
        {
            "engagement": engagement,
            "entry": entry,
            "actions": actions_,
            "action_form": action_form,
            "today": _today(),
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
    users = queries.team_users(engagement)
    return _entry_page(request, engagement, entry, forms.FollowUpActionForm(users=users))


@require_http_methods(["GET", "POST"])
@login_required
def liaison_entry_edit(request, engagement_pk: int, pk: int):
    engagement, entry = _get_entry(request, engagement_pk, pk, access.CHANGE)
    form = forms.LiaisonEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        actions.liaison_entry_save(
            user=request.user, engagement=engagement, entry=entry, data=form.cleaned_data
        )
        messages.success(request, "Liaison entry saved.")
        return redirect("contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="Edit liaison entry",
        crumb="Liaison log",
        back=_url("liaison-entry-detail", engagement, pk=entry.pk),
    )


@require_POST
@login_required
def followup_create(request, engagement_pk: int, pk: int):
    engagement, entry = _get_entry(request, engagement_pk, pk, access.CHANGE)
    form = forms.FollowUpActionForm(request.POST, users=queries.team_users(engagement))
    if form.is_valid():
        actions.followup_action_add(user=request.user, entry=entry, **form.cleaned_data)
        messages.success(request, "Follow-up action added.")
        return redirect("contracts:liaison-entry-detail", engagement_pk=engagement.pk, pk=entry.pk)
    return _entry_page(request, engagement, entry, form)


@require_POST
@login_required
def followup_done(request, engagement_pk: int, pk: int):
    engagement, action = access.get_for_engagement(
        request,
        FollowUpAction.objects.select_related("entry"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="entry__engagement",
    )
    done = request.POST.get("done") != "0"
    actions.followup_action_set_done(user=request.user, action=action, done=done)
    messages.success(request, "Action marked done." if done else "Action reopened.")
    if request.POST.get("next") == "list":
        return redirect(_url("liaison-list", engagement))
    return redirect(_url("liaison-entry-detail", engagement, pk=action.entry_id))


@require_http_methods(["GET", "POST"])
@login_required
def governance_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    governance = queries.governance_for(engagement)
    initial = (
        {
            "liaison": governance.liaison,
            "monitor": governance.monitor,
            "procedures": governance.procedures,
        }
        if governance
        else {}
    )
    form = forms.GovernanceForm(
        request.POST or None, initial=initial, users=queries.team_users(engagement)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.governance_save(user=request.user, engagement=engagement, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Liaison and monitoring roles saved.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="Liaison, monitoring and procedures",
        crumb="Governance",
        back=_url("monitoring", engagement),
    )


# --- Monitoring -----------------------------------------------------------------


@require_GET
@login_required
def monitoring(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    table = queries.kpi_table(engagement)
    contract = queries.contract_for(engagement)
    return render(
        request,
        "contracts/monitoring.html",
        {
            "engagement": engagement,
            "table": table,
            "charts": queries.kpi_charts(table),
            "governance": queries.governance_for(engagement),
            "raci_rows": list(RaciRow.objects.filter(engagement=engagement)),
            "escalation": list(EscalationLevel.objects.filter(engagement=engagement)),
            "contract": contract,
            "testcall_url": queries.testcall_url(engagement, contract),
            "watch_only_reason": WATCH_ONLY_REASON,
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


def _get_sla(request, engagement_pk, pk):
    return access.get_for_engagement(
        request, Sla.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )


def _sla_form(request, engagement, sla):
    form = forms.SlaForm(request.POST or None, instance=sla)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sla_save(
                user=request.user, engagement=engagement, sla=sla, data=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "SLA saved.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="Edit SLA" if sla else "New SLA",
        crumb="Monitoring",
        back=_url("monitoring", engagement),
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
        return _confirm_delete(
            request,
            engagement,
            what="SLA",
            name=sla.title,
            crumb="Monitoring",
            cancel=_url("monitoring", engagement),
            consequences=[
                records and f"Its {_plural(records, 'KPI record')} will be deleted with it.",
                triggers
                and f"{_plural(triggers, 'exit trigger condition')} watching it will be deleted.",
            ],
        )
    actions.sla_delete(user=request.user, sla=sla)
    messages.success(request, f"SLA “{sla.title}” and its KPI records deleted.")
    return redirect("contracts:monitoring", engagement_pk=engagement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def kpi_record(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    slas = queries.slas_for(engagement)
    if not slas:
        messages.error(request, "Add the contract's SLAs before recording KPIs.")
        return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    initial = {"period": queries.previous_month(_today())}
    form = forms.KpiMonthForm(request.POST or None, initial=initial, slas=slas)
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.kpi_record_month(
                user=request.user,
                engagement=engagement,
                period=form.cleaned_data["period"],
                values=form.values(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            period = form.cleaned_data["period"]
            messages.success(request, f"{count} KPI value(s) saved for {period:%B %Y}.")
            return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="Record a month's KPIs",
        crumb="Monitoring",
        back=_url("monitoring", engagement),
        intro="Values already recorded for the month are replaced; "
        "blank fields are left as they were.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def kpi_import(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    slas = queries.slas_for(engagement)
    form = forms.KpiImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = actions.kpi_import_csv(
                user=request.user, engagement=engagement, text=form.cleaned_data["file"]
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


def _governance_row_form(request, engagement, row, form_class, save, *, title):
    form = form_class(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            save(user=request.user, engagement=engagement, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{title} saved.")
            return redirect(_url("monitoring", engagement) + "#governance")
    return _form_page(
        request,
        engagement,
        form,
        title=title,
        crumb="Governance",
        back=_url("monitoring", engagement),
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    return _governance_row_form(
        request,
        engagement,
        None,
        forms.RaciRowForm,
        lambda **kw: actions.raci_row_save(row=None, **kw),
        title="RACI row",
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_edit(request, engagement_pk: int, pk: int):
    engagement, row = access.get_for_engagement(
        request, RaciRow.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )
    return _governance_row_form(
        request,
        engagement,
        row,
        forms.RaciRowForm,
        lambda **kw: actions.raci_row_save(row=row, **kw),
        title="RACI row",
    )


@require_http_methods(["GET", "POST"])
@login_required
def raci_delete(request, engagement_pk: int, pk: int):
    engagement, row = access.get_for_engagement(
        request, RaciRow.objects.all(), engagement_pk=engagement_pk, pk=pk, action=access.CHANGE
    )
    if request.method == "GET":
        return _confirm_delete(
            request,
            engagement,
            what="RACI row",
            name=row.activity,
            crumb="Governance",
            cancel=_url("monitoring", engagement) + "#governance",
        )
    actions.governance_row_delete(user=request.user, row=row)
    messages.success(request, f"RACI row “{row.activity}” deleted.")
    return redirect(_url("monitoring", engagement) + "#governance")


@require_http_methods(["GET", "POST"])
@login_required
def escalation_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    return _governance_row_form(
        request,
        engagement,
        None,
        forms.EscalationLevelForm,
        lambda **kw: actions.escalation_level_save(level=None, **kw),
        title="Escalation level",
    )


@require_http_methods(["GET", "POST"])
@login_required
def escalation_edit(request, engagement_pk: int, pk: int):
    engagement, level = access.get_for_engagement(
        request,
        EscalationLevel.objects.all(),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    return _governance_row_form(
        request,
        engagement,
        level,
        forms.EscalationLevelForm,
        lambda **kw: actions.escalation_level_save(level=level, **kw),
        title="Escalation level",
    )


@require_http_methods(["GET", "POST"])
@login_required
def escalation_delete(request, engagement_pk: int, pk: int):
    engagement, level = access.get_for_engagement(
        request,
        EscalationLevel.objects.all(),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    if request.method == "GET":
        return _confirm_delete(
            request,
            engagement,
            what="escalation level",
            name=f"Level {level.level}: {level.who}",
            crumb="Governance",
            cancel=_url("monitoring", engagement) + "#governance",
        )
    actions.governance_row_delete(user=request.user, row=level)
    messages.success(request, f"Escalation level {level.level} deleted.")
    return redirect(_url("monitoring", engagement) + "#governance")


# --- Exit plan ------------------------------------------------------------------


@require_GET
@login_required
def exit_plan(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    return render(
        request,
        "contracts/exit_plan.html",
        {
            "engagement": engagement,
            "assessment": queries.exit_assessment(engagement, _today()),
            "can_change": access.can(request.user, access.CHANGE, engagement),
            "today": _today(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def exit_plan_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.ExitPlanForm(request.POST or None, instance=queries.exit_plan_for(engagement))
    if request.method == "POST" and form.is_valid():
        actions.exit_plan_save(user=request.user, engagement=engagement, data=form.cleaned_data)
        messages.success(request, "Exit plan saved.")
        return redirect("contracts:exit-plan", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="Exit plan",
        crumb="Exit plan",
        back=_url("exit-plan", engagement),
        intro="Keep the in-house option: how long it takes to hire and train a team that "
        "can take the calls back, what it costs, and what the vendor must return or destroy.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def exit_trigger_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    slas = Sla.objects.filter(engagement=engagement).exclude(metric="aht")
    form = forms.ExitTriggerForm(request.POST or None, slas=slas)
    if request.method == "POST" and form.is_valid():
        try:
            actions.exit_trigger_add(
                user=request.user, engagement=engagement, data=form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Trigger condition added.")
            return redirect("contracts:exit-plan", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="New trigger condition",
        crumb="Exit plan",
        back=_url("exit-plan", engagement),
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
    return redirect("contracts:exit-plan", engagement_pk=engagement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def exit_trigger_delete(request, engagement_pk: int, pk: int):
    engagement, trigger = _get_trigger(request, engagement_pk, pk)
    if request.method == "GET":
        return _confirm_delete(
            request,
            engagement,
            what="trigger condition",
            name=trigger.description or trigger.get_kind_display(),
            crumb="Exit plan",
            cancel=_url("exit-plan", engagement),
        )
    actions.exit_row_delete(user=request.user, row=trigger)
    messages.success(request, "Trigger condition deleted.")
    return redirect("contracts:exit-plan", engagement_pk=engagement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def transition_step_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.TransitionStepForm(request.POST or None, users=queries.team_users(engagement))
    if request.method == "POST" and form.is_valid():
        actions.transition_step_add(user=request.user, engagement=engagement, **form.cleaned_data)
        messages.success(request, "Transition step added.")
        return redirect("contracts:exit-plan", engagement_pk=engagement.pk)
    return _form_page(
        request,
        engagement,
        form,
        title="New transition step",
        crumb="Exit plan",
        back=_url("exit-plan", engagement),
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
    return redirect("contracts:exit-plan", engagement_pk=engagement.pk)


@require_http_methods(["GET", "POST"])
@login_required
def transition_step_delete(request, engagement_pk: int, pk: int):
    engagement, step = _get_step(request, engagement_pk, pk)
    if request.method == "GET":
        return _confirm_delete(
            request,
            engagement,
            what="transition step",
            name=step.description,
            crumb="Exit plan",
            cancel=_url("exit-plan", engagement),
        )
    actions.exit_row_delete(user=request.user, row=step)
    messages.success(request, "Transition step deleted.")
    return redirect("contracts:exit-plan", engagement_pk=engagement.pk)


# --- Contract documents ---------------------------------------------------------


def _get_document(request, engagement_pk, pk, action=access.VIEW):
    return access.get_for_engagement(
        request,
        ContractDocument.objects.select_related("contract"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
        via="contract__engagement",
    )


@require_POST
@login_required
def document_upload(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    contract = queries.contract_for(engagement)
    if contract is None:
        messages.error(request, "Record the contract before adding its documents.")
        return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    form = forms.DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document = actions.contract_document_add(
                user=request.user,
                contract=contract,
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, f"Document “{document.title}” uploaded.")
            return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
    messages.error(request, "The document was not uploaded; see the reason below.")
    return _contract_page(request, engagement, document_form=form, status=400)


@require_GET
@login_required
def document_download(request, engagement_pk: int, pk: int):
    _, document = _get_document(request, engagement_pk, pk)
    if not default_storage.exists(document.storage_name):
        raise Http404(
            f"The file of “{document.title}” is no longer stored. "
            "Upload the document again, or ask an administrator to restore it."
        )
    return uploads.private_download(
        document.storage_name,
        download_name=document.original_name,
        content_type=document.content_type,
    )


@require_http_methods(["GET", "POST"])
@login_required
def document_delete(request, engagement_pk: int, pk: int):
    engagement, document = _get_document(request, engagement_pk, pk, access.CHANGE)
    if request.method == "GET":
        return _confirm_delete(
            request,
            engagement,
            what="document",
            name=document.title,
            crumb="Contract",
            cancel=_url("contract-detail", engagement) + "#documents",
            consequences=[f"The stored file {document.original_name} will be deleted too."],
        )
    actions.contract_document_delete(user=request.user, document=document)
    messages.success(request, f"Document “{document.title}” deleted.")
    return redirect("contracts:contract-detail", engagement_pk=engagement.pk)
