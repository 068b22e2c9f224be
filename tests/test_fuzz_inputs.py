"""Hostile input to the vendor form, the vendor CSV import, the KPI CSV import and the KPI
month form: generated text (NUL, lone surrogates, control characters, 100,000
characters), numbers (huge, negative, NaN, exponents) and months (years 1 to 9999).

Whatever comes in, the page answers (no server error: the test client re-raises one),
and a refused request leaves the tables as they were. The runs are bounded and
derandomized, so the suite takes the same few seconds on every run and machine.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import KpiRecord, Sla
from tests.factories_contracts import SlaFactory
from vendors.models import ClientReference, DeliveryLocation, Vendor

BOUNDED = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

_ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TEXT = st.one_of(
    st.text(_ANY_CHARACTER, max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x20), max_size=10),
    st.sampled_from(
        ["", "\x00", "Acme\x00", "Acme\r\nBcc: x@example.com", "\ud800", "=1+1", "x" * 100_000]
    ),
)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "-inf", "1e999999999", "-1e-999999999", "99999999999999999999", ""]),
    TEXT,
)
MONTH = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(
        lambda d: f"{d.year:04d}-{d.month:02d}"
    ),
    TEXT,
)


def _wire(text: str) -> bytes:
    """Text as a browser might send it, lone surrogates as the bytes they would be."""
    return text.encode("utf-8", "surrogatepass")


def _post_form(client, url, fields: dict[str, str]):
    body = "&".join(f"{quote(name)}={quote(_wire(value))}" for name, value in fields.items())
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def _csv_upload(header, rows) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile("input.csv", _wire(out.getvalue()), content_type="text/csv")


def _vendor_rows() -> tuple[int, int, int]:
    return Vendor.objects.count(), DeliveryLocation.objects.count(), ClientReference.objects.count()


def _answers(response) -> bool:
    """True when the request was taken (a redirect), False when refused on the page."""
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 302


@pytest.mark.django_db
@BOUNDED
@given(name=TEXT, country=TEXT, headcount=NUMBER, turnover=NUMBER, location=TEXT, contact=TEXT)
def test_vendor_form(member_client, name, country, headcount, turnover, location, contact):
    before = _vendor_rows()
    response = _post_form(
        member_client,
        reverse("vendors:vendor-create"),
        {
            "name": name,
            "headquarters_country": country,
            "headcount": headcount,
            "agent_turnover_percent": turnover,
            "call_recording_policy": "unknown",
            "locations-TOTAL_FORMS": "1",
            "locations-INITIAL_FORMS": "0",
            "locations-0-country": location,
            "locations-0-region": "worldwide",
            "references-TOTAL_FORMS": "1",
            "references-INITIAL_FORMS": "0",
            "references-0-company": "Andes Telecom",
            "references-0-contact": contact,
        },
    )
    if not _answers(response):
        assert _vendor_rows() == before


@pytest.mark.django_db
@BOUNDED
@given(
    cells=st.lists(st.tuples(TEXT, TEXT, NUMBER, NUMBER, TEXT, TEXT, TEXT), min_size=1, max_size=3)
)
def test_vendor_csv_import(member_client, cells):
    before = _vendor_rows()
    header = [
        "name",
        "headquarters_country",
        "headcount",
        "agent_turnover_percent",
        "delivery_locations",
        "client_references",
        "review_notes",
    ]
    upload = _csv_upload(header, cells)
    response = member_client.post(reverse("vendors:vendor-import"), {"file": upload})
    if not _answers(response):
        assert _vendor_rows() == before


@pytest.fixture
def kpi_engagement(engagement):
    SlaFactory(engagement=engagement)  # service level, 0-100 %
    return engagement


_METRIC = st.one_of(st.just("service_level"), TEXT)


@pytest.mark.django_db
@BOUNDED
@given(rows=st.lists(st.tuples(MONTH, _METRIC, NUMBER), min_size=1, max_size=4))
def test_kpi_csv_import(member_client, kpi_engagement, rows):
    before = KpiRecord.objects.count()
    upload = _csv_upload(["period", "metric", "value"], rows)
    url = reverse("contracts:kpi-import", kwargs={"engagement_pk": kpi_engagement.pk})
    if not _answers(member_client.post(url, {"file": upload})):
        assert KpiRecord.objects.count() == before


@pytest.mark.django_db
@BOUNDED
@given(period=MONTH, value=NUMBER)
def test_kpi_month_form(member_client, kpi_engagement, period, value):
    before = KpiRecord.objects.count()
    sla = Sla.objects.get(engagement=kpi_engagement)
    url = reverse("contracts:kpi-record", kwargs={"engagement_pk": kpi_engagement.pk})
    if not _answers(_post_form(member_client, url, {"period": period, f"sla_{sla.pk}": value})):
        assert KpiRecord.objects.count() == before
