"""The decision report PDF, read back with pypdf as a manager or an auditor would."""

from __future__ import annotations

import io
import logging
import re
import socket

import pypdf
import pytest
from django.core.management import call_command

from portal.models import Engagement
from portal.planning import comparison
from portal.reports.models import Report
from portal.reports.render import RefusedFetch, pdf_fetcher, render_report, url_fetcher

pytestmark = pytest.mark.django_db

DEMO_TITLE = "Outsource tier-1 phone support"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Rendering must never open a connection: any attempt fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("The report renderer tried to reach the network.")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def pdf_text(pdf: bytes) -> tuple[list[str], int]:
    """Each page's text with runs of spaces collapsed, and the page count."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [
        re.sub(r"[ \t]+", " ", page.extract_text(extraction_mode="layout")) for page in reader.pages
    ]
    return pages, len(reader.pages)


def test_demo_report_tells_the_whole_decision(django_user_model):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title=DEMO_TITLE)
    member = django_user_model.objects.get(username="member")
    report = Report.objects.create(engagement=engagement, requested_by=member)

    rendered = render_report(report)

    pages, count = pdf_text(rendered.pdf)
    assert rendered.pages == count > 10
    text = "\n".join(pages)
    # Cover: the engagement, its team, the decision and the report id.
    assert DEMO_TITLE in pages[0]
    assert "Customer Care" in pages[0]
    assert "Bogotá Nearshore CX, approved by Daniel Okafor" in pages[0]
    assert str(report.public_id) in pages[0]
    # Every page is numbered "Page N of M" in its footer.
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in page
    # The contents list every section with the page it starts on. (The layout-mode reader
    # places each tagged run of the PDF/UA file on its own, so the space between a title
    # and its dot leader is sometimes lost.)
    assert re.search(r"Executive summary ?\.+ 3\b", pages[1])
    toc = dict(re.findall(r"^\s*(\S[^.\n]+?) ?\.{3,} ?(\d+)\s*$", pages[1], re.MULTILINE))
    assert set(toc) >= {"Step 1: Scope the need", "Contract key dates", "Step 7: Exit plan"}
    assert len(toc) == 10  # the summary and every section
    for title, page in toc.items():  # each section starts on the page the contents give
        assert re.search(rf"^\s*{re.escape(title)}\s*$", pages[int(page) - 1], re.MULTILINE)
    assert "Channels in scope" in pages[int(toc["Step 1: Scope the need"]) - 1]
    # The executive summary: who approved which vendor, and why.
    assert "Approved vendor: Bogotá Nearshore CX" in pages[2]
    assert "Approved by Daniel Okafor" in pages[2]
    assert "Start with a three-month pilot" in pages[2]
    # The cost figures, formatted as on the step-2 page.
    workload = comparison.for_engagement(engagement).workload
    assert f"${workload.in_house_monthly_cost:,.2f}" in text
    assert f"${workload.annual_in_house_cost:,.2f}" in text
    # Later steps: contract key dates, SLAs, exit plan.
    assert "Last day to give notice" in text
    assert "Service level (20 s)" in text
    assert "Trigger conditions" in text
    assert "Full-time agents to hire" in text


def test_charts_are_vector_graphics_not_pictures():
    call_command("seed_demo", stdout=io.StringIO())
    report = Report(engagement=Engagement.objects.get(title=DEMO_TITLE))

    reader = pypdf.PdfReader(io.BytesIO(render_report(report).pdf))

    def images(xobjects) -> int:
        found = 0
        for ref in xobjects.values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                found += 1
            elif "/Resources" in xobject and "/XObject" in xobject["/Resources"]:
                found += images(xobject["/Resources"]["/XObject"])
        return found

    assert sum(images(page["/Resources"].get("/XObject", {})) for page in reader.pages) == 0
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Chart labels are text in the PDF, so they stay sharp and searchable.
    assert "Inbound phone line only: monthly cost by call volume" in text


def test_empty_engagement_report_says_each_step_is_not_filled_in(engagement, member):
    report = Report.objects.create(engagement=engagement, requested_by=member)

    pages, count = pdf_text(render_report(report).pdf)

    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert engagement.title in text
    assert "No vendor recommended yet" in text
    assert "No vendor has been recommended or approved yet." in text
    assert "The need is not scoped yet: no channel volumes have been filled in." in text
    assert "The customer base is not assessed yet." in text
    assert "No contract is recorded yet." in text
    assert "No exit plan is written yet." in text
    assert f"Page 1 of {count}" in pages[0]


def test_fetcher_serves_the_report_stylesheet_from_static_files():
    found = url_fetcher("static:reports/report.css")
    assert b"counter(pages)" in found["string"]
    assert found["mime_type"] == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/style.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        "static:../manage.py",
        "static:reports/no-such-file.css",
    ],
)
def test_fetcher_refuses_anything_but_project_static_files(url):
    with pytest.raises(RefusedFetch):
        url_fetcher(url)


def test_a_network_image_is_left_out_and_the_pdf_still_renders(caplog):
    from weasyprint import HTML

    html = (
        '<link rel="stylesheet" href="static:reports/report.css">'
        '<h1>Vendor logo test</h1><img src="http://example.com/logo.png" alt="logo">'
    )

    document = HTML(string=html, url_fetcher=pdf_fetcher(), base_url="static:/").render()

    pages, _count = pdf_text(document.write_pdf())
    assert "Vendor logo test" in pages[0]
    assert "Page 1 of 1" in pages[0]  # the static stylesheet was served
    assert "http://example.com/logo.png" in caplog.text


def test_rendering_does_not_fill_the_worker_log_with_layout_progress(engagement, member, caplog):
    report = Report.objects.create(engagement=engagement, requested_by=member)
    with caplog.at_level(logging.INFO):
        render_report(report)
    assert not [r for r in caplog.records if r.name.startswith("weasyprint.progress")]


def test_page_headers_and_footers_use_the_body_font(engagement, member):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from portal.reports.render import render_html

    html = render_html(Report.objects.create(engagement=engagement, requested_by=member))
    document = HTML(string=html, url_fetcher=pdf_fetcher(), base_url="static:/").render()
    page = document.pages[1]
    margin_boxes = [b for b in page._page_box.children if isinstance(b, boxes.MarginBox)]
    body = next(b for b in page._page_box.descendants() if b.element_tag == "body")
    assert {b.at_keyword for b in margin_boxes} >= {"@top-left", "@bottom-right"}
    for margin_box in margin_boxes:
        assert margin_box.style["font_family"] == body.style["font_family"]
        assert "DejaVu Sans" in margin_box.style["font_family"]


def structure_elements(reader: pypdf.PdfReader) -> list[dict]:
    """The tagged PDF's structure elements, depth first from the root."""
    elements: list[dict] = []
    pending = [reader.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while pending:
        node = pending.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            pending.extend(reversed(node))
        elif isinstance(node, dict) and node.get("/Type", "/StructElem") == "/StructElem":
            if "/S" in node:
                elements.append(node)
            if "/K" in node:
                pending.append(node["/K"])
    return elements


def test_demo_report_is_a_tagged_pdf_a_screen_reader_can_follow(django_user_model, caplog):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title=DEMO_TITLE)
    report = Report.objects.create(engagement=engagement)

    with caplog.at_level(logging.WARNING):
        pdf = render_report(report).pdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == pypdf.generic.BooleanObject(True)
    # The window title and the metadata name the engagement.
    assert reader.metadata.title == f"Decision report: {DEMO_TITLE}"
    assert f"Decision report: {DEMO_TITLE}" in reader.xmp_metadata.dc_title.values()
    assert "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()
    # Headings, tables with header and data cells, paragraphs and lists, in order.
    elements = structure_elements(reader)
    roles = [element["/S"] for element in elements]
    assert roles[0] == "/Document"
    assert {"/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/P", "/L", "/LI"} <= set(roles)
    assert roles.index("/H1") < roles.index("/Table") < roles.index("/H2")  # the cover facts
    # Each chart is a figure whose alternate text is the chart's title.
    charts = [element.get("/Alt") for element in elements if element["/S"] == "/Figure"]
    assert "Inbound phone line only: monthly cost by call volume" in charts
    assert len(charts) > 1 and all(charts)
    # The tagger found nothing it could not place (missing language, untagged content).
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
