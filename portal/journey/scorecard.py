"""The monthly scorecard's context: who and what it is about, and the month's facts
(``contracts.monitoring.scorecard``), for ``templates/reports/scorecard.html``."""

from __future__ import annotations

from django.utils import timezone

from contracts.monitoring.scorecard import scorecard_facts
from portal.people import display_name


def scorecard_context(report) -> dict:
    engagement = report.engagement
    generated_at = timezone.localtime()
    facts = scorecard_facts(engagement, report.period, generated_at.date())
    contract = facts.contract
    return {
        "report": report,
        "engagement": engagement,
        "facts": facts,
        "vendor": contract.candidate.vendor.name if contract else "",
        "owner": display_name(engagement.owner),
        "generated_at": generated_at,
    }
