"""Due diligence and test calls: team members only; other teams get 404."""

from tests.access_matrix import engagement_kwargs, member_only
from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistItemFactory, EvidenceFactory, TestCallFactory


def _candidate(world) -> dict:
    candidate = CandidateFactory(engagement=world.engagement)
    return {"engagement_pk": world.engagement.pk, "candidate_pk": candidate.pk}


def _item(world, key="pk") -> dict:
    item = ChecklistItemFactory(checklist__candidate__engagement=world.engagement)
    return {
        "engagement_pk": world.engagement.pk,
        "candidate_pk": item.checklist.candidate_id,
        key: item.pk,
    }


def _evidence(world) -> dict:
    evidence = EvidenceFactory(
        item__checklist__candidate__engagement=world.engagement, uploaded_by=world.member
    )
    return {
        "engagement_pk": world.engagement.pk,
        "candidate_pk": evidence.item.checklist.candidate_id,
        "pk": evidence.pk,
    }


def _test_call(world) -> dict:
    call = TestCallFactory(candidate__engagement=world.engagement)
    return {"engagement_pk": world.engagement.pk, "candidate_pk": call.candidate_id, "pk": call.pk}


ENTRIES = {
    "diligence:overview": member_only(kwargs=engagement_kwargs),
    "diligence:checklist-detail": member_only(kwargs=_candidate),
    "diligence:checklist-export": member_only(kwargs=_candidate),
    "diligence:overview-export": member_only(kwargs=engagement_kwargs),
    "diligence:checklist-start": member_only(302, method="post", kwargs=_candidate),
    "diligence:item-edit": member_only(kwargs=_item),
    "diligence:evidence-download": member_only(kwargs=_evidence),
    "diligence:evidence-delete": member_only(302, method="post", kwargs=_evidence),
    "diligence:test-call-list": member_only(kwargs=_candidate),
    "diligence:test-call-create": member_only(kwargs=_candidate),
    "diligence:test-call-edit": member_only(kwargs=_test_call),
    "diligence:test-call-delete": member_only(302, method="post", kwargs=_test_call),
}
