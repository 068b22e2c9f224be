"""Steps 5-7: every page is the team's; members and managers alike may change it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access_matrix import engagement_kwargs, manager_only, member_only
from tests.factories import CandidateFactory
from tests.factories_contracts import (
    ContractFactory,
    EscalationLevelFactory,
    ExitTriggerFactory,
    FollowUpActionFactory,
    LiaisonEntryFactory,
    RaciRowFactory,
    SlaFactory,
    TransitionStepFactory,
)


def _with(factory, **extra):
    def kwargs(world):
        obj = factory(engagement=world.engagement, **extra)
        return {"engagement_pk": world.engagement.pk, "pk": obj.pk}

    return kwargs


def _approved(world):
    CandidateFactory(engagement=world.engagement, status="approved")
    return engagement_kwargs(world)


def _follow_up(world):
    entry = LiaisonEntryFactory(engagement=world.engagement)
    action = FollowUpActionFactory(entry=entry, owner=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": action.pk}


def _entry(world):
    return {
        "engagement_pk": world.engagement.pk,
        "pk": LiaisonEntryFactory(engagement=world.engagement).pk,
    }


def _document(world):
    from contracts.contract.actions import DocumentInput, contract_document_add

    contract = ContractFactory(engagement=world.engagement)
    upload = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n% signed contract\n", "application/pdf")
    document = contract_document_add(
        user=world.member,
        contract=contract,
        data=DocumentInput(uploaded=upload, title="Signed contract"),
    )
    return {"engagement_pk": world.engagement.pk, "pk": document.pk}


def _with_contract(world):
    ContractFactory(engagement=world.engagement)
    return engagement_kwargs(world)


def _step(world):
    step = TransitionStepFactory(engagement=world.engagement, owner=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": step.pk}


def _feed_token(world):
    from contracts.monitoring.feeds import FeedTokenInput, issue_feed_token

    token, _ = issue_feed_token(
        world.engagement, user=world.member, data=FeedTokenInput(name="Vendor WFM")
    )
    return {"engagement_pk": world.engagement.pk, "pk": token.pk}


def _live_with_channel(world):
    from portal.models import Engagement
    from tests.factories_planning import ChannelLineFactory

    ContractFactory(engagement=world.engagement)
    Engagement.objects.filter(pk=world.engagement.pk).update(status=Engagement.Status.LIVE)
    ChannelLineFactory(engagement=world.engagement)
    return engagement_kwargs(world)


def _planned_call(world):
    from django.utils import timezone

    from contracts.monitoring.plan_actions import test_call_plan_generate

    _live_with_channel(world)
    world.engagement.refresh_from_db()
    plan, _ = test_call_plan_generate(engagement=world.engagement, month=timezone.localdate())
    return {"engagement_pk": world.engagement.pk, "pk": plan.calls.first().pk}


def _upload_data(world):
    return {"file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%notes\n", "application/pdf")}


ENTRIES = {
    "contracts:contract-detail": member_only(kwargs=engagement_kwargs),
    "contracts:contract-edit": member_only(kwargs=_approved),
    "contracts:document-upload": member_only(
        302, method="post", kwargs=_with_contract, data=_upload_data
    ),
    "contracts:document-download": member_only(kwargs=_document),
    "contracts:document-delete": member_only(302, method="post", kwargs=_document),
    "contracts:liaison-list": member_only(kwargs=engagement_kwargs),
    "contracts:liaison-entry-create": member_only(kwargs=engagement_kwargs),
    "contracts:liaison-entry-detail": member_only(kwargs=_entry),
    "contracts:liaison-entry-edit": member_only(kwargs=_entry),
    # An empty form re-renders the entry page with its errors.
    "contracts:follow-up-create": member_only(200, method="post", kwargs=_entry),
    "contracts:follow-up-done": member_only(302, method="post", kwargs=_follow_up),
    "contracts:monitoring": member_only(kwargs=engagement_kwargs),
    "contracts:governance-edit": member_only(kwargs=engagement_kwargs),
    # The tier is a manager's call: members are refused the page as well as the post.
    "contracts:vendor-tier": manager_only(200, method="get", kwargs=_with_contract),
    "contracts:sla-create": member_only(kwargs=engagement_kwargs),
    "contracts:sla-edit": member_only(kwargs=_with(SlaFactory)),
    "contracts:sla-delete": member_only(302, method="post", kwargs=_with(SlaFactory)),
    "contracts:kpi-record": member_only(
        kwargs=lambda w: (SlaFactory(engagement=w.engagement), engagement_kwargs(w))[1]
    ),
    "contracts:kpi-import": member_only(kwargs=engagement_kwargs),
    "contracts:kpi-export": member_only(kwargs=engagement_kwargs),
    # Issuing shows the new token on the page that answers the POST (never a redirect).
    "contracts:feed-token-create": member_only(
        200, method="post", kwargs=engagement_kwargs, data=lambda w: {"name": "Vendor WFM"}
    ),
    "contracts:feed-token-revoke": member_only(302, method="post", kwargs=_feed_token),
    "contracts:test-call-plan": member_only(kwargs=_live_with_channel),
    "contracts:test-call-plan-generate": member_only(302, method="post", kwargs=_live_with_channel),
    "contracts:test-call-target-edit": member_only(kwargs=engagement_kwargs),
    "contracts:planned-call-log": member_only(kwargs=_planned_call),
    "contracts:raci-create": member_only(kwargs=engagement_kwargs),
    "contracts:raci-edit": member_only(kwargs=_with(RaciRowFactory)),
    "contracts:raci-delete": member_only(302, method="post", kwargs=_with(RaciRowFactory)),
    "contracts:escalation-create": member_only(kwargs=engagement_kwargs),
    "contracts:escalation-edit": member_only(kwargs=_with(EscalationLevelFactory)),
    "contracts:escalation-delete": member_only(
        302, method="post", kwargs=_with(EscalationLevelFactory)
    ),
    "contracts:exit-plan": member_only(kwargs=engagement_kwargs),
    "contracts:exit-plan-edit": member_only(kwargs=engagement_kwargs),
    "contracts:exit-trigger-create": member_only(kwargs=engagement_kwargs),
    "contracts:exit-trigger-met": member_only(
        302, method="post", kwargs=_with(ExitTriggerFactory), data=lambda w: {"met": "1"}
    ),
    "contracts:exit-trigger-delete": member_only(
        302, method="post", kwargs=_with(ExitTriggerFactory)
    ),
    "contracts:transition-step-create": member_only(kwargs=engagement_kwargs),
    "contracts:transition-step-done": member_only(302, method="post", kwargs=_step),
    "contracts:transition-step-delete": member_only(302, method="post", kwargs=_step),
}
