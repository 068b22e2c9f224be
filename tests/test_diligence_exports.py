"""One candidate's due-diligence checklist downloads as a spreadsheet, with every answer."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import CandidateFactory, VendorFactory
from tests.factories_diligence import current_template
from vendors.diligence import actions
from vendors.diligence.models import ChecklistItem

pytestmark = pytest.mark.django_db


def _url(candidate):
    return reverse(
        "diligence:checklist-export",
        kwargs={"engagement_pk": candidate.engagement_id, "candidate_pk": candidate.pk},
    )


def _rows(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


@pytest.fixture
def candidate(engagement, member):
    current_template()
    candidate = CandidateFactory(
        engagement=engagement, vendor=VendorFactory(name="Cebu Calls"), added_by=member
    )
    actions.checklist_start(user=member, candidate=candidate)
    return candidate


def test_every_answer_is_in_the_sheet(member_client, member, candidate):
    items = list(ChecklistItem.objects.filter(checklist__candidate=candidate))
    first = items[0]
    ChecklistItem.objects.filter(pk=first.pk).update(
        answer="no", risk="high", notes="=cmd|' /C calc'!A0", reviewer=member
    )
    response = member_client.get(_url(candidate))
    assert "cebu-calls-checklist.xlsx" in response["Content-Disposition"]
    ws, rows = _rows(response)
    assert ws.title == "Checklist Cebu Calls"
    assert rows[0] == [
        "Group", "Item", "Critical", "Answer", "Risk", "Reviewer", "Notes", "Evidence", "Updated",
    ]  # fmt: skip
    assert len(rows) == len(items) + 1
    row = next(r for r in rows if r[1] == first.template_item.text)
    assert row[3:6] == ["No", "High", member.get_full_name()]
    assert row[6] == "'=cmd|' /C calc'!A0"  # text starting with a quote, never a formula
    assert sum(r[3] == "Open" for r in rows[1:]) == len(items) - 1
    assert isinstance(row[8], datetime.datetime)


def test_page_links_the_download(member_client, candidate):
    page = member_client.get(
        reverse("diligence:checklist-detail", args=[candidate.engagement_id, candidate.pk])
    ).text
    assert _url(candidate) in page and "Download .xlsx" in page


def test_no_checklist_yet_downloads_the_header_only(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement)
    _, rows = _rows(member_client.get(_url(candidate)))
    assert len(rows) == 1


def test_another_engagements_candidate_is_404(member_client, engagement):
    other = CandidateFactory()
    url = reverse(
        "diligence:checklist-export",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": other.pk},
    )
    assert member_client.get(url).status_code == 404


def test_outsider_404_anonymous_to_login(outsider_client, anon_client, candidate):
    assert outsider_client.get(_url(candidate)).status_code == 404
    response = anon_client.get(_url(candidate))
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_is_fixed(member_client, candidate, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert member_client.get(_url(candidate)).status_code == 200


def _overview_url(engagement):
    return reverse("diligence:overview-export", kwargs={"engagement_pk": engagement.pk})


def test_overview_has_the_summary_and_a_sheet_per_candidate(
    member_client, member, engagement, candidate
):
    second = CandidateFactory(
        engagement=engagement, vendor=VendorFactory(name="Kansas Calls"), added_by=member
    )
    checklist = actions.checklist_start(user=member, candidate=second)
    items = list(ChecklistItem.objects.filter(checklist=checklist))
    ChecklistItem.objects.filter(pk__in=[i.pk for i in items[:2]]).update(answer="yes")
    CandidateFactory(engagement=engagement, vendor=VendorFactory(name="Not Started Ltd"))
    response = member_client.get(_overview_url(engagement))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Checklist Cebu Calls", "Checklist Kansas Calls"]
    summary = {row[0].value: [c.value for c in row] for row in book["Summary"].iter_rows()}
    assert summary["Kansas Calls"][1] == pytest.approx(round(200 / len(items), 1))
    assert summary["Kansas Calls"][2] == len(items) - 2
    assert summary["Not Started Ltd"][1] == "Not started"
    kansas = [[c.value for c in row] for row in book["Checklist Kansas Calls"].iter_rows()]
    assert len(kansas) == len(items) + 1
    assert sum(row[3] == "Yes" for row in kansas) == 2
    page = member_client.get(reverse("diligence:overview", args=[engagement.pk])).text
    assert _overview_url(engagement) in page


def test_overview_query_count_is_fixed(
    member_client, member, engagement, django_assert_max_num_queries
):
    current_template()
    for _ in range(8):
        candidate = CandidateFactory(engagement=engagement, added_by=member)
        actions.checklist_start(user=member, candidate=candidate)
    with django_assert_max_num_queries(12):
        response = member_client.get(_overview_url(engagement))
    assert len(openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames) == 9
