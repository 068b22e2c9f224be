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


def test_line_numbers_count_empty_lines(member_client):
    text = HEADER + "\n" + _row(name="A", headquarters_country="Peru") + "\n\n"
    text += _row(name="X", headquarters_country="")
    page = member_client.post(URL, {"file": _file(text)}).content.decode()
    assert "Line 5, column headquarters_country: the headquarters country is empty." in page
    assert not Vendor.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The submitted file is empty."),
        ("headquarters_country,color\nIndia,red\n", "missing column(s) name"),
        ("name,headquarters_country,color\nA,India,red\n", "unknown column(s) color"),
        (HEADER + "\n", "The file has no vendor rows."),
    ],
)
def test_file_level_problems_are_reported(member_client, content, message):
    page = member_client.post(URL, {"file": _file(content)}).content.decode()
    assert message in page
    assert not Vendor.objects.exists()


def test_not_utf8_is_refused(member_client):
    # Bytes that are not UTF-8 text at the start: the upload check says how to save it.
    upload = SimpleUploadedFile("v.csv", HEADER.encode() + b"\n\xff\xfe,India\n")
    page = member_client.post(URL, {"file": upload}).content.decode()
    assert "The file is not UTF-8 text; save it as “CSV UTF-8”." in page
    assert not Vendor.objects.exists()
    # Further in than the upload check reads, the parser finds them.
    notes = "Reviews read on two forums. " * 15
    rows = "".join(
        _row(name=f"Vendor {n}", headquarters_country="India", review_notes=notes)
        for n in range(200)
    )
    late = (HEADER + "\n" + rows).encode() + b"\xff\xfe,India\n"
    assert len(late) > 64 * 1024
    page = member_client.post(URL, {"file": SimpleUploadedFile("v.csv", late)}).content.decode()
    assert "not UTF-8" in page
    assert not Vendor.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("v.csv", b"<html><body>name</body></html>", "HTML or other markup"),
        ("v.csv", b"%PDF-1.4\n", "its content is a PDF document"),
        ("v.csv", b"name\n" + b"x" * (2 * 1024 * 1024), "the limit is 2 MB"),
    ],
)
def test_a_file_that_is_no_csv_or_too_big_is_refused_by_the_upload_check(
    member_client, name, content, message
):
    response = member_client.post(URL, {"file": SimpleUploadedFile(name, content)})
    assert message in response.content.decode()
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


def test_import_wrong_method_405(member_client):
    assert member_client.delete(URL).status_code == 405


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


def _import(client, text: str):
    response = client.post(URL, {"file": _file(text)})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"review_notes": "Fine\x00"}, "Line 2, column review_notes: the cell contains a NUL"),
        ({"name": "Acme\x00"}, "Line 2, column name: the cell contains a NUL"),
        ({"headcount": "99999999999999999999"}, "Line 2, column headcount: the headcount must"),
        ({"headcount": "-4"}, "Line 2, column headcount: the headcount must be between 0 and"),
        (
            {"agent_turnover_percent": "1e999999"},
            "Line 2, column agent_turnover_percent: the agent turnover is too large",
        ),
        (
            {"delivery_locations": "A" * 300 + " (Worldwide / international)"},
            "Line 2, column delivery_locations: the delivery country is longer than 100",
        ),
        (
            {"client_references": "B" * 500 + " | R. Soto"},
            "Line 2, column client_references: the client reference company is longer than 200",
        ),
        ({"name": "N" * 201}, "Line 2, column name: the name is longer than 200 characters"),
        ({"name": "Acme\r\nBcc: x"}, "Line 2, column name: the cell must be on one line"),
        ({"headquarters_country": "Peru\nChile"}, "column headquarters_country: the cell must"),
    ],
)
def test_a_cell_the_column_cannot_hold_is_named_and_nothing_is_saved(member_client, cells, message):
    # The good first row is longer than the upload check's sniff, which refuses a NUL
    # it sees as a binary file: the NUL reaches the rows' checks.
    first = _row(name="Good One", headquarters_country="Kenya", review_notes="r" * 70_000)
    row = _row(**{"name": "Acme", "headquarters_country": "Peru", **cells})
    page = _import(member_client, HEADER + "\n" + first + row)
    assert message.replace("Line 2", "Line 3") in page.replace("&#x27;", "'")
    assert not Vendor.objects.exists()


def test_the_limits_are_the_model_columns(member_client):
    limit = Vendor._meta.get_field("name").max_length
    text = HEADER + "\n" + _row(name="N" * limit, headquarters_country="Peru")
    member_client.post(URL, {"file": _file(text)})
    assert Vendor.objects.get().name == "N" * limit


def test_a_repeated_header_is_refused_by_name(member_client):
    page = _import(member_client, "name,headcount,name\nAcme,3,Other\n")
    assert "Line 1: column(s) name appear more than once." in page
    assert not Vendor.objects.exists()


def test_a_cell_over_the_csv_modules_limit_is_a_line_message(member_client):
    text = 'name,headquarters_country\nGood,Peru\nAcme,"' + "x" * 200_000 + '"\n'
    page = _import(member_client, text)
    assert "Line 3: cannot read the row (field larger than field limit" in page
    assert not Vendor.objects.exists()


def test_rows_ended_by_a_bare_carriage_return_are_read_as_rows(member_client):
    text = "name,headquarters_country\rAcme,Peru\rBeta,Kenya\r"
    member_client.post(URL, {"file": _file(text)})
    assert sorted(Vendor.objects.values_list("name", flat=True)) == ["Acme", "Beta"]


def test_import_names_the_line_of_a_vendor_another_teams_engagement_holds(member_client):
    from tests.factories import CandidateFactory, EngagementFactory

    acme = VendorFactory(name="Acme", headquarters_country="Peru")
    CandidateFactory(engagement=EngagementFactory(), vendor=acme)
    text = "name,headquarters_country\nNew One,Kenya\nAcme,Chile\n"
    page = _import(member_client, text).replace("&#x27;", "'")
    assert (
        "Line 3: Acme is shortlisted by another team's open engagement; "
        "only a manager may change it." in page
    )
    assert "Nothing was imported" in page
    assert list(Vendor.objects.values_list("name", "headquarters_country")) == [("Acme", "Peru")]
