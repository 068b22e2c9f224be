"""The dashboard's "due" panel: what comes due on the user's live engagements, each
row linking to where the work is done.

A row provider is ``(user, today) -> list[DueRow]`` and reads in a fixed number of
queries whatever the rows. ``ROW_PROVIDERS`` are the ones of this app (the vendor's
standing, re-assessments, expiring evidence); add a provider to it, or pass more to
``due_panel(request, providers=...)`` from a higher layer, to add rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from contracts import standing, standing_rules
from contracts.models import Contract
from contracts.monitoring.review_queries import CADENCE_QUERIES, cadences_for
from contracts.team import open_engagements
from portal.people import display_name
from vendors.diligence import queries as diligence_queries

PANEL_LIMIT = 20
# A re-assessment is listed this many days before it comes due.
COMING_DUE_DAYS = 62
# Live contracts, their cadences, expiring evidence, and the standings.
DUE_PANEL_QUERIES = 1 + CADENCE_QUERIES + 1 + standing.STANDING_QUERIES


@dataclass(frozen=True)
class DueRow:
    kind: str  # what is due: "Re-assessment", "Evidence expiring", "Vendor standing"...
    text: str
    engagement_title: str
    due: datetime.date
    url: str
    who: str = ""  # who it is assigned to, if anyone
    level: str = ""  # "danger" (late or at risk), "warning" (soon or watch), or ""


RowProvider = Callable[[object, datetime.date], list[DueRow]]


def _live_contracts(user):
    return list(
        Contract.objects.filter(engagement__in=open_engagements(user)).select_related(
            "engagement", "candidate__vendor", "quote"
        )
    )


def _checklist_url(contract: Contract) -> str:
    return reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": contract.engagement_id, "candidate_pk": contract.candidate_id},
    )


def _reassessment_row(contract: Contract, what: str, *, due: datetime.date, **more) -> DueRow:
    """A re-assessment row of `contract`, open or coming due, linking to its checklist."""
    return DueRow(
        kind="Re-assessment",
        text=f"Re-assessment of {contract.candidate.vendor} {what}",
        engagement_title=contract.engagement.title,
        due=due,
        url=_checklist_url(contract),
        **more,
    )


def review_rows(user, today: datetime.date) -> list[DueRow]:
    """Standings that are not good, re-assessments open or coming due, and evidence
    expiring in the next 30 days (expired included)."""
    contracts = _live_contracts(user)
    if not contracts:
        return []
    rows = []
    by_candidate = {c.candidate_id: c for c in contracts}
    standings = standing.standings_for([c.engagement for c in contracts], today)
    for contract in contracts:
        found = standings.get(contract.engagement_id)
        if found is None or found.level == standing.GOOD:
            continue
        rows.append(
            DueRow(
                kind="Vendor standing",
                text=f"{contract.candidate.vendor}: {found.summary}",
                engagement_title=contract.engagement.title,
                due=today,
                url=reverse(
                    "contracts:monitoring", kwargs={"engagement_pk": contract.engagement_id}
                )
                + "#standing",
                level="danger" if found.level == standing.AT_RISK else "warning",
            )
        )
    for cadence in cadences_for(contracts, today).values():
        contract = cadence.contract
        open_round = cadence.open_round
        if open_round is not None:
            rows.append(
                _reassessment_row(
                    contract,
                    f"(round {open_round.number}): answers to confirm",
                    due=open_round.due_date,
                    who=display_name(open_round.assignee),
                    level="danger" if open_round.due_date < today else "warning",
                )
            )
        elif cadence.days_to_next <= COMING_DUE_DAYS:
            rows.append(
                _reassessment_row(
                    contract,
                    f"comes due (tier {cadence.tier}, every {cadence.interval_months} months)",
                    due=cadence.next_due,
                )
            )
    soon = today + datetime.timedelta(days=standing_rules.EXPIRY_WARNING_DAYS)
    for evidence in diligence_queries.expiring_evidence(by_candidate, soon):
        contract = by_candidate[evidence.item.checklist.candidate_id]
        expired = evidence.expires_on < today
        rows.append(
            DueRow(
                kind="Evidence expired" if expired else "Evidence expiring",
                text=f"{evidence.original_name} ({evidence.item.template_item.text})",
                engagement_title=contract.engagement.title,
                due=evidence.expires_on,
                url=reverse(
                    "diligence:item-edit",
                    kwargs={
                        "engagement_pk": contract.engagement_id,
                        "candidate_pk": contract.candidate_id,
                        "pk": evidence.item_id,
                    },
                ),
                level="danger" if expired else "warning",
            )
        )
    return rows


ROW_PROVIDERS: list[RowProvider] = [review_rows]


def due_rows(user, today: datetime.date, providers: Sequence[RowProvider] = ()) -> list[DueRow]:
    rows = [row for provider in (*ROW_PROVIDERS, *providers) for row in provider(user, today)]
    return sorted(rows, key=lambda r: (r.due, r.engagement_title, r.kind))


def due_panel(request, providers: Sequence[RowProvider] = ()) -> dict:
    return panel_of(due_rows(request.user, timezone.localdate(), providers))


def panel_of(rows: list[DueRow]) -> dict:
    """The panel of ``rows`` (in any order): the first PANEL_LIMIT by date, and how
    many more there are."""
    rows = sorted(rows, key=lambda r: (r.due, r.engagement_title, r.kind))
    return {
        "template": "contracts/panel_due.html",
        "rows": rows[:PANEL_LIMIT],
        "more": max(len(rows) - PANEL_LIMIT, 0),
    }
