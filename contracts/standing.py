"""The vendor's standing on each live engagement: *good*, *watch* or *at risk*, with the
reasons found in its facts (``contracts.standing_rules`` holds the thresholds).

Computed when it is read, from the rows as they are, so it is never stale: a KPI,
a test call, an exit trigger, a re-assessment or a piece of evidence changed shows
on the next page. ``standings_for`` reads any number of engagements in a fixed
number of queries (``STANDING_QUERIES`` at most); ``vendor_standing`` is the same
for one.

A live engagement is one with a contract recorded (contracts.steps) that is not
closed; others have no standing (None).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone

from contracts import exit_rules, kpis, standing_rules
from contracts.exit.queries import exit_data
from contracts.models import Contract, ExitTrigger, KpiRecord, Sla, metric_name
from contracts.monitoring.queries import SlaSeries, target_of
from contracts.monitoring.review_queries import planning_for
from portal import derived
from portal.models import Engagement
from portal.planning import queries as planning_queries
from vendors.diligence import queries as diligence_queries
from vendors.diligence.models import Evidence, Reassessment

Reason = standing_rules.Reason
GOOD, WATCH, AT_RISK = standing_rules.GOOD, standing_rules.WATCH, standing_rules.AT_RISK
THRESHOLDS = standing_rules.THRESHOLDS
THRESHOLDS_TEXT = standing_rules.THRESHOLDS_TEXT
# Contracts, SLAs, KPIs, exit triggers, scopes, channel lines, cost cases, test
# calls, re-assessments, evidence: whatever the number of engagements.
STANDING_QUERIES = 10

__all__ = [
    "AT_RISK",
    "GOOD",
    "STANDING_QUERIES",
    "THRESHOLDS",
    "THRESHOLDS_TEXT",
    "WATCH",
    "Reason",
    "Standing",
    "standings_for",
    "vendor_standing",
]


@dataclass(frozen=True)
class Standing:
    engagement_id: int
    level: str  # GOOD, WATCH or AT_RISK
    reasons: tuple[Reason, ...] = ()
    thresholds_text: str = THRESHOLDS_TEXT
    thresholds: tuple = field(default=THRESHOLDS, repr=False)

    @property
    def label(self) -> str:
        return standing_rules.LEVEL_LABELS[self.level]

    @property
    def color(self) -> str:
        """The Bootstrap color of its badge."""
        return standing_rules.LEVEL_COLORS[self.level]

    @property
    def summary(self) -> str:
        """One sentence for e-mails and the report: "Watch: SLA ... ; evidence ..."."""
        if not self.reasons:
            return f"{self.label}: no reason for concern found."
        return f"{self.label}: " + "; ".join(r.text for r in self.reasons) + "."


def vendor_standing(engagement: Engagement, today: date | None = None) -> Standing | None:
    """The standing of one engagement's vendor; None when the engagement is not live."""
    return standings_for([engagement], today).get(engagement.pk)


def _links(engagement_id: int) -> dict[str, str]:
    kwargs = {"engagement_pk": engagement_id}
    return {
        "monitoring": reverse("contracts:monitoring", kwargs=kwargs),
        "exit": reverse("contracts:exit-plan", kwargs=kwargs),
    }


def standings_for(engagements: Iterable[Engagement], today: date | None = None) -> dict:
    """{engagement id: Standing} for the live ones among ``engagements``; today's are
    computed once per change of what each reads (``portal.parts.PARTS_BUT["monitoring"]``:
    not the liaison log, not the checklist answers), in one batch for those not
    cached yet."""
    if today is not None and today != timezone.localdate():
        return _standings(engagements, today)
    found = derived.cached_many(engagements, "standing", _standings, part="monitoring")
    return {pk: value for pk, value in found.items() if value is not None}


def _standings(engagements: Iterable[Engagement], today: date | None = None) -> dict:
    today = today or timezone.localdate()
    engagements = list(engagements)
    ids = [e.pk for e in engagements]
    if not ids:
        return {}
    contracts = {
        c.engagement_id: c
        for c in Contract.objects.filter(engagement_id__in=ids)
        .exclude(engagement__status=Engagement.Status.CLOSED)
        .select_related("quote", "candidate")
    }
    if not contracts:
        return {}
    live = list(contracts)
    series = _series(live)
    triggers: dict[int, list] = {}
    for trigger in ExitTrigger.objects.filter(engagement_id__in=live).select_related("sla"):
        triggers.setdefault(trigger.engagement_id, []).append(trigger)
    planning = planning_for(
        {
            eid
            for eid, rows in triggers.items()
            if any(t.kind in (exit_rules.COST_ABOVE_BENEFIT, exit_rules.LOW_VOLUME) for t in rows)
        },
        {e.pk: e for e in engagements},
    )
    by_candidate = {c.candidate_id: eid for eid, c in contracts.items()}
    scores = diligence_queries.monthly_test_call_scores(
        by_candidate, standing_rules.months_back(today, standing_rules.SCORE_FALL_MONTHS)
    )
    overdue = {}
    for round_ in Reassessment.objects.filter(
        checklist__candidate_id__in=list(by_candidate),
        completed_at__isnull=True,
        due_date__lt=today,
    ).select_related("checklist"):
        overdue.setdefault(by_candidate[round_.checklist.candidate_id], round_)
    expired: dict[int, list[Evidence]] = {}
    for evidence in (
        Evidence.objects.filter(
            item__checklist__candidate_id__in=list(by_candidate), expires_on__lt=today
        )
        .select_related("item__checklist")
        .order_by("expires_on", "id")
    ):
        expired.setdefault(by_candidate[evidence.item.checklist.candidate_id], []).append(evidence)

    result = {}
    for eid, contract in contracts.items():
        links = _links(eid)
        engagement_series = series.get(eid, [])
        reasons = standing_rules.sla_reasons(
            [_sla_facts(s) for s in engagement_series], today, links["monitoring"]
        )
        reasons += standing_rules.score_reason(
            scores.get(contract.candidate_id, {}), today, _test_call_link(eid, contract)
        )
        checks = exit_rules.check_triggers(
            triggers.get(eid, []),
            engagement_series,
            exit_data(contract, planning.get(eid, _NO_PLANNING)),
            metric_name=metric_name,
        )
        for check in checks:
            if check.met:
                text = f"Exit trigger met: {check.trigger}"
                if check.trigger.description:
                    text += f" ({check.trigger.description})"
                reasons.append(Reason(standing_rules.EXIT_TRIGGER_MET, text, links["exit"]))
        if round_ := overdue.get(eid):
            reasons.append(
                Reason(
                    standing_rules.REASSESSMENT_OVERDUE,
                    f"Re-assessment overdue since {round_.due_date:%B %-d, %Y}",
                    _checklist_link(eid, contract),
                )
            )
        for evidence in expired.get(eid, []):
            reasons.append(
                Reason(
                    standing_rules.EVIDENCE_EXPIRED,
                    f"Evidence expired: {evidence.original_name} "
                    f"(on {evidence.expires_on:%B %-d, %Y})",
                    _checklist_link(eid, contract) + f"#item-{evidence.item_id}",
                )
            )
        result[eid] = Standing(eid, standing_rules.level_of(reasons), tuple(reasons))
    return result


_NO_PLANNING = planning_queries.PlanningData(scope=None, lines=[], cost_case=None)


def _series(engagement_ids: list[int]) -> dict[int, list[SlaSeries]]:
    """Each engagement's KPI series per SLA, as the monitoring page builds them (two queries)."""
    slas = list(Sla.objects.filter(engagement_id__in=engagement_ids))
    values: dict[int, list] = {}
    for sla_id, period, value in (
        KpiRecord.objects.filter(sla__engagement_id__in=engagement_ids)
        .order_by("period")
        .values_list("sla_id", "period", "value")
    ):
        values.setdefault(sla_id, []).append((period, value))
    result: dict[int, list[SlaSeries]] = {}
    for sla in slas:
        points = [
            (p, v, kpis.is_breach(v, target_of(sla), sla.direction))
            for p, v in values.get(sla.pk, [])
        ]
        result.setdefault(sla.engagement_id, []).append(
            SlaSeries(
                sla=sla,
                points=points,
                breaches=sum(b for *_, b in points),
                consecutive=kpis.monthly_breach_run([(p, b) for p, _, b in points]),
                longest_run=kpis.longest_breach_run([b for *_, b in points]),
                latest=points[-1][1] if points else None,
            )
        )
    return result


def _sla_facts(s: SlaSeries) -> standing_rules.SlaFacts:
    latest = s.points[-1] if s.points else None
    return standing_rules.SlaFacts(
        title=s.sla.title,
        target_text=s.sla.target_text,
        latest_period=latest[0] if latest else None,
        latest_breached=bool(latest and latest[2]),
        months_running=s.consecutive,
    )


def _test_call_link(engagement_id: int, contract: Contract) -> str:
    return reverse(
        "diligence:test-call-list",
        kwargs={"engagement_pk": engagement_id, "candidate_pk": contract.candidate_id},
    )


def _checklist_link(engagement_id: int, contract: Contract) -> str:
    return reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": engagement_id, "candidate_pk": contract.candidate_id},
    )
