"""A large engagement for the decision report: 20 candidates with 30 checklist items
each, 36 months of 8 KPIs, a long liaison log. Used by the report tests (query
bounds, diligence summarized) and by the report benchmark."""

from __future__ import annotations

import datetime
from decimal import Decimal

from contracts.models import KpiRecord, Metric
from portal.models import Membership
from tests.factories import (
    CandidateFactory,
    EngagementFactory,
    MembershipFactory,
    QuoteFactory,
    TeamFactory,
    UserFactory,
    VendorFactory,
)
from tests.factories_contracts import (
    ContractFactory,
    ExitPlanFactory,
    ExitTriggerFactory,
    FollowUpActionFactory,
    GovernanceFactory,
    LiaisonEntryFactory,
    SlaFactory,
    TransitionStepFactory,
)
from tests.factories_diligence import ChecklistFactory, TestCallFactory, current_template
from tests.factories_planning import CustomerAssessmentFactory, scoped_engagement
from tests.factories_vendors import ClientReferenceFactory, DeliveryLocationFactory
from vendors import actions as vendor_actions
from vendors.diligence.models import ChecklistItem

CANDIDATES = 20
MONTHS = 36
APPROVAL_REASON = "Best weighted total; references confirm stable teams."
RECOMMENDATION = "Cheapest credible offer with every critical item answered yes."
# Per checklist, item i (template order) is answered "no" when i % 10 == 0, left open
# when i % 10 == 1, else "yes": three "no" and three open items per candidate.
NO_EVERY, OPEN_EVERY = 0, 1

_METRICS = [
    (Metric.SERVICE_LEVEL, "80", "higher", "%", 20),
    (Metric.ABANDONED, "5", "lower", "%", None),
    (Metric.FIRST_CONTACT_RESOLUTION, "70", "higher", "%", None),
    (Metric.REPEAT_CONTACTS, "10", "lower", "%", None),
    (Metric.CSAT, "85", "higher", "%", None),
    (Metric.QUALITY, "90", "higher", "%", None),
    (Metric.SPEED_OF_ANSWER, "30", "lower", "s", None),
    (Metric.HANDLE_TIME, None, "lower", "s", None),
]


def _month(start: datetime.date, offset: int) -> datetime.date:
    index = start.year * 12 + start.month - 1 + offset
    return datetime.date(index // 12, index % 12 + 1, 1)


def large_engagement(*, title: str = "Large outsourcing decision", prefix: str = "Large"):
    """Build and return the large engagement, its member (recommender) and manager (approver).

    ``prefix`` keeps vendor and user names apart when several are built in one database.
    """
    team = TeamFactory(name=f"{prefix} care team")
    member = UserFactory(username=f"{prefix.lower()}-member", first_name="Ana", last_name="Reyes")
    manager = UserFactory(
        username=f"{prefix.lower()}-manager", first_name="Victor", last_name="Hale"
    )
    MembershipFactory(team=team, user=member, role=Membership.Role.MEMBER)
    MembershipFactory(team=team, user=manager, role=Membership.Role.MANAGER)
    engagement = scoped_engagement(EngagementFactory(team=team, owner=member, title=title))
    CustomerAssessmentFactory(engagement=engagement)

    template_items = list(current_template().items.order_by("order", "id"))
    candidates = []
    for n in range(CANDIDATES):
        vendor = VendorFactory(name=f"{prefix} vendor {n + 1:02d}")
        DeliveryLocationFactory(vendor=vendor)
        ClientReferenceFactory(vendor=vendor)
        candidate = CandidateFactory(engagement=engagement, vendor=vendor, added_by=member)
        QuoteFactory(candidate=candidate, rate=Decimal("0.40") + Decimal(n) / 100)
        checklist = ChecklistFactory(candidate=candidate, started_by=member)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                checklist=checklist,
                template_item=item,
                answer=(
                    ChecklistItem.Answer.NO
                    if i % 10 == NO_EVERY
                    else ""
                    if i % 10 == OPEN_EVERY
                    else ChecklistItem.Answer.YES
                ),
                risk=ChecklistItem.Risk.HIGH if i % 10 == NO_EVERY else "",
                notes=f"Checked with {vendor.name}." if i % 10 == NO_EVERY else "",
                reviewer=member,
            )
            for i, item in enumerate(template_items)
        )
        for call in range(3):
            TestCallFactory(candidate=candidate, caller=member, wait_seconds=30 + 10 * call)
        candidates.append(candidate)

    chosen = candidates[0]
    vendor_actions.candidate_recommend(user=member, candidate=chosen, rationale=RECOMMENDATION)
    vendor_actions.candidate_approve(
        user=manager, candidate=chosen, reason=APPROVAL_REASON, confirm_open_critical=True
    )
    chosen.refresh_from_db()

    ContractFactory(
        engagement=engagement,
        candidate=chosen,
        start_date=datetime.date(2024, 1, 1),
        initial_term_months=36,
        recorded_by=member,
    )
    GovernanceFactory(engagement=engagement, liaison=member, monitor=manager)
    first_month = datetime.date(2023, 1, 1)
    records = []
    slas = []
    for metric, target, direction, unit, within in _METRICS:
        sla = SlaFactory(
            engagement=engagement,
            metric=metric,
            target=Decimal(target) if target else None,
            direction=direction,
            unit=unit,
            answer_within_seconds=within,
        )
        slas.append(sla)
        base = Decimal(target or "300")
        for month in range(MONTHS):
            wobble = Decimal((month * 7) % 11 - 5) / 2  # a few months on each side of target
            records.append(
                KpiRecord(
                    sla=sla,
                    period=_month(first_month, month),
                    value=base + wobble,
                    recorded_by=manager,
                )
            )
    KpiRecord.objects.bulk_create(records)
    for n in range(40):
        entry = LiaisonEntryFactory(
            engagement=engagement,
            created_by=member,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=7 * n),
            summary=f"Weekly review {n + 1}: service level, abandoned calls, staffing.",
        )
        FollowUpActionFactory(
            entry=entry,
            owner=member,
            description=f"Follow up on review {n + 1}",
            due_date=entry.date + datetime.timedelta(days=14),
            done=n % 2 == 0,
        )
    ExitPlanFactory(engagement=engagement)
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=slas[0], months=3)
    ExitTriggerFactory(engagement=engagement, kind="poor_reviews")
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit", assessed_met=True)
    for n in range(5):
        TransitionStepFactory(
            engagement=engagement,
            owner=manager,
            description=f"Transition step {n + 1}",
            due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * n),
        )
    return engagement, member, manager
