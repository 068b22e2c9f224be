"""The demo's request-for-proposal round: Prairie Contact Center's contact submitted
and the team accepted it; of Manila Bay Contact Solutions' two contacts one answered
part of the questions and one has not opened the link yet. Idempotent. No link is
printed or e-mailed (the demo's contacts are fictional): the e-mails are marked sent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vendors.diligence.models import ChecklistItem
from vendors.invitations import respond_actions, review_actions, round_actions
from vendors.invitations.models import Invitation, RfpRound
from vendors.models import Candidate

SUBMITTED = "Prairie Contact Center"
PARTLY = "Manila Bay Contact Solutions"
ADDRESS = "198.51.100.24"  # documentation range: no real address


def _contacts(candidates: dict[str, Candidate]) -> tuple[round_actions.RoundContact, ...]:
    return (
        round_actions.RoundContact(
            candidates[SUBMITTED], "Dana Whitfield", "dana.whitfield@prairie.example"
        ),
        round_actions.RoundContact(
            candidates[PARTLY], "Marco Reyes", "marco.reyes@manilabay.example"
        ),
        round_actions.RoundContact(
            candidates[PARTLY], "Liza Santos", "liza.santos@manilabay.example"
        ),
    )


def seed(ctx):
    engagement = ctx.engagement
    if RfpRound.objects.filter(engagement=engagement).exists():
        return None
    candidates = {
        c.vendor.name: c
        for c in Candidate.objects.filter(engagement=engagement).select_related("vendor")
    }
    if SUBMITTED not in candidates or PARTLY not in candidates:
        return None
    round_, issued = round_actions.round_open(
        user=ctx.member,
        engagement=engagement,
        data=round_actions.RoundInput(
            contacts=_contacts(candidates),
            deadline=timezone.localdate() + datetime.timedelta(days=10),
            message="Please answer our due-diligence questions and quote on the brief.",
            pricing_models=("dedicated_per_hour", "monthly"),
        ),
    )
    Invitation.objects.filter(round=round_).update(emailed_at=timezone.now())
    (submitted, _), (partly, _), _open = issued
    _answer(submitted, share=1.0, with_document=True)
    respond_actions.respondent_quote_save(
        invitation=submitted,
        data=respond_actions.ProposedQuoteInput(
            pricing_model="monthly",
            rate=Decimal("5200"),
            currency="USD",
            includes="A dedicated agent per month, onshore, with QA and workforce planning.",
        ),
        address=ADDRESS,
    )
    respond_actions.respondent_submit(invitation=submitted, address=ADDRESS)
    Invitation.objects.filter(pk=submitted.pk).update(team_notified_at=timezone.now())
    submitted.refresh_from_db()
    review_actions.proposals_review_all(user=ctx.member, invitation=submitted, accept=True)
    _answer(partly, share=0.5, with_document=False)
    return None


def _answer(invitation: Invitation, *, share: float, with_document: bool) -> None:
    """Answer the items the team has not settled yet (their share ``share``)."""
    items = list(
        ChecklistItem.objects.filter(checklist__candidate=invitation.candidate, answer="")
        .select_related("template_item")
        .order_by("template_item__order", "id")
    )
    for index, item in enumerate(items[: max(1, round(len(items) * share))]):
        files = ()
        if with_document and index == 0:
            text = f"{invitation.candidate.vendor}: statement on “{item.template_item.text}”.\n"
            files = (SimpleUploadedFile("vendor-statement.txt", text.encode()),)
        respond_actions.respondent_answer_save(
            invitation=invitation,
            item=item,
            data=respond_actions.ProposedAnswerInput(
                answer=ChecklistItem.Answer.YES,
                notes="In place; our policy document describes it.",
                files=files,
            ),
            address=ADDRESS,
        )
