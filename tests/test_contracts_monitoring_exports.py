"""The KPI table downloads as a spreadsheet: the months by SLA with the breaches, and
the SLAs with their breach runs, as numbers and dates (who gets in: the matrix)."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.factories_contracts import KpiRecordFactory, SlaFactory

pytestmark = pytest.mark.django_db


def _url(engagement):
    return reverse("contracts:kpi-export", kwargs={"engagement_pk": engagement.pk})


def _sheets(response):
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book}


def test_kpis_by_month_with_breaches(member_client, engagement):
    level = SlaFactory(engagement=engagement, penalty="=2+5 credit")
    abandoned = SlaFactory(
        engagement=engagement, metric="abandoned", target=Decimal("5"), direction="lower"
    )
    KpiRecordFactory(sla=level, period=datetime.date(2026, 1, 1), value=Decimal("82.5"))
    KpiRecordFactory(sla=level, period=datetime.date(2026, 2, 1), value=Decimal("75"))
    KpiRecordFactory(sla=abandoned, period=datetime.date(2026, 2, 1), value=Decimal("4"))
    sheets = _sheets(member_client.get(_url(engagement)))
    kpis = sheets["KPIs by month"]
    assert kpis[0][:3] == ["Month", "Service level (20 s) (%)", "Abandoned / dropped calls (%)"]
    # Latest month first, as on the page; the month is a date cell.
    assert kpis[1][:4] == [datetime.datetime(2026, 2, 1), 75, 4, "Service level (20 s)"]
    assert kpis[2][:3] == [datetime.datetime(2026, 1, 1), 82.5, None]
    slas = {row[0]: row for row in sheets["SLAs"][1:]}
    level_row = slas["Service level (20 s)"]
    assert level_row[1] == 80 and level_row[4] == 75
    assert level_row[6:9] == [1, 1, 1]  # breached once, in the latest month
    assert level_row[9] == "'=2+5 credit"


def test_page_links_the_download(member_client, engagement):
    KpiRecordFactory(sla=SlaFactory(engagement=engagement))
    page = member_client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    assert _url(engagement) in page and "Download .xlsx" in page


def test_outsider_404_anonymous_to_login(outsider_client, anon_client, engagement):
    assert outsider_client.get(_url(engagement)).status_code == 404
    response = anon_client.get(_url(engagement))
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_is_fixed(member_client, engagement, django_assert_max_num_queries):
    for metric in ("service_level", "abandoned", "csat"):
        sla = SlaFactory(engagement=engagement, metric=metric)
        for month in range(1, 13):
            KpiRecordFactory(sla=sla, period=datetime.date(2025, month, 1))
    with django_assert_max_num_queries(6):
        response = member_client.get(_url(engagement))
    assert len(_sheets(response)["KPIs by month"]) == 13
