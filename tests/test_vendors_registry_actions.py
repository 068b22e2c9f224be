"""Writes to the vendor registry: the form's save and the CSV import."""

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError

from portal.errors import DomainError
from tests.factories import VendorFactory
from vendors.models import ClientReference, DeliveryLocation, Vendor, VendorChannel
from vendors.registry_actions import VendorInput, vendor_save, vendors_import

LIMA = VendorInput(
    name="Lima Contact Partners",
    headquarters_country="Peru",
    channels=["inbound_phone", "email"],
    locations=[("Peru", "latin_america"), ("Atlantis", "worldwide")],
    references=[("Andes Telecom", "R. Soto", "Two years"), ("Coastal Bank", "", "")],
)


def test_a_name_already_in_the_registry_is_refused_by_the_name_field(member):
    VendorFactory(name="Lima Contact Partners")
    with pytest.raises(DomainError) as exc:
        vendor_save(
            user=member,
            data=VendorInput(name="lima contact partners ", headquarters_country="Peru"),
        )
    assert list(exc.value.fields) == ["name"]
    assert "already in the registry" in str(exc.value)
    assert Vendor.objects.count() == 1


def test_import_is_one_transaction(member):
    # The second row breaks a database constraint (a negative headcount) only once the
    # first is written: nothing of the file stays.
    broken = VendorInput(name="Second", headquarters_country="Kenya", headcount=-1)
    with pytest.raises(IntegrityError):
        vendors_import(user=member, rows=[LIMA, broken])
    assert not Vendor.objects.exists()


def test_import_leaves_an_audit_entry_for_each_related_row(member):
    vendors_import(user=member, rows=[LIMA])
    vendor = Vendor.objects.get(name="Lima Contact Partners")
    for model, count in ((VendorChannel, 2), (DeliveryLocation, 2), (ClientReference, 2)):
        entries = LogEntry.objects.get_for_model(model).filter(action=LogEntry.Action.CREATE)
        pks = {str(pk) for pk in model.objects.filter(vendor=vendor).values_list("pk", flat=True)}
        assert {e.object_pk for e in entries} == pks and len(pks) == count
        assert all(e.actor == member for e in entries)


def test_import_refuses_a_vendor_of_another_teams_open_engagement_and_saves_nothing(member):
    from django.core.exceptions import PermissionDenied

    from tests.factories import CandidateFactory, EngagementFactory
    from vendors.registry_actions import VendorImportError

    acme = VendorFactory(name="Acme", headquarters_country="Peru")
    CandidateFactory(engagement=EngagementFactory(), vendor=acme)
    rows = [LIMA, VendorInput(name="acme", headquarters_country="Chile")]
    with pytest.raises(VendorImportError) as exc:
        vendors_import(user=member, rows=rows, lines={"acme": 4})
    assert exc.value.errors == [
        "Line 4: Acme is shortlisted by another team's open engagement; "
        "only a manager may change it."
    ]
    assert Vendor.objects.count() == 1
    assert Vendor.objects.get().headquarters_country == "Peru"
    with pytest.raises(PermissionDenied):
        vendor_save(user=member, vendor=acme, data=VendorInput("Acme", "Chile"))


def test_a_manager_imports_it(manager):
    from tests.factories import CandidateFactory, EngagementFactory

    acme = VendorFactory(name="Acme", headquarters_country="Peru")
    CandidateFactory(engagement=EngagementFactory(), vendor=acme)
    assert vendors_import(user=manager, rows=[VendorInput("Acme", "Chile")]) == (0, 1)
    acme.refresh_from_db()
    assert acme.headquarters_country == "Chile"
    assert LogEntry.objects.get_for_object(acme).filter(actor=manager).exists()
