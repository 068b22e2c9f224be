"""Reads of invitations and responses, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from vendors.diligence.models import ChecklistGroup, ChecklistItem
from vendors.invitations.models import (
    Invitation,
    ProposedAnswer,
    ProposedEvidence,
    ProposedQuote,
    Review,
    RfpRound,
)

EVENTS_SHOWN = 20


def quote_rounds(quote_ids) -> dict[int, RfpRound]:
    """Per quote id among ``quote_ids``: the request-for-proposal round whose accepted
    response created it (one query; quotes the team typed have none)."""
    if not quote_ids:
        return {}
    rows = ProposedQuote.objects.filter(
        quote_id__in=quote_ids, status=Review.ACCEPTED, invitation__round__isnull=False
    ).select_related("invitation__round")
    return {row.quote_id: row.invitation.round for row in rows}


@dataclass(frozen=True)
class Progress:
    """How far the vendor's contacts got: "18 of 30 answered, 2 documents, quote received"."""

    invitations: int = 0
    answered: int = 0
    items_total: int = 0
    documents: int = 0
    quotes: int = 0
    submitted: int = 0

    def __str__(self) -> str:
        quote = "quote received" if self.quotes else "no quote yet"
        documents = f"{self.documents} document{'' if self.documents == 1 else 's'}"
        return f"{self.answered} of {self.items_total} answered, {documents}, {quote}"


def candidate_progress(engagement) -> dict[int, Progress]:
    """Per candidate id of ``engagement`` with an invitation: its contacts' progress
    (three queries whatever the number of candidates, invitations and answers)."""
    invitations = (
        Invitation.objects.filter(candidate__engagement=engagement)
        .values("candidate_id")
        .annotate(
            n=Count("id", distinct=True),
            submitted=Count("id", distinct=True, filter=Q(submitted_at__isnull=False)),
            answered=Count("answers__item", distinct=True, filter=~Q(answers__answer="")),
            documents=Count("answers__files", distinct=True),
            quotes=Count("quotes", distinct=True),
        )
        .order_by()
    )
    totals = dict(
        ChecklistItem.objects.filter(checklist__candidate__engagement=engagement)
        .values("checklist__candidate_id")
        .annotate(n=Count("id"))
        .values_list("checklist__candidate_id", "n")
        .order_by()
    )
    return {
        row["candidate_id"]: Progress(
            invitations=row["n"],
            answered=row["answered"],
            items_total=totals.get(row["candidate_id"], 0),
            documents=row["documents"],
            quotes=row["quotes"],
            submitted=row["submitted"],
        )
        for row in invitations
    }


def candidate_invitations(candidate):
    return (
        Invitation.objects.filter(candidate=candidate)
        .select_related("created_by")
        .annotate(
            answered=Count("answers", distinct=True, filter=~Q(answers__answer="")),
            pending=Count("answers", distinct=True, filter=Q(answers__status=Review.PENDING)),
            quote_count=Count("quotes", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def _files():
    return Prefetch("files", queryset=ProposedEvidence.objects.order_by("uploaded_at", "id"))


def response_answers(invitation: Invitation) -> list[ProposedAnswer]:
    return list(
        invitation.answers.select_related("item__template_item", "reviewed_by")
        .prefetch_related(_files())
        .order_by("item__template_item__order", "item_id")
    )


def response_quotes(invitation: Invitation) -> list[ProposedQuote]:
    return list(invitation.quotes.select_related("reviewed_by").order_by("pricing_model"))


def recent_events(invitation: Invitation):
    return list(invitation.events.order_by("-at", "-id")[:EVENTS_SHOWN])


def respondent_groups(invitation: Invitation):
    """The checklist of the invited candidate, grouped as the team's page groups it,
    each item with this invitation's proposal (or None): three queries."""
    checklist = getattr(invitation.candidate, "checklist", None)
    if checklist is None:
        return []
    items = list(
        ChecklistItem.objects.filter(checklist=checklist)
        .select_related("template_item")
        .order_by("template_item__order", "template_item_id")
    )
    proposals = {p.item_id: p for p in response_answers(invitation)}
    order = {value: index for index, value in enumerate(ChecklistGroup.values)}
    items.sort(key=lambda item: (order.get(item.template_item.group, 99), item.template_item.order))
    return [
        (ChecklistGroup(group).label, [(item, proposals.get(item.pk)) for item in group_items])
        for group, group_items in groupby(items, key=lambda item: item.template_item.group)
    ]


def checklist_proposals(checklist) -> dict[int, list[ProposedAnswer]]:
    """Per checklist item id: the answers proposed through submitted invitations that
    are awaiting review or were rejected (accepted ones are the item's answer now)."""
    if checklist is None:
        return {}
    rows = (
        ProposedAnswer.objects.filter(
            item__checklist=checklist,
            invitation__submitted_at__isnull=False,
            status__in=[Review.PENDING, Review.REJECTED],
        )
        .select_related("invitation__candidate__vendor", "reviewed_by")
        .prefetch_related(_files())
        .order_by("item_id", "invitation_id")
    )
    found: dict[int, list[ProposedAnswer]] = {}
    for proposal in rows:
        found.setdefault(proposal.item_id, []).append(proposal)
    return found


def pending_invitations(checklist) -> list[Invitation]:
    """The submitted invitations of the checklist's candidate with answers awaiting review."""
    if checklist is None:
        return []
    return list(
        Invitation.objects.filter(
            candidate_id=checklist.candidate_id,
            submitted_at__isnull=False,
            answers__status=Review.PENDING,
        )
        .select_related("candidate__vendor")
        .distinct()
        .order_by("id")
    )


def open_round(engagement) -> RfpRound | None:
    """The round of ``engagement`` still open, if any (one at a time)."""
    now = timezone.now()
    return (
        RfpRound.objects.filter(engagement=engagement, closed_at__isnull=True, deadline__gt=now)
        .order_by("-number")
        .first()
    )


def weights_refusal(engagement) -> str:
    """Why the comparison weights cannot be changed now, or ""."""
    round_ = open_round(engagement)
    if round_ is not None and round_.weights_reopened_at is None:
        return (
            f"The weights are frozen while {round_} is open (until "
            f"{timezone.localtime(round_.deadline):%Y-%m-%d %H:%M}); a manager can reopen them."
        )
    return ""


def engagement_rounds(engagement):
    return (
        RfpRound.objects.filter(engagement=engagement)
        .select_related("opened_by")
        .annotate(
            contacts=Count("invitations", distinct=True),
            submitted=Count(
                "invitations", distinct=True, filter=Q(invitations__submitted_at__isnull=False)
            ),
        )
        .order_by("-number")
    )


def round_invitations(round_):
    return list(
        round_.invitations.select_related("candidate__vendor")
        .annotate(answered=Count("answers", distinct=True, filter=~Q(answers__answer="")))
        .order_by("candidate__vendor__name", "id")
    )
