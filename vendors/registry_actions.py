"""Write operations of the organization-wide vendor registry: the vendor form and the
CSV import. One transaction each, audited under the user."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction

from portal import access
from portal.errors import DomainError
from vendors.models import (
    Certification,
    ClientReference,
    DeliveryLocation,
    Language,
    Vendor,
    VendorChannel,
)


@dataclass(frozen=True)
class VendorInput:
    """Everything the registry knows about a vendor, as the form or a CSV row gives it.

    ``given`` names the fields the source carries (a CSV file may hold only some
    columns); None means all of them, as the vendor form does. Updating a vendor
    changes only the given fields, so a file with three columns leaves the rest of
    the record (and its channels, languages, locations...) as it was.
    """

    name: str
    headquarters_country: str
    website: str = ""
    headcount: int | None = None
    agent_turnover_percent: Decimal | None = None
    call_recording_policy: str = Vendor.CallRecording.UNKNOWN
    incentive_scheme: str = ""
    review_sources: str = ""
    review_notes: str = ""
    channels: Sequence[str] = ()
    languages: Sequence[Language] = ()
    certifications: Sequence[Certification] = ()
    locations: Sequence[tuple[str, str]] = ()  # (country, region)
    references: Sequence[tuple[str, str, str]] = field(default=())  # (company, contact, notes)
    given: frozenset[str] | None = None

    def gives(self, name: str) -> bool:
        return self.given is None or name in self.given


# The relations _vendor_write replaces row by row; every other field of VendorInput
# (but ``given``) is a column of Vendor.
_RELATIONS = ("channels", "languages", "certifications", "locations", "references")
_SCALARS = tuple(f.name for f in fields(VendorInput) if f.name not in (*_RELATIONS, "given"))


def _vendor_write(vendor: Vendor | None, data: VendorInput) -> Vendor:
    """Write ``data`` to ``vendor`` (a new one when None); the caller sets the actor.

    Related rows are created one by one, not with ``bulk_create``, so each leaves
    its audit entry; unchanged rows are kept, so the log shows only real changes.
    """
    creating = vendor is None
    vendor = vendor or Vendor()
    for name in _SCALARS:
        if creating or data.gives(name):
            value = getattr(data, name)
            setattr(vendor, name, value.strip() if isinstance(value, str) else value)
    vendor.save()
    if data.gives("languages"):
        vendor.languages.set(data.languages)
    if data.gives("certifications"):
        vendor.certifications.set(data.certifications)

    if data.gives("channels"):
        channels = set(data.channels)
        for row in vendor.channels.exclude(channel__in=channels):
            row.delete()
        existing = set(vendor.channels.values_list("channel", flat=True))
        for channel in sorted(channels - existing):
            VendorChannel.objects.create(vendor=vendor, channel=channel)

    if data.gives("locations"):
        wanted = {country.strip(): region for country, region in data.locations}
        for row in vendor.locations.all():
            if row.country not in wanted:
                row.delete()
            elif row.region != wanted[row.country]:
                row.region = wanted.pop(row.country)
                row.save()
            else:
                del wanted[row.country]
        for country, region in wanted.items():
            DeliveryLocation.objects.create(vendor=vendor, country=country, region=region)

    if data.gives("references"):
        wanted_refs = [(c.strip(), ct.strip(), n.strip()) for c, ct, n in data.references]
        for row in vendor.references.all():
            key = (row.company, row.contact, row.notes)
            if key in wanted_refs:
                wanted_refs.remove(key)
            else:
                row.delete()
        for company, contact, notes in wanted_refs:
            ClientReference.objects.create(
                vendor=vendor, company=company, contact=contact, notes=notes
            )
    return vendor


@transaction.atomic
def vendor_save(*, user, data: VendorInput, vendor: Vendor | None = None) -> Vendor:
    """Create a vendor (``vendor`` None) or replace what the registry says about one."""
    access.require_vendor_access(user, write=True)
    if vendor is not None:
        access.require_vendor_edit(user, vendor)
    name_taken = Vendor.objects.filter(name__iexact=data.name.strip())
    if vendor is not None:
        name_taken = name_taken.exclude(pk=vendor.pk)
    if name_taken.exists():
        raise DomainError(
            f"A vendor named “{data.name.strip()}” is already in the registry.", field="name"
        )
    with set_actor(user):
        return _vendor_write(vendor, data)


class VendorImportError(DomainError):
    """The rows were readable but the registry refuses some; ``errors`` names each."""

    def __init__(self, errors: list[str]):
        super().__init__("Nothing was imported: correct the rows below and try again.")
        self.errors = errors


@transaction.atomic
def vendors_import(
    *, user, rows: Iterable[VendorInput], lines: Mapping[str, int] | None = None
) -> tuple[int, int]:
    """Import validated rows in one transaction: a row whose name is in the registry
    updates that vendor, the others are created. Returns (created, updated).

    Raises VendorImportError, importing nothing, when a row would change a vendor the
    user may not (``access.vendors_locked_for``); ``lines`` (lower-cased name -> line
    of the file) lets the message name the line."""
    access.require_vendor_access(user, write=True)
    rows = list(rows)
    existing = {v.name.lower(): v for v in Vendor.objects.filter(name__in=[r.name for r in rows])}
    # name__in is case-sensitive on PostgreSQL; catch the other spellings too.
    for row in rows:
        if row.name.lower() not in existing:
            match = Vendor.objects.filter(name__iexact=row.name).first()
            if match is not None:
                existing[row.name.lower()] = match
    locked = access.vendors_locked_for(user, list(existing.values()))
    refused = []
    for row in rows:
        vendor = existing.get(row.name.lower())
        if vendor is not None and vendor.pk in locked:
            line = (lines or {}).get(row.name.lower())
            prefix = f"Line {line}: " if line else ""
            refused.append(prefix + access.locked_vendor_message(vendor))
    if refused:
        raise VendorImportError(refused)
    created = updated = 0
    with set_actor(user):
        for row in rows:
            vendor = existing.get(row.name.lower())
            _vendor_write(vendor, row)
            created, updated = (created, updated + 1) if vendor else (created + 1, updated)
    return created, updated
