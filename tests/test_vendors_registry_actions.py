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
