"""The admin of the registry and the shortlist: pages render, the workflow status
stays read-only, deleting a candidate takes its stored evidence files along."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CandidateFactory, VendorFactory
from tests.factories_diligence import ChecklistItemFactory
from tests.factories_vendors import (
    DeliveryLocationFactory,
    VendorChannelFactory,
    certification,
    language,
)
from vendors.diligence import actions as diligence_actions


def test_deleting_a_candidate_in_the_admin_deletes_its_evidence_files(
    admin_client_, member, engagement, django_capture_on_commit_callbacks
):
    item = ChecklistItemFactory(checklist__candidate__engagement=engagement)
    evidence = diligence_actions.evidence_add(
        user=member, item=item, upload=SimpleUploadedFile("visit.txt", b"Visited the site.\n")
    )
    candidate = item.checklist.candidate
    url = reverse("admin:vendors_candidate_delete", args=[candidate.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert "was deleted successfully" in response.content.decode()
    assert not default_storage.exists(evidence.file.name)


def test_admin_pages_for_vendor_models(admin_client_, engagement):
    manila = VendorFactory(name="Manila Calls", headquarters_country="Philippines")
    DeliveryLocationFactory(vendor=manila, country="Philippines", region="asia_philippines")
    VendorChannelFactory(vendor=manila, channel="inbound_phone")
    manila.languages.add(language("English"))
    manila.certifications.add(certification("PCI DSS"))
    candidate = CandidateFactory(engagement=engagement, vendor=manila)
    for url in (
        reverse("admin:vendors_vendor_changelist"),
        reverse("admin:vendors_vendor_change", args=[manila.pk]),
        reverse("admin:vendors_candidate_changelist"),
        reverse("admin:vendors_candidate_change", args=[candidate.pk]),
        reverse("admin:vendors_language_changelist"),
        reverse("admin:vendors_certification_changelist"),
        reverse("admin:vendors_comparisonweights_changelist"),
    ):
        assert admin_client_.get(url).status_code == 200, url
    # The workflow status is not editable in the admin: only the actions move it.
    page = admin_client_.get(reverse("admin:vendors_candidate_change", args=[candidate.pk]))
    assert 'name="status"' not in page.content.decode()
