"""Hostile input to every form of the portal (found on the pages of the permission
matrix, fields read from the HTML), to the vendor CSV import, the KPI CSV import, the
interval volume import and the CSP report endpoint: generated text (NUL, lone
surrogates, control characters, CR/LF, 100,000 characters), numbers (huge, negative,
NaN, inf, 1e309), dates and months (years 1 to 9999, "0000-00-00"), choices outside
the list, files of any bytes.

Whatever comes in, the page answers (no server error: the test client re-raises one),
and a refused request leaves the tables as they were. The runs are bounded and
derandomized, so the suite takes the same few seconds on every run and machine.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contracts.models import KpiRecord, Sla
from tests.access_matrix import all_entries
from tests.factories import VendorFactory
from tests.factories_contracts import SlaFactory
from tests.html_forms import FormField, HtmlForm, multipart, post_forms, urlencoded
from vendors.models import ClientReference, DeliveryLocation, Vendor

BOUNDED = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EVERY_FORM = settings(BOUNDED, max_examples=15)

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


@pytest.mark.django_db
@BOUNDED
@given(
    body=st.one_of(
        st.binary(max_size=300),
        TEXT.map(_wire),
        st.integers(min_value=1, max_value=16_000).map(lambda depth: b"[" * depth),
        st.recursive(
            st.none() | st.booleans() | st.floats() | st.text(),
            lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        ).map(lambda value: json.dumps({"csp-report": value}).encode()),
    )
)
def test_csp_report(body):
    response = Client().post(reverse("csp-report"), body, content_type="application/json")
    assert response.status_code in (204, 413)


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


_WEEKDAY = st.one_of(st.sampled_from(["Monday", "sun", "Saturday"]), TEXT)
_TIME = st.one_of(st.sampled_from(["09:00", "9:30 PM", "23:30", "24:00", "09:15"]), TEXT)
_START = st.one_of(
    st.datetimes().map(lambda moment: f"{moment:%Y-%m-%d %H:%M}"),
    st.sampled_from(["2026-03-02 09:00", "03/02/2026 9:00 AM", "0000-00-00 00:00"]),
    TEXT,
)


@pytest.mark.django_db
@BOUNDED
@given(
    by_weekday=st.booleans(),
    rows=st.lists(st.tuples(_WEEKDAY, _TIME, _START, NUMBER), min_size=1, max_size=6),
    open_them=st.booleans(),
)
def test_interval_csv_import(member_client, engagement, by_weekday, rows, open_them):
    from portal.planning.models import ChannelLine
    from tests.factories_planning import ChannelLineFactory

    line = ChannelLineFactory(engagement=engagement)
    before = (line.profile, line.profile_kind, line.open_hours)
    if by_weekday:
        upload = _csv_upload(["weekday", "time", "volume"], [(d, t, v) for d, t, _, v in rows])
    else:
        upload = _csv_upload(["start", "volume"], [(start, v) for _, _, start, v in rows])
    url = reverse(
        "planning:interval-import",
        kwargs={"engagement_pk": engagement.pk, "channel": "inbound_phone"},
    )
    data = {"file": upload, **({"open_closed_hours": "on"} if open_them else {})}
    if not _answers(member_client.post(url, data)):
        line = ChannelLine.objects.get(pk=line.pk)
        assert (line.profile, line.profile_kind, line.open_hours) == before


@pytest.mark.django_db
@BOUNDED
@given(period=MONTH, value=NUMBER)
def test_kpi_month_form(member_client, kpi_engagement, period, value):
    before = KpiRecord.objects.count()
    sla = Sla.objects.get(engagement=kpi_engagement)
    url = reverse("contracts:kpi-record", kwargs={"engagement_pk": kpi_engagement.pk})
    if not _answers(_post_form(member_client, url, {"period": period, f"sla_{sla.pk}": value})):
        assert KpiRecord.objects.count() == before


# Every form of the portal ------------------------------------------------------------
#
# The forms are found, not listed: each page of the permission matrix is read as the
# team's manager (who may do everything a member may), and each POST form on it is
# posted to with generated values for the fields the HTML shows. A form that posts to
# a URL no page of the matrix shows (or that has no field besides the CSRF token, such
# as a delete button) is skipped with the reason.

MATRIX = all_entries()


def _project_tables() -> list[str]:
    names = {"portal", "vendors", "contracts", "auditlog", "auth"}
    return sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_config.name.split(".")[0] in names and m._meta.managed
    )


def _row_counts() -> dict[str, int]:
    """The number of rows of every table of the portal (and its audit log), in one query."""
    tables = _project_tables()
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture
def world(team, other_team, engagement, member, manager, outsider, admin_user):
    VendorFactory(name="Registry Vendor")  # so that pages that pick a vendor offer one
    return SimpleNamespace(
        team=team,
        other_team=other_team,
        engagement=engagement,
        member=member,
        manager=manager,
        outsider=outsider,
        admin=admin_user,
    )


def _forms_posting_to(name: str, response, url: str) -> list[HtmlForm]:
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return []
    found = []
    for form in post_forms(response.text, url):
        try:
            posted_to = resolve(form.action).view_name
        except Resolver404:
            continue
        if posted_to == name and form.typed_fields():
            found.append(form)
    return found


def _find_form(client, world, name: str) -> HtmlForm | None:
    """A form with fields that posts to the URL ``name``, as a page of the matrix shows
    it: the URL's own page; else the page shown after an empty post (a form some pages
    show only once bound); else a page of the same app, next to the object the URL
    acts on (a "mark met" button on the exit plan)."""
    entry = MATRIX[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    if forms := _forms_posting_to(name, client.get(url), url):
        return forms[0]
    with transaction.atomic():
        forms = _forms_posting_to(name, client.post(url, {}), url)
        transaction.set_rollback(True)
    if forms:
        return forms[0]
    namespace = name.partition(":")[0] if ":" in name else ""
    for page, other in sorted(MATRIX.items()):
        if page == name or other.method != "get" or other.expect["manager"] != 200:
            continue
        if (page.partition(":")[0] if ":" in page else "") != namespace:
            continue
        try:
            with transaction.atomic():
                page_url = reverse(page, kwargs=other.kwargs(world))
        except IntegrityError:  # the page's objects clash with the URL's (one SLA a metric)
            continue
        if forms := _forms_posting_to(name, client.get(page_url), page_url):
            return forms[0]
    return None


_DATE = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["0000-00-00", "9999-99-99", "2026-02-30", "1-1-1", "31/12/2026"]),
    TEXT,
)
_NUMBER = st.one_of(
    st.sampled_from(["99999999999999999999", "-1", "NaN", "inf", "-inf", "1e309", "1,500", "0"]),
    NUMBER,
)
_FILE = st.one_of(
    st.binary(max_size=200),
    st.lists(st.lists(TEXT, min_size=1, max_size=4), min_size=1, max_size=3).map(
        lambda rows: _wire("\n".join(",".join(row) for row in rows))
    ),
    st.sampled_from([b"", b"%PDF-1.4\n%\x00\xff", b"\xef\xbb\xbfname\n\x00\n", b"a" * 100_000]),
)


def _hostile(form_field: FormField) -> st.SearchStrategy[str]:
    kind = form_field.kind
    if kind == "number":
        return _NUMBER
    if kind in ("date", "datetime-local"):
        return _DATE
    if kind == "month":
        return MONTH
    if kind in ("select", "radio", "checkbox", "hidden"):
        return st.one_of(st.sampled_from(form_field.options or [form_field.value]), _NUMBER)
    return TEXT


_PLAUSIBLE = {
    "number": st.sampled_from(["1", "10", "50", "0.5", "1500"]),
    "date": st.sampled_from(["2026-01-15", "2027-06-30"]),
    "month": st.sampled_from(["2026-01", "2026-12"]),
    "email": st.just("ana@example.com"),
    "url": st.just("https://example.com"),
    "text": st.sampled_from(["Acme", "Spanish", "10"]),
    "textarea": st.just("Looks fine."),
}


def _plausible(form_field: FormField) -> st.SearchStrategy[list[str]]:
    """What a user filling in the form in good faith might send for the field."""
    kind = form_field.kind
    untouched = [form_field.value] if form_field.sent else []
    if kind in ("hidden", "button"):
        return st.just(untouched)
    if kind in ("checkbox", "radio"):
        return st.sampled_from([untouched, [form_field.value], []])
    if kind == "select":
        chosen = [o for o in form_field.options if o] or [""]
        return st.one_of(st.just(untouched), st.sampled_from(chosen).map(lambda v: [v]))
    return st.one_of(st.just(untouched), _PLAUSIBLE.get(kind, TEXT).map(lambda v: [v]))


def _hostile_values(form_field: FormField) -> st.SearchStrategy[list[str]]:
    """Nothing, or one hostile value (several for boxes and a multiple select)."""
    hostile = _hostile(form_field)
    many = form_field.multiple or form_field.kind == "checkbox"
    return st.one_of(
        st.just([]),
        st.lists(hostile, min_size=1, max_size=3) if many else hostile.map(lambda v: [v]),
    )


def _post(client, form: HtmlForm, data):
    """Posts the form: a few fields (at most three) hostile, the others as a user in
    good faith fills them in, so that the hostile values reach the actions too."""
    fields = [f for f in form.typed_fields() if f.kind != "button"]
    names = sorted({f.name for f in fields})
    hostile = data.draw(st.sets(st.sampled_from(names), max_size=3), label="hostile fields")
    # Half the time the other fields stay as the page filled them in (an edit page's
    # saved, valid values), so that a hostile value meets the action and the database.
    as_shown = data.draw(st.booleans(), label="other fields as shown")
    buttons = [f for f in form.typed_fields() if f.kind == "button"]
    pairs, files = [], []
    if buttons:
        pressed = data.draw(st.sampled_from(buttons), label="button")
        pairs.append((pressed.name, pressed.value))
    for form_field in fields:
        if form_field.kind == "file":
            if form_field.name in hostile or data.draw(st.booleans()):
                filename = data.draw(st.sampled_from(["input.csv", "x.pdf", "a\x00.txt", ".."]))
                files.append((form_field.name, filename, data.draw(_FILE, label=form_field.name)))
            continue
        if form_field.name in hostile:
            values = data.draw(_hostile_values(form_field), label=form_field.name)
        elif as_shown:
            values = [form_field.value] if form_field.sent else []
        else:
            values = data.draw(_plausible(form_field), label=form_field.name)
        pairs.extend((form_field.name, value) for value in values)
    if form.multipart or files:
        body, content_type = multipart(pairs, files)
        return client.post(form.action, body, content_type=content_type)
    return client.post(
        form.action, urlencoded(pairs), content_type="application/x-www-form-urlencoded"
    )


def _refused(response) -> bool:
    """The form came back with errors. A 200 without them is a success that answers with
    a page rather than a redirect (a new token, shown once)."""
    if response.status_code in (400, 422):
        return True
    if response.status_code != 200:
        return False
    page = response.content
    return any(mark in page for mark in (b"data-form-errors", b"is-invalid", b"alert-danger"))


@pytest.mark.django_db
@pytest.mark.parametrize("posted_to", sorted(MATRIX))
def test_every_form(posted_to, world, manager_client):
    form = _find_form(manager_client, world, posted_to)
    if form is None:
        pytest.skip(f"no page shows a form with fields that posts to {posted_to}")
    _fill_in_from_edit_page(form, posted_to, manager_client, world)

    @EVERY_FORM
    @given(data=st.data())
    def post_anything(data):
        with transaction.atomic():
            before = _row_counts()
            response = _post(manager_client, form, data)
            assert response.status_code < 500
            if _refused(response):
                assert _row_counts() == before, "a refused form saved rows"
            transaction.set_rollback(True)

    post_anything()


_FILLED_IN = ("text", "number", "date", "month", "email", "url", "textarea", "select")


def _fill_in_from_edit_page(form: HtmlForm, name: str, client, world) -> None:
    """A blank "new" form takes the values its "edit" sibling shows for a saved object,
    so that "as shown" is a valid submission there too."""
    stem, _, verb = name.rpartition("-")
    if verb not in ("create", "add") or f"{stem}-edit" not in MATRIX:
        return
    with transaction.atomic():
        edit_form = _find_form(client, world, f"{stem}-edit")
        transaction.set_rollback(True)
    saved = {f.name: f for f in edit_form.fields} if edit_form else {}
    for form_field in form.fields:
        edit = saved.get(form_field.name)
        if edit and edit.kind == form_field.kind and form_field.kind in _FILLED_IN:
            form_field.value, form_field.sent = edit.value, edit.sent


_FORM_PAGES = sorted(
    name
    for name, entry in MATRIX.items()
    if entry.method == "get"
    and entry.expect["manager"] == 200
    and name.rsplit("-", 1)[-1] in ("create", "edit", "add", "import", "record", "reject")
)


@pytest.mark.parametrize("name", _FORM_PAGES)
def test_every_form_page_is_found(name, world, manager_client):
    """The discovery finds the forms (a broken parser would skip them all)."""
    assert _find_form(manager_client, world, name) is not None
