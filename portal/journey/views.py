"""Dashboard, engagements and their history: the pages that show a whole engagement.
Thin: access, form, action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts import standing
from portal import access, actions, derived, fragments, queries
from portal.errors import DomainError
from portal.filters import EngagementFilter
from portal.forms import EngagementCreateForm, EngagementForm, engagement_initial
from portal.http import posted
from portal.journey.navigator import engagement_steps, status_from_facts
from portal.journey.panels import dashboard_panels
from portal.rendered_fields import rendered_fields
from portal.steps import NOT_STARTED

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50
RECENT_READ = 100  # audit entries read for the five recent lines


@require_GET
@login_required
def dashboard(request):
    teams = access.teams_user_can_create_in(request.user)
    engagement_filter = EngagementFilter(
        request.GET or None, queryset=queries.dashboard_engagements(request.user), teams=teams
    )
    team_ids = access.team_ids(request.user)

    def results() -> str:
        page = Paginator(engagement_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        standings = standing.standings_for(page.object_list)
        for engagement in page.object_list:
            engagement.standing = standings.get(engagement.pk)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "page": page,
            "query": query.urlencode(),
            "is_filtered": bool(query),
            "has_teams": bool(team_ids),
        }
        return render_to_string("portal/_dashboard_results.html", context)

    # The list (and its standings) reads only the teams' engagements and the query:
    # rendered once per change of the teams for everyone who sees them.
    scope = f"list:{sorted(team_ids)}:{request.GET.urlencode()}"
    return render(
        request,
        "portal/dashboard.html",
        {
            "filter": engagement_filter,
            "filter_fields": rendered_fields(engagement_filter.form),
            "results": mark_safe(
                derived.cached_for_teams(scope, team_ids, "dashboard-list", results)
            ),
            "has_teams": bool(team_ids),
            "panels": dashboard_panels(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def engagement_create(request):
    teams = access.teams_user_can_create_in(request.user)
    if not teams:
        messages.error(request, "You are not a member of any team yet; ask an administrator.")
        return redirect("portal:dashboard")
    form = EngagementCreateForm(posted(request), teams=teams)
    if request.method == "POST" and form.is_valid():
        engagement = actions.engagement_create(
            user=request.user,
            team=form.cleaned_data["team"],
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            currency=form.cleaned_data["currency"] or "USD",
        )
        messages.success(request, f"Engagement “{engagement.title}” created.")
        return redirect(engagement)
    return render(request, "portal/engagement_form.html", {"form": form, "engagement": None})


@require_GET
@login_required
def engagement_detail(request, pk: int):
    engagement = access.get_engagement_for_user(request, pk)
    can_change = access.can(request.user, access.CHANGE, engagement)
    can_approve = access.can(request.user, access.APPROVE, engagement)

    def context():
        steps = engagement_steps(engagement)
        return {
            "engagement": engagement,
            "steps": steps,
            "standing": standing.vendor_standing(engagement),
            # Nothing done yet: the page's main button starts step 1, not a report.
            "is_empty": all(step.status.state == NOT_STARTED for step in steps),
            "can_change": can_change,
            "can_approve": can_approve,
            "recent_history": derived.cached(
                engagement, "recent-history", lambda: _recent_history(engagement)
            ),
        }

    # Rendered once per version of the engagement and viewer's rights, from figures
    # kept per version of what each reads (a change recomputes only those it moves).
    content = fragments.cached_page_part(
        request,
        engagement,
        f"engagement:{can_change:d}{can_approve:d}",
        "portal/_engagement_detail_content.html",
        context,
    )
    return render(
        request,
        "portal/engagement_detail.html",
        {"engagement": engagement, "content": content},
    )


def _recent_history(engagement) -> list:
    # A bulk creation (a checklist's items) is one line: read enough to fill five.
    # The lines show who, when and what, never the changes: those are not read.
    entries = queries.engagement_history(engagement).defer(
        "changes", "changes_text", "serialized_data"
    )[:RECENT_READ]
    return queries.group_history((entry, []) for entry in entries)[:5]


@require_http_methods(["GET", "POST"])
@login_required
def engagement_edit(request, pk: int):
    engagement = access.get_engagement_for_user(request, pk, action=access.CHANGE)
    form = EngagementForm(posted(request), initial=engagement_initial(engagement))
    if request.method == "POST" and form.is_valid():
        actions.engagement_update(
            user=request.user,
            engagement=engagement,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            currency=form.cleaned_data["currency"] or None,
        )
        messages.success(request, "Engagement saved.")
        return redirect(engagement)
    return render(request, "portal/engagement_form.html", {"form": form, "engagement": engagement})


@require_POST
@login_required
def engagement_close(request, pk: int):
    engagement = access.get_engagement_for_user(request, pk, action=access.APPROVE)
    try:
        actions.engagement_close(user=request.user, engagement=engagement)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Engagement closed.")
    return redirect(engagement)


@require_POST
@login_required
def engagement_reopen(request, pk: int):
    engagement = access.get_engagement_for_user(request, pk, action=access.APPROVE)
    try:
        actions.engagement_reopen(
            user=request.user, engagement=engagement, to=status_from_facts(engagement)
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Engagement reopened.")
    return redirect(engagement)


@require_GET
@login_required
def engagement_history(request, pk: int):
    """Each page's table is rendered once per version of the engagement (and of the
    site): a new audit entry moves the engagement's version, a renamed person, vendor
    or team the site's, so a kept table never misses a change."""
    engagement = access.get_engagement_for_user(request, pk)
    entries = queries.engagement_history(engagement)
    paginator = Paginator(entries, HISTORY_PAGE_SIZE)
    # The count moves only with a new entry: kept too, instead of a COUNT per view.
    paginator.count = derived.cached(engagement, "history-count", entries.count)
    page = paginator.get_page(request.GET.get("page"))

    def table() -> str:
        rows = queries.group_history(queries.history_rows(page.object_list))
        return render_to_string("includes/history_table.html", {"page": page, "rows": rows})

    return render(
        request,
        "portal/engagement_history.html",
        {
            "engagement": engagement,
            "table": mark_safe(derived.cached(engagement, f"history-{page.number}", table)),
        },
    )
