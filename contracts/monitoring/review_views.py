"""The vendor's tier page (step 6): the suggested tier, the re-assessment cadence and
the form a manager sets them with. Thin: access, form, action, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from contracts import standing_rules
from contracts.contract.queries import contract_for
from contracts.monitoring import forms, review_actions
from contracts.monitoring.review_queries import cadence_for
from contracts.pages import form_saved
from portal import access
from portal.http import posted


def _initial(cadence) -> dict:
    row = cadence.tier_row if cadence else None
    if row is None:
        return {"data_handled": standing_rules.DATA_CONTACT}
    return {
        "data_handled": row.data_handled,
        "tier": row.tier or "",
        "interval_months": row.interval_months,
        "reason": row.reason,
    }


@require_http_methods(["GET", "POST"])
@login_required
def vendor_tier(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk, action=access.APPROVE)
    contract = contract_for(engagement)
    today = timezone.localdate()
    cadence = cadence_for(contract, today, engagement)
    form = forms.VendorTierForm(posted(request), initial=_initial(cadence))
    if (
        contract is not None
        and request.method == "POST"
        and form_saved(
            request,
            form,
            lambda data: review_actions.vendor_tier_save(
                user=request.user, engagement=engagement, data=data
            ),
            "Tier saved.",
        )
    ):
        return redirect("contracts:monitoring", engagement_pk=engagement.pk)
    return render(
        request,
        "contracts/vendor_tier.html",
        {
            "engagement": engagement,
            "contract": contract,
            "cadence": cadence,
            "form": form,
            "rules": standing_rules.TIER_RULES_TEXT,
            "today": today,
        },
    )
