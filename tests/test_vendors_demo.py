from django.core.management import call_command

from portal.models import Engagement
from vendors.models import Candidate, CandidateTransition, Quote, Vendor


def _snapshot():
    return (
        sorted(Vendor.objects.values_list("name", flat=True)),
        sorted(Candidate.objects.values_list("vendor__name", "status")),
        Quote.objects.count(),
        sorted(CandidateTransition.objects.values_list("actor__username", "to_status")),
    )


def test_demo_seeds_registry_shortlist_and_approval_idempotently(db):
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    vendors, candidates, quotes, moves = first
    assert len(vendors) >= 8
    assert len(candidates) >= 3 and quotes >= 3
    assert ("Bogotá Nearshore CX", "approved") in candidates
    assert moves == [("manager", "approved"), ("member", "recommended")]
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    # The contracts seeder, which runs after this one, records the contract: live.
    assert engagement.status in (Engagement.Status.VENDOR_SELECTED, Engagement.Status.LIVE)
    regions = set(Vendor.objects.values_list("locations__region", flat=True))
    assert len(regions) >= 6
