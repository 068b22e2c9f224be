from tests.access_matrix import LOGIN, Entry, any_user, manager_only, member_only
from tests.factories import CandidateFactory, QuoteFactory, VendorFactory
from tests.factories_vendors import recommended_candidate


def _vendor(world):
    return {"pk": VendorFactory().pk}


def _shortlisted_vendor(world):
    # Shortlisted in the team's open engagement: its members and managers may still edit
    # it, and so may the outsider, a manager of another team. A member of another team
    # may not (tests/test_vendors_views.py; the cast has no such member).
    return {"pk": CandidateFactory(engagement=world.engagement, added_by=world.member).vendor_id}


def _candidate(world):
    candidate = CandidateFactory(engagement=world.engagement, added_by=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": candidate.pk}


def _quote(world):
    candidate = CandidateFactory(engagement=world.engagement, added_by=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": QuoteFactory(candidate=candidate).pk}


def _recommended(world):
    candidate = recommended_candidate(engagement=world.engagement, by=world.member)
    return {"engagement_pk": world.engagement.pk, "pk": candidate.pk}


def _engagement(world):
    return {"engagement_pk": world.engagement.pk}


def _weights(world):
    return {
        "cost": 40,
        "diligence": 20,
        "test_calls": 10,
        "language": 10,
        "customer_risk": 10,
        "references": 10,
    }


# Writing to the registry takes a team membership: the site admin (in no team) reads only.
def _team_members_write(ok=200, *, method="get", kwargs=lambda w: {}, data=None) -> Entry:
    return Entry(
        kwargs=kwargs,
        method=method,
        data=data,
        expect={"anonymous": LOGIN, "outsider": ok, "member": ok, "manager": ok, "admin": 403},
    )


ENTRIES = {
    "vendors:vendor-list": any_user(),
    "vendors:vendor-detail": any_user(kwargs=_vendor),
    "vendors:vendor-export": any_user(),
    "vendors:vendor-create": _team_members_write(),
    "vendors:vendor-edit": _team_members_write(kwargs=_shortlisted_vendor),
    "vendors:vendor-import": _team_members_write(),
    "shortlist:candidate-list": member_only(kwargs=_engagement),
    "shortlist:candidate-add": member_only(kwargs=_engagement),
    "shortlist:candidate-remove": member_only(302, method="post", kwargs=_candidate),
    "shortlist:quote-add": member_only(kwargs=_candidate),
    "shortlist:quote-edit": member_only(kwargs=_quote),
    "shortlist:quote-delete": member_only(302, method="post", kwargs=_quote),
    "shortlist:compare": member_only(kwargs=_engagement),
    "shortlist:compare-export": member_only(kwargs=_engagement),
    "shortlist:weights-save": member_only(302, method="post", kwargs=_engagement, data=_weights),
    "shortlist:candidate-recommend": member_only(kwargs=_candidate),
    "shortlist:candidate-approve": manager_only(
        302, method="post", kwargs=_recommended, data=lambda w: {"reason": "Convincing."}
    ),
    "shortlist:candidate-reject": manager_only(200, method="get", kwargs=_recommended),
}
