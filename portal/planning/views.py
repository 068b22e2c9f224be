"""Steps 1-3 pages. Thin: access, form, one action, redirect or render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from portal import access, fragments, xlsx
from portal.errors import DomainError, add_to_form, add_to_forms
from portal.http import posted
from portal.planning import actions, comparison, queries, recommend, scope_pack
from portal.planning.assessment_forms import AssessmentForm
from portal.planning.charts import cost_chart
from portal.planning.cost_case_forms import CostCaseForm
from portal.planning.interval_forms import IntervalImportForm
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from portal.planning.scope_forms import ScopeForm, channel_forms
from portal.reference import Channel

NOT_SAVED = "Please correct the errors below; nothing was saved."


def _can_change(request, engagement) -> bool:
    return access.can(request.user, access.CHANGE, engagement)


@require_GET
@login_required
def scope_detail(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    can_change = _can_change(request, engagement)

    def context():
        data = queries.planning_data(engagement)
        advice = (
            recommend.recommend(queries.scope_facts(data.scope, data.lines))
            if data.scope_filled
            else None
        )
        workload, problem = queries.workload_or_problem(data)
        return {
            "engagement": engagement,
            "data": data,
            "line_rows": queries.line_rows(data.lines),
            "advice": advice,
            "workload": workload,
            "workload_problem": problem,
            "can_change": can_change,
        }

    content = _planning_page(request, engagement, "scope", can_change, context)
    return render(request, "planning/scope_detail.html", {"engagement": engagement, **content})


def _planning_page(request, engagement, name: str, can_change: bool, context) -> dict:
    """A step 1-3 page's content, rendered once per version of the planning data (and
    the viewer's rights): ``{"content": html}``."""
    html = fragments.cached_page_part(
        request,
        engagement,
        f"{name}:{can_change:d}",
        f"planning/_{name}_detail_content.html",
        context,
        part="planning",
    )
    return {"content": html}


@require_http_methods(["GET", "POST"])
@login_required
def scope_edit(request, engagement_pk: int):
    """Step 1's form: the channels one at a time ("Add a channel", "Remove" are submit
    buttons that show the page again with everything typed kept, nothing saved), and
    the work and the people; "Save scope" saves it all."""
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    data = queries.planning_data(engagement)
    post = posted(request)
    shown, fresh, rearranged = _shown_channels(request, data)
    form = ScopeForm(post, instance=data.scope or NeedsScope(engagement=engagement))
    lines = channel_forms(post, lines=data.lines, shown=shown, fresh=fresh)
    if post is not None and not rearranged:
        # Validate every form (no short circuit) so each shows its own errors.
        if all([form.is_valid(), *(line.is_valid() for line in lines)]):
            try:
                actions.scope_save(
                    user=request.user, engagement=engagement, data=form.to_input(lines)
                )
            except DomainError as exc:
                add_to_forms([form, *lines], exc)
            else:
                messages.success(request, "Scope saved.")
                return redirect("planning:scope-detail", engagement_pk=engagement.pk)
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "planning/scope_form.html",
        {
            "engagement": engagement,
            "form": form,
            "line_forms": lines,
            "shown": shown,
            "addable": [(v, label) for v, label in Channel.choices if v not in shown],
        },
    )


def _shown_channels(request, data) -> tuple[list[str], frozenset[str], bool]:
    """The channels on the scope page, those just added, and whether this post only
    added or removed one (the page comes back; nothing is saved)."""
    if request.method != "POST":
        # A new scope starts with one channel to fill in (the usual first one).
        return [line.channel for line in data.lines] or [Channel.INBOUND_PHONE], frozenset(), False
    # The page lists its channels; a channel whose figures are posted is on it too.
    listed = set(request.POST.getlist("channels"))
    shown = [c for c in Channel.values if c in listed or f"{c}-contacts_per_month" in request.POST]
    if (removed := request.POST.get("remove_channel")) is not None:
        return [c for c in shown if c != removed], frozenset(), True
    if request.POST.get("action") == "add":
        added = request.POST.get("add_channel", "")
        if added in Channel.values and added not in shown:
            return [*shown, added], frozenset({added}), True
        return shown, frozenset(), True
    return shown, frozenset(), False


@require_GET
@login_required
def cost_detail(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    # The figures are rendered once per version of the engagement's (portal.fragments).
    page = fragments.cached_html(
        engagement, "cost-detail", lambda: _cost_figures(engagement), part="planning"
    )
    # The template shows the fragment; the figures are computed only if read.
    view = SimpleLazyObject(lambda: comparison.for_engagement(engagement))
    return render(
        request,
        "planning/cost_detail.html",
        {
            "engagement": engagement,
            "workload": SimpleLazyObject(lambda: view.workload),
            "comparison": SimpleLazyObject(lambda: view.comparison),
            "can_change": _can_change(request, engagement),
            **page,
        },
    )


def _cost_figures(engagement) -> dict:
    """Step 2's figures as HTML (``figures``), and whether the in-house figures exist."""
    view = comparison.for_engagement(engagement)
    chart, chart_problem = None, ""
    if view.comparison:
        # The chart runs to twice today's volume, which the staffing math may refuse.
        chart, why = cost_chart(engagement, view)
        chart_problem = f"The chart cannot be drawn for this scope: {why}" if why else ""
    figures = render_to_string(
        "planning/_cost_figures.html",
        {
            "engagement": engagement,
            "data": view.data,
            "workload": view.workload,
            "problem": view.problem,
            "comparison": view.comparison,
            "chart": chart,
            "chart_problem": chart_problem,
        },
    )
    return {"figures": figures, "has_cost_case": view.data.cost_case is not None}


@require_http_methods(["GET", "POST"])
@login_required
def cost_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    case = CostCase.objects.filter(engagement=engagement).first()
    form = CostCaseForm(
        posted(request),
        instance=case or CostCase(engagement=engagement),
        channels=queries.scoped_channels(engagement),
    )
    if form.is_bound:
        if form.is_valid():
            try:
                actions.cost_case_save(
                    user=request.user, engagement=engagement, data=form.to_input()
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, "Cost case saved.")
                return redirect("planning:cost-detail", engagement_pk=engagement.pk)
        messages.error(request, NOT_SAVED)
    return render(request, "planning/cost_form.html", {"engagement": engagement, "form": form})


@require_GET
@login_required
def customers_detail(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    can_change = _can_change(request, engagement)

    def context():
        assessment = queries.assessment_for(engagement)
        staleness = queries.assessment_staleness(assessment, queries.planning_data(engagement))
        return {
            "engagement": engagement,
            "assessment": assessment,
            "scored": queries.scored_assessment(assessment) if assessment else None,
            "staleness": staleness,
            "can_change": can_change,
        }

    content = _planning_page(request, engagement, "customers", can_change, context)
    return render(request, "planning/customers_detail.html", {"engagement": engagement, **content})


@require_http_methods(["GET", "POST"])
@login_required
def customers_edit(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    assessment = queries.assessment_for(engagement)
    channels = [line.channel for line in queries.planning_data(engagement).lines]
    form = AssessmentForm(
        posted(request),
        instance=assessment or CustomerAssessment(engagement=engagement),
        channels=channels,
    )
    if form.is_bound:
        if form.is_valid():
            try:
                saved = actions.assessment_save(
                    user=request.user, engagement=engagement, data=form.to_input()
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(
                    request, f"Assessment saved: customer-base risk {saved.risk_level}."
                )
                return redirect("planning:customers-detail", engagement_pk=engagement.pk)
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "planning/customers_form.html",
        {"engagement": engagement, "form": form, "channels": channels},
    )


def _channel_line(engagement, channel: str):
    """The engagement's line of ``channel``, or 404 (a channel not in the scope)."""
    line = ChannelLine.objects.filter(engagement=engagement, channel=channel).first()
    if line is None:
        raise Http404("No such channel in the scope.")
    return line


@require_http_methods(["GET", "POST"])
@login_required
def interval_import(request, engagement_pk: int, channel: str):
    """Step 1: a channel's arrival pattern from a file of interval volumes; the page
    shows the week the channel has now."""
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    line = _channel_line(engagement, channel)
    form = IntervalImportForm(posted(request), request.FILES or None)
    errors: list[str] = []
    if form.is_valid():
        try:
            line, result = actions.channel_line_import_intervals(
                user=request.user, engagement=engagement, channel=channel, data=form.to_input()
            )
        except actions.IntervalImportError as exc:
            errors = exc.errors
            messages.error(request, str(exc))
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                f"Interval volumes imported for {line.get_channel_display().lower()}: "
                f"{result.rows:,} intervals over {result.weeks:g} week"
                f"{'s' if result.weeks != 1 else ''}, about "
                f"{result.contacts_per_week:,.0f} contacts a week.",
            )
            return redirect(
                "planning:interval-import", engagement_pk=engagement.pk, channel=channel
            )
    elif form.is_bound:
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "planning/interval_import.html",
        {
            "engagement": engagement,
            "line": line,
            "form": form,
            "errors": errors,
            "week": queries.week_table(line),
            "hours": [f"{hour:02d}" for hour in range(24)],
        },
    )


@require_GET
@login_required
def scope_download(request, engagement_pk: int):
    """The scope and the company's figures as JSON: the input of ``cost_case``, and
    the facts a vendor's proposal needs (volumes, hours, arrival patterns, targets)."""
    engagement = access.get_engagement_for_user(request, engagement_pk)
    data = scope_pack.scope_pack(engagement)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n",
        content_type="application/json; charset=utf-8",
    )
    name = xlsx.download_name(engagement.title, "scope").removesuffix(".xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
