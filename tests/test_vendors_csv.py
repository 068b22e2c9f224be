"""CSV export and import of the vendor registry."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import VendorFactory
from tests.factories_vendors import ClientReferenceFactory, DeliveryLocationFactory, language
from vendors import csv_io
from vendors.models import ClientReference, DeliveryLocation, Vendor

HEADER = ",".join(csv_io.COLUMNS)
URL = reverse("vendors:vendor-import")


def _file(text: str, name: str = "vendors.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _row(**values) -> str:
    cells = dict.fromkeys(csv_io.COLUMNS, "")
    cells.update(values)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([cells[c] for c in csv_io.COLUMNS])
    return out.getvalue()


GOOD = _row(
    name="Lima Contact Partners",
    headquarters_country="Peru",
    website="https://lima.example.com",
    delivery_locations="Peru; Atlantis (Worldwide / international)",
    channels="Inbound phone; email",
    languages="English; spanish",
    certifications="PCI DSS",
    headcount="1,200",
    agent_turnover_percent="31%",
    call_recording_policy="all_available",
    client_references="Andes Telecom | R. Soto | Two years\nCoastal Bank | | ",
)


def test_good_file_imports_every_row(member_client):
    text = HEADER + "\n" + GOOD + _row(name="Second Vendor", headquarters_country="Kenya")
    response = member_client.post(URL, {"file": _file(text)}, follow=True)
    assert "2 vendor(s) added, 0 updated" in response.content.decode()
    vendor = Vendor.objects.get(name="Lima Contact Partners")
    assert vendor.headcount == 1200
    assert str(vendor.agent_turnover_percent) == "31.0"
    assert sorted(vendor.locations.values_list("country", "region")) == [
        ("Atlantis", "worldwide"),
        ("Peru", "latin_america"),
    ]
    assert sorted(vendor.channels.values_list("channel", flat=True)) == ["email", "inbound_phone"]
    assert sorted(vendor.languages.values_list("name", flat=True)) == ["English", "Spanish"]
    assert list(vendor.certifications.values_list("name", flat=True)) == ["PCI DSS"]
    assert list(vendor.references.values_list("company", "contact", "notes")) == [
        ("Andes Telecom", "R. Soto", "Two years"),
        ("Coastal Bank", "", ""),
    ]


def test_bad_rows_import_nothing_and_are_named_with_their_lines(member_client):
    VendorFactory(name="Existing Vendor", headquarters_country="India")
    text = (
        HEADER
        + "\n"
        + GOOD  # lines 2-3 (a line break inside the references cell), fine
        + _row(name="", headquarters_country="India")  # line 4
        + _row(name="Bad Language", headquarters_country="India", languages="Klingon")  # 5
        + _row(name="Bad Count", headquarters_country="India", headcount="many")  # line 6
        + _row(name="Existing Vendor", headquarters_country="Chile", channels="fax")  # 7
        + _row(name="Nowhere", headquarters_country="Chile", delivery_locations="Atlantis")  # 8
        + _row(name="lima contact partners", headquarters_country="Peru")  # 9: repeat
    )
    response = member_client.post(URL, {"file": _file(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported. 6 problems found" in page
    assert "Line 4, column name: the name is empty." in page
    assert "Line 5, column languages: unknown language “Klingon”." in page
    assert "Line 6, column headcount: the headcount “many” is not a whole number." in page
    assert "Line 7, column channels: unknown channel “fax”." in page
    assert "Line 8, column delivery_locations: no rate-card region for “Atlantis”" in page
    assert "Line 9, column name: “lima contact partners” already appears on line 2." in page
    assert "Line 2:" not in page and "Line 3:" not in page
    assert list(Vendor.objects.values_list("name", flat=True)) == ["Existing Vendor"]
    assert Vendor.objects.get().headquarters_country == "India"


def test_line_numbers_count_multi_line_cells(member_client):
    text = HEADER + "\n" + GOOD + _row(name="X", headquarters_country="", review_notes="a\nb\nc")
    # GOOD spans two lines (its references cell holds a line break), so the bad row is line 4.
    page = member_client.post(URL, {"file": _file(text)}).content.decode()
    assert "Line 4, column headquarters_country: the headquarters country is empty." in page
    assert not Vendor.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The submitted file is empty."),
        ("headquarters_country,colour\nIndia,red\n", "missing column(s) name"),
        ("name,headquarters_country,colour\nA,India,red\n", "unknown column(s) colour"),
        (HEADER + "\n", "The file has no vendor rows."),
    ],
)
def test_file_level_problems_are_reported(member_client, content, message):
    page = member_client.post(URL, {"file": _file(content)}).content.decode()
    assert message in page
    assert not Vendor.objects.exists()


def test_not_utf8_is_refused(member_client):
    upload = SimpleUploadedFile("v.csv", HEADER.encode() + b"\n\xff\xfe,India\n")
    page = member_client.post(URL, {"file": upload}).content.decode()
    assert "not UTF-8" in page
    assert not Vendor.objects.exists()


def test_import_updates_a_vendor_of_the_same_name(member_client):
    vendor = VendorFactory(name="Lima Contact Partners", headquarters_country="Chile")
    DeliveryLocationFactory(vendor=vendor, country="Chile", region="latin_america")
    response = member_client.post(URL, {"file": _file(HEADER + "\n" + GOOD)}, follow=True)
    assert "0 vendor(s) added, 1 updated" in response.content.decode()
    vendor.refresh_from_db()
    assert vendor.headquarters_country == "Peru"
    assert not DeliveryLocation.objects.filter(country="Chile").exists()


def test_import_without_file_shows_the_error(member_client):
    response = member_client.post(URL, {})
    assert "This field is required" in response.content.decode()


def test_export_then_import_round_trips(member_client):
    vendor = VendorFactory(name="Round Trip Ltd", headquarters_country="Ireland", headcount=50)
    vendor.languages.add(language("English"), language("French"))
    DeliveryLocationFactory(vendor=vendor, country="Ireland", region="western_europe")
    ClientReferenceFactory(vendor=vendor, company="Acme | Co", contact="Ann", notes="Fine")
    exported = member_client.get(reverse("vendors:vendor-export"))
    assert exported["Content-Type"].startswith("text/csv")
    assert "attachment" in exported["Content-Disposition"]
    body = exported.content.decode()
    assert "Round Trip Ltd" in body and "Ireland (Western Europe)" in body
    Vendor.objects.all().delete()
    ClientReference.objects.all().delete()
    member_client.post(URL, {"file": _file(body)})
    copy = Vendor.objects.get(name="Round Trip Ltd")
    assert copy.headcount == 50
    assert sorted(copy.languages.values_list("name", flat=True)) == ["English", "French"]
    assert list(copy.locations.values_list("country", "region")) == [("Ireland", "western_europe")]


def test_export_follows_the_filters(member_client):
    VendorFactory(name="Alpha Calls")
    VendorFactory(name="Beta Calls")
    body = member_client.get(reverse("vendors:vendor-export"), {"q": "alpha"}).content.decode()
    assert "Alpha Calls" in body and "Beta Calls" not in body


def test_admin_outside_teams_cannot_import(admin_client_):
    response = admin_client_.post(URL, {"file": _file(HEADER + "\n" + GOOD)})
    assert response.status_code == 403
    assert not Vendor.objects.exists()


def test_anonymous_import_redirects_to_login(anon_client):
    response = anon_client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_import_wrong_method_405(member_client):
    assert member_client.delete(URL).status_code == 405


def test_import_is_one_transaction(member, monkeypatch):
    from vendors import actions

    rows = csv_io.parse_vendors(
        (HEADER + "\n" + GOOD + _row(name="Second", headquarters_country="Kenya")).encode()
    ).rows
    real_write = actions._vendor_write

    def fail_on_second(vendor, data):
        if data.name == "Second":
            raise RuntimeError("database went away")
        return real_write(vendor, data)

    monkeypatch.setattr(actions, "_vendor_write", fail_on_second)
    with pytest.raises(RuntimeError):
        actions.vendors_import(user=member, rows=rows)
    assert not Vendor.objects.exists()


def test_import_of_some_columns_leaves_the_other_fields_and_relations(member_client):
    vendor = VendorFactory(
        name="Lima Contact Partners",
        headquarters_country="Peru",
        website="https://lima.example.com",
        review_notes="Solid reviews on two forums.",
    )
    vendor.languages.add(language("Spanish"))
    DeliveryLocationFactory(vendor=vendor, country="Peru", region="latin_america")
    ClientReferenceFactory(vendor=vendor, company="Andes Telecom")
    text = "name,headcount,channels\nLima Contact Partners,900,Email\n"
    response = member_client.post(URL, {"file": _file(text)}, follow=True)
    assert "0 vendor(s) added, 1 updated" in response.content.decode()
    vendor.refresh_from_db()
    assert vendor.headcount == 900
    assert list(vendor.channels.values_list("channel", flat=True)) == ["email"]
    # Columns not in the file are left as they were.
    assert vendor.headquarters_country == "Peru"
    assert vendor.website == "https://lima.example.com"
    assert vendor.review_notes == "Solid reviews on two forums."
    assert list(vendor.languages.values_list("name", flat=True)) == ["Spanish"]
    assert list(vendor.locations.values_list("country", flat=True)) == ["Peru"]
    assert list(vendor.references.values_list("company", flat=True)) == ["Andes Telecom"]


def test_a_file_without_the_country_column_cannot_add_a_vendor(member_client):
    VendorFactory(name="Known Vendor")
    text = "name,headcount\nKnown Vendor,10\nBrand New Vendor,20\n"
    page = member_client.post(URL, {"file": _file(text)}).content.decode()
    assert "Line 3, column headquarters_country: “Brand New Vendor” is not in the registry" in page
    assert Vendor.objects.get(name="Known Vendor").headcount is None
    assert not Vendor.objects.filter(name="Brand New Vendor").exists()


def test_every_problem_of_a_row_is_reported_with_its_column(member_client):
    text = (
        HEADER
        + "\n"
        + _row(
            name="Many Problems",
            headquarters_country="India",
            website="not a url",
            headcount="lots",
            languages="Klingon; Elvish",
            channels="fax",
        )
    )
    page = member_client.post(URL, {"file": _file(text)}).content.decode()
    assert "Nothing was imported. 5 problems found" in page
    assert "Line 2, column website: the website “not a url” is not a valid URL." in page
    assert "Line 2, column headcount: the headcount “lots” is not a whole number." in page
    assert "Line 2, column languages: unknown language “Klingon”." in page
    assert "Line 2, column languages: unknown language “Elvish”." in page
    assert "Line 2, column channels: unknown channel “fax”." in page
    assert not Vendor.objects.exists()


def test_export_escapes_cells_a_spreadsheet_would_run_as_formulas(member_client):
    VendorFactory(
        name='=HYPERLINK("http://evil.example")',
        headquarters_country="India",
        website="",
        incentive_scheme="+1 bonus per sale",
        review_sources="@forum",
        review_notes="-5% churn",
    )
    body = member_client.get(reverse("vendors:vendor-export")).content.decode()
    row = list(csv.reader(io.StringIO(body)))[1]
    cells = dict(zip(csv_io.COLUMNS, row, strict=True))
    assert cells["name"] == '\'=HYPERLINK("http://evil.example")'
    assert cells["incentive_scheme"] == "'+1 bonus per sale"
    assert cells["review_sources"] == "'@forum"
    assert cells["review_notes"] == "'-5% churn"
    assert cells["headquarters_country"] == "India"


def test_import_undoes_the_export_escaping(member_client):
    VendorFactory(
        name="=SUM(A1)",
        headquarters_country="India",
        website="",
        incentive_scheme="'=already quoted",
        review_notes="\tindented",
    )
    body = member_client.get(reverse("vendors:vendor-export")).content.decode()
    Vendor.objects.all().delete()
    response = member_client.post(URL, {"file": _file(body)}, follow=True)
    assert "1 vendor(s) added" in response.content.decode()
    vendor = Vendor.objects.get()
    assert vendor.name == "=SUM(A1)"
    assert vendor.incentive_scheme == "'=already quoted"
    assert vendor.review_notes == "indented"  # cells are trimmed on import, as before


def test_import_leaves_an_audit_entry_for_each_related_row(member):
    from auditlog.models import LogEntry

    from vendors import actions
    from vendors.models import DeliveryLocation, VendorChannel

    rows = csv_io.parse_vendors((HEADER + "\n" + GOOD).encode()).rows
    actions.vendors_import(user=member, rows=rows)
    vendor = Vendor.objects.get(name="Lima Contact Partners")
    for model, count in ((VendorChannel, 2), (DeliveryLocation, 2), (ClientReference, 2)):
        entries = LogEntry.objects.get_for_model(model).filter(action=LogEntry.Action.CREATE)
        pks = {str(pk) for pk in model.objects.filter(vendor=vendor).values_list("pk", flat=True)}
        assert {e.object_pk for e in entries} == pks and len(pks) == count
        assert all(e.actor == member for e in entries)
