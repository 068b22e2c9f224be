"""Reads of the contract: its dates, its page, and the team's deadlines to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts import deadlines
from contracts.models import Contract
from contracts.team import open_engagements
from portal.models import Engagement
from vendors import queries as vendors_queries
from vendors.models import Candidate

UPCOMING_DAYS = 120


def approved_candidate(engagement: Engagement) -> Candidate | None:
    """The vendor a manager approved for this engagement (step 4), if any."""
    return vendors_queries.approved_candidate(engagement)


def contract_for(engagement: Engagement) -> Contract | None:
    return (
        Contract.objects.filter(engagement=engagement)
        .select_related("candidate__vendor", "quote", "recorded_by")
        .first()
    )


@dataclass(frozen=True)
class ContractDates:
    term: deadlines.Term | None
    notice: deadlines.Deadline | None  # the next notice deadline still ahead
    term_days_left: int | None
    notice_days_left: int | None
    upcoming: list[deadlines.Deadline]
    reminder_dates: list[tuple[deadlines.Deadline, list[date]]]


def contract_dates(contract: Contract, today: date) -> ContractDates:
    t = contract.terms
    term = deadlines.current_term(t, today)
    notice = deadlines.next_notice_deadline(t, today)
    upcoming = deadlines.upcoming_deadlines(t, today, 400)[:4]
    return ContractDates(
        term=term,
        notice=notice,
        term_days_left=deadlines.days_left(term.end, today) if term else None,
        notice_days_left=deadlines.days_left(notice.date, today) if notice else None,
        upcoming=upcoming,
        reminder_dates=[(d, deadlines.reminder_dates(d.date)) for d in upcoming],
    )


@dataclass(frozen=True)
class ContractPage:
    contract: Contract | None
    candidate: Candidate | None  # the approved vendor, while no contract is recorded
    dates: ContractDates | None
    documents: list
    reminders: list


def contract_page(engagement: Engagement, today: date) -> ContractPage:
    """The contract page's rows: the contract, its documents and the last reminders sent."""
    contract = contract_for(engagement)
    if contract is None:
        return ContractPage(None, approved_candidate(engagement), None, [], [])
    return ContractPage(
        contract=contract,
        candidate=None,
        dates=contract_dates(contract, today),
        documents=list(contract.documents.select_related("uploaded_by")),
        reminders=list(contract.reminders.all()[:20]),
    )


@dataclass(frozen=True)
class UpcomingDeadline:
    engagement: Engagement
    contract: Contract
    deadline: deadlines.Deadline
    days_left: int


def team_upcoming_deadlines(user, today: date, horizon: int = UPCOMING_DAYS):
    """Notice deadlines and term ends in the next ``horizon`` days, on open engagements."""
    contracts = Contract.objects.filter(engagement__in=open_engagements(user)).select_related(
        "engagement", "candidate__vendor"
    )
    found = [
        UpcomingDeadline(c.engagement, c, d, deadlines.days_left(d.date, today))
        for c in contracts
        for d in deadlines.upcoming_deadlines(c.terms, today, horizon)
    ]
    return sorted(found, key=lambda u: (u.deadline.date, u.engagement.title))
