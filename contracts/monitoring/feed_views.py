"""Pages of the KPI feed tokens (step 6): issue one (shown once, with the line to post
with), and revoke one. The list is on the monitoring page."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contracts.models import FeedToken, Sla
from contracts.monitoring import feeds, forms, queries
from contracts.pages import form_page, url
from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import confirm_delete, posted

# The endpoint a vendor's system posts to (``portal/api``).
FEED_PATH = "/api/v1/feeds/kpis"


def _example_rows(engagement) -> str:
    """A body to post: last month's value of the contract's first SLA."""
    sla = Sla.objects.filter(engagement=engagement).first()
    month = queries.previous_month(timezone.localdate())
    row = {"metric": sla.metric if sla else "service_level", "month": f"{month:%Y-%m}"}
    return json.dumps({"rows": [{**row, "value": 81.5}]})


@require_http_methods(["GET", "POST"])
@login_required
def feed_token_create(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.CHANGE)
    form = forms.FeedTokenForm(posted(request))
    if form.is_valid():
        try:
            token, raw = feeds.issue_feed_token(engagement, user=request.user, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            # Rendered, not redirected: this response is the only place the token shows.
            response = render(
                request,
                "contracts/feed_token_issued.html",
                {
                    "engagement": engagement,
                    "token": token,
                    "raw": raw,
                    "feed_url": request.build_absolute_uri(FEED_PATH),
                    "example_rows": _example_rows(engagement),
                },
            )
            response["Cache-Control"] = "private, no-store"
            return response
    return form_page(
        request,
        engagement,
        form,
        title="Issue a KPI feed token",
        crumb="Monitoring",
        back=url("monitoring", engagement),
        intro="The vendor's system posts each month's KPIs with the token, as JSON rows or "
        "the CSV the import takes. It may write this engagement's KPIs and nothing else; "
        "it is shown once, so copy it into the vendor's system straight away.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def feed_token_revoke(request, engagement_pk: int, pk: int):
    engagement, token = access.get_for_engagement(
        request,
        FeedToken.objects.select_related("engagement__team"),
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
    )
    if request.method == "GET":
        return confirm_delete(
            request,
            engagement=engagement,
            what="feed token",
            name=str(token),
            crumb="Monitoring",
            cancel_url=url("monitoring", engagement),
            consequences=[
                "The vendor's system can no longer post KPIs with it.",
                "The KPIs it already sent stay, with the token named as their source.",
            ],
            button="Revoke feed token",
        )
    feeds.revoke_feed_token(token, user=request.user)
    messages.success(request, f"Feed token “{token}” revoked.")
    return redirect("contracts:monitoring", engagement_pk=engagement.pk)
