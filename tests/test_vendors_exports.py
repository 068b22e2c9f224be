"""The comparison downloads as a spreadsheet: the ranking with its saved weights and the
scores, each score explained, the key facts side by side (who gets in: the matrix)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, QuoteFactory, VendorFactory
from tests.factories_diligence import current_template
from tests.factories_planning import scoped_engagement
from tests.factories_vendors import ClientReferenceFactory
from vendors import comparison
from vendors.diligence import actions as diligence_actions
from vendors.models import ComparisonWeights

pytestmark = pytest.mark.django_db


def _url(engagement):
    return reverse("shortlist:compare-export", kwargs={"engagement_pk": engagement.pk})


def _candidate(engagement, member, name, rate):
    vendor = VendorFactory(name=name)
    ClientReferenceFactory(vendor=vendor)
    candidate = CandidateFactory(engagement=engagement, vendor=vendor, added_by=member)
    QuoteFactory(
        candidate=candidate, pricing_model="dedicated_per_hour", rate=rate, unit="per_hour"
    )
    diligence_actions.checklist_start(user=member, candidate=candidate)
    return candidate


def _sheets(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


@pytest.fixture
def shortlist(engagement, member):
    current_template()
    scoped_engagement(engagement)
    return [
        _candidate(engagement, member, "Cebu Calls", Decimal("9")),
        _candidate(engagement, member, '=HYPERLINK("http://evil")', Decimal("26")),
    ]


def test_ranking_has_the_weights_and_scores_the_page_shows(member_client, engagement, shortlist):
    ComparisonWeights.objects.create(engagement=engagement, cost=70, diligence=10)
    sheets = _sheets(member_client.get(_url(engagement)))
    assert list(sheets) == ["Ranking", "Weights", "Scores explained", "Side by side"]
    result = comparison.build(engagement)
    ranking = sheets["Ranking"]
    assert ranking[0][:3] == ["Rank", "Vendor", "Cost"]
    assert ranking[1][1] == "Cebu Calls" and ranking[1][0] == 1
    assert ranking[1][2] == result.ranked[0].scores["cost"].value  # the cheaper
    assert ranking[1][2] > ranking[2][2]
    assert ranking[1][-2] == pytest.approx(round(result.ranked[0].total, 1))
    assert ranking[1][-1] == "Yes"
    weights = {row[0]: row[1] for row in sheets["Weights"][1:]}
    assert weights["Cost"] == 70 and weights["Due diligence"] == 10
    facts = {row[0]: row[1:] for row in sheets["Side by side"]}
    assert facts["Fact"][0] == "Cebu Calls"
    assert facts["Client references"] == [1, 1]
    # Each vendor priced on the whole scope, against all in-house.
    cebu = result.columns[0].cost
    assert facts["Whole scope, a month"][0] == pytest.approx(float(cebu.monthly_total))
    assert facts["Saving against all in-house"][0] == pytest.approx(float(cebu.saving_monthly))
    assert facts["Oversight (once)"][0] == pytest.approx(float(cebu.oversight))
    assert facts["Kept in-house"] == ["nothing", "nothing"]  # its quote covers phone and e-mail
    assert facts["Priced on"][0] == "Dedicated inbound, per hour: 9.00 USD per hour"
    assert "staffed seat-hours a month at $9.00" in facts["What it bills"][0]
    assert weights["All in-house, a month"] is None
    in_house = {row[0]: row[2] for row in sheets["Weights"][1:]}["All in-house, a month"]
    assert in_house == pytest.approx(float(result.all_in_house.monthly_total))


def test_a_vendor_named_like_a_formula_stays_text(member_client, engagement, shortlist):
    sheets = _sheets(member_client.get(_url(engagement)))
    assert sheets["Ranking"][2][1] == '\'=HYPERLINK("http://evil")'
    assert sheets["Side by side"][0][2] == '\'=HYPERLINK("http://evil")'


def test_page_links_the_download(member_client, engagement, shortlist):
    page = member_client.get(reverse("shortlist:compare", args=[engagement.pk])).text
    assert _url(engagement) in page and "Download .xlsx" in page


def test_empty_shortlist_still_downloads(member_client, engagement):
    sheets = _sheets(member_client.get(_url(engagement)))
    assert len(sheets["Ranking"]) == 1  # the header


def test_outsider_404_anonymous_to_login(outsider_client, anon_client, engagement):
    assert outsider_client.get(_url(engagement)).status_code == 404
    response = anon_client.get(_url(engagement))
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_is_fixed(member_client, engagement, member, django_assert_max_num_queries):
    current_template()
    scoped_engagement(engagement)
    for n in range(12):
        _candidate(engagement, member, f"Vendor {n:02d}", Decimal(10 + n))
    with django_assert_max_num_queries(30):
        response = member_client.get(_url(engagement))
    assert len(_sheets(response)["Ranking"]) == 13
