"""The team's side of invitations: invite a vendor contact, revoke, extend, reopen,
and review what the contact proposed. Thin: access, form, action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import access
from portal.errors import DomainError, add_to_form
from portal.http import posted
from portal.uploads import private_download
from vendors.diligence.models import Reassessment
from vendors.invitations import actions, queries, review_actions
from vendors.invitations.forms import ExtendForm, InvitationForm
from vendors.invitations.models import Invitation, ProposedAnswer, ProposedEvidence, ProposedQuote
from vendors.models import Candidate


def _candidate(request, engagement_pk: int, candidate_pk: int, action: str):
    return access.get_for_engagement(
        request,
        Candidate.objects.select_related("vendor"),
        engagement_pk=engagement_pk,
        pk=candidate_pk,
        action=action,
    )


def _invitation(request, engagement_pk, candidate_pk, pk, action):
    return access.get_for_engagement(
        request,
        Invitation.objects.select_related("candidate__vendor", "created_by").filter(
            candidate_id=candidate_pk
        ),
        engagement_pk=engagement_pk,
        pk=pk,
        action=action,
        via="candidate__engagement",
    )


def _list_url(engagement_pk, candidate_pk) -> str:
    return reverse("invitations:invitation-list", args=[engagement_pk, candidate_pk])


def _detail_url(invitation: Invitation, engagement_pk) -> str:
    return reverse(
        "invitations:invitation-detail",
        args=[engagement_pk, invitation.candidate_id, invitation.pk],
    )


def _back(request, default: str) -> str:
    # Review buttons sit on the checklist page and on the response page; each posts
    # back where it came from (a path of this candidate only).
    value = request.POST.get("back", "")
    prefix = default.split("invitations/")[0]
    return value if value.startswith(prefix) and "//" not in value else default


def _reassessment_initial(candidate: Candidate, value: str | None) -> dict:
    """The form preset to send the candidate's open re-assessment round to its vendor
    ("Send to the vendor" on the round): the checklist and documents, no quote, the
    round's due date as the deadline. Empty when no such round is open."""
    if not value or not value.isdigit():
        return {}
    round_ = Reassessment.objects.filter(
        pk=int(value), checklist__candidate=candidate, completed_at__isnull=True
    ).first()
    if round_ is None:
        return {}
    return {
        "may_answer_checklist": True,
        "may_upload_evidence": True,
        "may_quote": False,
        "deadline": round_.due_date,
        "message": (
            f"Re-assessment {round_.number} of our due diligence: please confirm or update "
            f"each answer of the checklist, with current documents, by "
            f"{round_.due_date:%Y-%m-%d}."
        ),
    }


@require_http_methods(["GET", "POST"])
@login_required
def invitation_list(request, engagement_pk: int, candidate_pk: int):
    action = access.CHANGE if request.method == "POST" else access.VIEW
    engagement, candidate = _candidate(request, engagement_pk, candidate_pk, action)
    form = InvitationForm(
        posted(request), initial=_reassessment_initial(candidate, request.GET.get("reassessment"))
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation, raw = actions.invitation_create(
                user=request.user, candidate=candidate, data=form.to_input()
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            link = request.build_absolute_uri(reverse("respond:enter", args=[raw]))
            response = render(
                request,
                "invitations/invitation_issued.html",
                {
                    "engagement": engagement,
                    "candidate": candidate,
                    "invitation": invitation,
                    "link": link,
                },
            )
            response["Cache-Control"] = "no-store"  # the link is shown once
            return response
    return render(
        request,
        "invitations/invitation_list.html",
        {
            "engagement": engagement,
            "candidate": candidate,
            "invitations": list(queries.candidate_invitations(candidate)),
            "form": form,
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


@require_GET
@login_required
def invitation_detail(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, invitation = _invitation(request, engagement_pk, candidate_pk, pk, access.VIEW)
    return render(
        request,
        "invitations/invitation_detail.html",
        {
            "engagement": engagement,
            "candidate": invitation.candidate,
            "invitation": invitation,
            "answers": queries.response_answers(invitation),
            "quotes": queries.response_quotes(invitation),
            "events": queries.recent_events(invitation),
            "extend_form": ExtendForm(),
            "can_change": access.can(request.user, access.CHANGE, engagement),
        },
    )


def _simple(action_name: str, done: str):
    @require_POST
    @login_required
    def view(request, engagement_pk: int, candidate_pk: int, pk: int):
        engagement, invitation = _invitation(
            request, engagement_pk, candidate_pk, pk, access.CHANGE
        )
        try:
            getattr(actions, action_name)(user=request.user, invitation=invitation)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done.format(contact=invitation.contact_name))
        return redirect(_detail_url(invitation, engagement.pk))

    return view


invitation_revoke = _simple(
    "invitation_revoke", "The link of {contact} is revoked: it no longer opens."
)
invitation_reopen = _simple(
    "invitation_reopen", "The response of {contact} is open again for changes."
)


@require_POST
@login_required
def invitation_extend(request, engagement_pk: int, candidate_pk: int, pk: int):
    engagement, invitation = _invitation(request, engagement_pk, candidate_pk, pk, access.CHANGE)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the new deadline (a date).")
        return redirect(_detail_url(invitation, engagement.pk))
    try:
        actions.invitation_extend(
            user=request.user, invitation=invitation, deadline=form.cleaned_data["deadline"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The link of {invitation.contact_name} works longer now.")
    return redirect(_detail_url(invitation, engagement.pk))


def _decision(request) -> bool | None:
    return {"accept": True, "reject": False}.get(request.POST.get("decision"))


def _note(request) -> str:
    return request.POST.get("note", "")[:1000]  # the action says how long it may be


def _review(request, proposals, *, engagement_pk: int, pk: int, accept, noun: str, accepted: str):
    """Accept (`accept(proposal)`) or reject one proposal of `proposals`, then go back."""
    engagement, proposal = access.get_for_engagement(
        request,
        proposals,
        engagement_pk=engagement_pk,
        pk=pk,
        action=access.CHANGE,
        via="invitation__candidate__engagement",
    )
    default = _detail_url(proposal.invitation, engagement.pk)
    decision = _decision(request)
    try:
        if decision is None:
            raise DomainError("Choose Accept or Reject.")
        if decision:
            accept(proposal)
        else:
            review_actions.proposal_reject(
                user=request.user, proposal=proposal, note=_note(request)
            )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        done = accepted if decision else "rejected"
        messages.success(request, f"The {noun} of {proposal.invitation.source} is {done}.")
    return redirect(_back(request, default))


@require_POST
@login_required
def answer_review(request, engagement_pk: int, candidate_pk: int, pk: int):
    """Accept or reject one proposed answer."""
    return _review(
        request,
        ProposedAnswer.objects.select_related(
            "item__checklist__candidate", "invitation__candidate__vendor"
        ).filter(invitation__candidate_id=candidate_pk),
        engagement_pk=engagement_pk,
        pk=pk,
        accept=lambda proposal: review_actions.proposal_accept(
            user=request.user, proposal=proposal
        ),
        noun="answer",
        accepted="accepted",
    )


@require_POST
@login_required
def quote_review(request, engagement_pk: int, candidate_pk: int, pk: int):
    """Accept (it becomes a candidate quote) or reject one proposed quote."""
    return _review(
        request,
        ProposedQuote.objects.select_related("invitation__candidate__vendor").filter(
            invitation__candidate_id=candidate_pk
        ),
        engagement_pk=engagement_pk,
        pk=pk,
        accept=lambda proposal: review_actions.proposed_quote_accept(
            user=request.user, proposed=proposal
        ),
        noun="quote",
        accepted="accepted: it is one of the candidate's quotes now",
    )


@require_POST
@login_required
def review_all(request, engagement_pk: int, candidate_pk: int, pk: int):
    """Accept, or reject with one note, everything still awaiting review."""
    engagement, invitation = _invitation(request, engagement_pk, candidate_pk, pk, access.CHANGE)
    decision = _decision(request)
    try:
        if decision is None:
            raise DomainError("Choose Accept all or Reject all.")
        count = review_actions.proposals_review_all(
            user=request.user,
            invitation=invitation,
            accept=decision,
            note=_note(request),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        verb = "accepted" if decision else "rejected"
        messages.success(request, f"{count} proposal{'s' if count != 1 else ''} {verb}.")
    return redirect(_back(request, _detail_url(invitation, engagement.pk)))


@require_GET
@login_required
def proposed_file_download(request, engagement_pk: int, candidate_pk: int, pk: int):
    _, proposed = access.get_for_engagement(
        request,
        ProposedEvidence.objects.filter(proposal__invitation__candidate_id=candidate_pk),
        engagement_pk=engagement_pk,
        pk=pk,
        via="proposal__invitation__candidate__engagement",
    )
    if not proposed.file.name or not proposed.file.storage.exists(proposed.file.name):
        raise Http404("The file is no longer stored.")
    return private_download(
        proposed.file.name, download_name=proposed.original_name, content_type=proposed.content_type
    )
