"""Vendor invitations: the team's pages (members only; other teams 404) and the
vendor contact's pages under /respond/, which only a session bound to an invitation
reaches (everybody else, logged in or not, gets the plain 403 page; a wrong link
token the plain 410 page). The ``respondent`` role is such a session, bound to
``respondent_invitation(world)``; on every other URL it is an anonymous visitor."""

from tests.access_matrix import Entry, engagement_kwargs, manager_only, member_only
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_invitations import (
    InvitationFactory,
    ProposedAnswerFactory,
    ProposedEvidenceFactory,
    ProposedQuoteFactory,
    RfpRoundFactory,
)

RESPONDENT = "respondent"
TEAM_ROLES = ("anonymous", "outsider", "member", "manager", "admin")


def respondent_invitation(world):
    """The invitation the respondent role's session is bound to (one per world)."""
    if getattr(world, "invitation", None) is None:
        world.invitation = InvitationFactory(
            candidate__engagement=world.engagement, created_by=world.member
        )
    return world.invitation


def _invitation(world) -> dict:
    invitation = respondent_invitation(world)
    return {
        "engagement_pk": world.engagement.pk,
        "candidate_pk": invitation.candidate_id,
        "pk": invitation.pk,
    }


def _candidate(world) -> dict:
    invitation = respondent_invitation(world)
    return {"engagement_pk": world.engagement.pk, "candidate_pk": invitation.candidate_id}


def _answer(world) -> dict:
    proposal = ProposedAnswerFactory(invitation=respondent_invitation(world))
    return {**_candidate(world), "pk": proposal.pk}


def _quote(world) -> dict:
    proposed = ProposedQuoteFactory(invitation=respondent_invitation(world))
    return {**_candidate(world), "pk": proposed.pk}


def _file(world) -> dict:
    proposed = ProposedEvidenceFactory(proposal__invitation=respondent_invitation(world))
    return {**_candidate(world), "pk": proposed.pk}


def _respondent_item(world) -> dict:
    invitation = respondent_invitation(world)
    item = ChecklistItemFactory(checklist__candidate=invitation.candidate)
    return {"pk": item.pk}


def _respondent_file(world) -> dict:
    return {"pk": _file(world)["pk"]}


def _round(world) -> dict:
    round_ = RfpRoundFactory(engagement=world.engagement, opened_by=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": round_.pk}


def _respondent_only(ok: int, *, method: str = "get", kwargs=lambda w: {}) -> Entry:
    return Entry(
        kwargs=kwargs,
        method=method,
        expect={**dict.fromkeys(TEAM_ROLES, 403), RESPONDENT: ok},
    )


ENTRIES = {
    "invitations:round-list": member_only(kwargs=engagement_kwargs),
    "invitations:round-create": member_only(kwargs=engagement_kwargs),
    "invitations:round-detail": member_only(kwargs=_round),
    "invitations:round-extend": member_only(302, method="post", kwargs=_round),
    "invitations:round-reopen-weights": manager_only(kwargs=_round),
    "invitations:invitation-list": member_only(kwargs=_candidate),
    "invitations:invitation-detail": member_only(kwargs=_invitation),
    "invitations:invitation-revoke": member_only(302, method="post", kwargs=_invitation),
    "invitations:invitation-extend": member_only(302, method="post", kwargs=_invitation),
    "invitations:invitation-reopen": member_only(302, method="post", kwargs=_invitation),
    "invitations:review-all": member_only(302, method="post", kwargs=_invitation),
    "invitations:answer-review": member_only(302, method="post", kwargs=_answer),
    "invitations:quote-review": member_only(302, method="post", kwargs=_quote),
    "invitations:proposed-file-download": member_only(kwargs=_file),
    # A token that is no invitation's: the same plain page for everybody.
    "respond:enter": Entry(
        kwargs=lambda w: {"token": "not-a-token-of-any-invitation"},
        expect={**dict.fromkeys(TEAM_ROLES, 410), RESPONDENT: 410},
    ),
    "respond:home": _respondent_only(200),
    "respond:item": _respondent_only(200, kwargs=_respondent_item),
    "respond:file-remove": _respondent_only(302, method="post", kwargs=_respondent_file),
    "respond:quote": _respondent_only(
        200, kwargs=lambda w: {"pricing_model": "dedicated_per_hour"}
    ),
    "respond:submit": _respondent_only(302, method="post"),
}
