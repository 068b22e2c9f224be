"""Step 2's cost case downloads as a spreadsheet: the options at low, mid and high rates,
the in-house figures and the assumptions, as numbers (who gets in: the permission matrix)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from portal.planning import comparison
from portal.planning.models import CostCase
from tests.factories_planning import scoped_engagement

pytestmark = pytest.mark.django_db


def _url(engagement):
    return reverse("planning:cost-export", kwargs={"engagement_pk": engagement.pk})


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_cost_case_has_the_options_the_page_shows_as_numbers(member_client, engagement):
    scoped_engagement(engagement)
    response = member_client.get(_url(engagement))
    assert (
        'filename="outsource-tier-1-phone-support-cost-case.xlsx"'
        in (response["Content-Disposition"])
    )
    book = _book(response)
    assert book.sheetnames == ["Scenarios", "Options", "In-house", "Assumptions"]
    options = _rows(book["Options"])
    assert options[0][:5] == [
        "Pricing model",
        "Basis",
        "Monthly, low",
        "Monthly, mid",
        "Monthly, high",
    ]
    expected = comparison.for_engagement(engagement).comparison.options
    shared = next(row for row in options if row[0] == "Shared inbound, per minute")
    option = next(o for o in expected if o.label == "Shared inbound, per minute")
    assert shared[3] == pytest.approx(float(option.monthly["mid"]))
    assert book["Options"]["D2"].number_format == "#,##0.00"
    page = member_client.get(reverse("planning:cost-detail", args=[engagement.pk])).text
    assert f"${option.monthly['mid']:,.0f}" in page  # the same figure, as the page rounds it


def test_assumptions_are_the_in_house_figures_entered(member_client, engagement):
    scoped_engagement(engagement)
    case = CostCase.objects.get(engagement=engagement)
    CostCase.objects.filter(pk=case.pk).update(loaded_salary=Decimal("3400"))
    book = _book(member_client.get(_url(engagement)))
    assumptions = {row[0]: row[1] for row in _rows(book["Assumptions"])}
    assert assumptions["Loaded salary per agent (month)"] == 3400
    assert assumptions["Shrinkage (%)"] == float(case.shrinkage_percent)
    assert assumptions["Region for rate-card options"] == case.get_region_display()
    summary = {row[0]: row[1] for row in _rows(book["In-house"])}
    assert summary["In-house agents to employ"] > 0


def test_without_a_scope_the_workbook_says_what_is_missing(member_client, engagement):
    summary = _rows(_book(member_client.get(_url(engagement)))["In-house"])
    assert summary[1] == ["Note", "Scope the channels and volumes first (step 1)."]


def test_page_links_the_download(member_client, engagement):
    page = member_client.get(reverse("planning:cost-detail", args=[engagement.pk])).text
    assert _url(engagement) in page and "Download .xlsx" in page


def test_outsider_404_anonymous_to_login(outsider_client, anon_client, engagement):
    assert outsider_client.get(_url(engagement)).status_code == 404
    response = anon_client.get(_url(engagement))
    assert response.status_code == 302 and "login" in response["Location"]


def test_post_is_405(member_client, engagement):
    assert member_client.post(_url(engagement)).status_code == 405


def test_query_count_is_fixed(member_client, engagement, django_assert_max_num_queries):
    scoped_engagement(engagement)
    for _ in range(10):
        scoped_engagement()
    with django_assert_max_num_queries(10):
        assert member_client.get(_url(engagement)).status_code == 200
