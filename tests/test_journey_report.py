"""The decision report's sections: what each step contributes, from the apps' own reads."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pypdf
import pytest

from contracts.monitoring.queries import PLAN_CHECK_QUERIES
from contracts.standing import STANDING_QUERIES
from portal.journey import report as sections
from portal.people import display_name
from portal.planning import comparison
from portal.planning.phone_break_even import crossing_sentence
from portal.reports.models import Report
from portal.reports.render import render_html, render_report
from tests.factories import CandidateFactory
from tests.factories_diligence import ChecklistFactory, TestCallFactory, current_template
from tests.factories_planning import scoped_engagement
from tests.factories_reports import (
    APPROVAL_REASON,
    CANDIDATES,
    RECOMMENDATION,
    large_engagement,
)
from tests.factories_vendors import recommended_candidate
from vendors import actions as vendor_actions
from vendors.diligence.models import ChecklistItem

pytestmark = pytest.mark.django_db

EXPECTED_KEYS = [
    "scope",
    "cost",
    "customers",
    "comparison",
    "diligence",
    "contract",
    "liaison",
    "monitoring",
    "exit",
]


@pytest.fixture(scope="module")
def _large(django_db_setup, django_db_blocker):
    """One large engagement for the module: building it takes a few seconds."""
    with django_db_blocker.unblock():
        from django.db import transaction

        # Built in a savepoint that the module rolls back, like a test's own data.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield large_engagement()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_step_has_a_section_in_journey_order(engagement):
    keys = [section.key for section in sections.engagement_sections(engagement)]
    assert keys == EXPECTED_KEYS


def test_an_empty_engagement_says_plainly_that_each_step_is_not_filled_in(engagement):
    found = sections.engagement_sections(engagement)
    assert not any(section.filled for section in found)
    missing = {section.key: section.missing for section in found}
    assert missing["scope"] == (
        "The need is not scoped yet: no channel volumes have been filled in."
    )
    assert missing["cost"].startswith("The cost case is not filled in yet")
    assert missing["customers"] == "The customer base is not assessed yet."
    assert missing["comparison"].startswith("No vendor is shortlisted yet")
    assert missing["contract"] == "No contract is recorded yet."
    assert missing["exit"] == "No exit plan is written yet."


def test_cost_section_waits_for_the_in_house_figures(engagement):
    scoped_engagement(engagement, cost_case=False)
    cost = next(s for s in sections.engagement_sections(engagement) if s.key == "cost")
    assert not cost.filled
    assert cost.missing == "The cost case is not filled in yet: the in-house figures are missing."


def test_a_recommendation_awaiting_approval_is_the_decision_not_yet_approved(engagement, member):
    candidate = recommended_candidate(engagement=engagement, by=member)
    comparison = next(s for s in sections.engagement_sections(engagement) if s.key == "comparison")
    decision = comparison.decision
    assert decision.vendor == candidate.vendor.name
    assert not decision.approved
    assert decision.recommended_by == display_name(member)
    assert decision.rationale == "Best overall fit."
    assert decision.approved_by == ""


def test_the_decision_names_who_approved_when_and_why(engagement, member, manager):
    candidate = recommended_candidate(engagement=engagement, by=member)
    CandidateFactory(engagement=engagement)  # another shortlisted vendor
    move = vendor_actions.candidate_approve(
        user=manager, candidate=candidate, reason="References convincing."
    )
    found = sections.engagement_sections(engagement)
    decision = next(s.decision for s in found if s.decision)
    assert decision.approved
    assert decision.vendor == candidate.vendor.name
    assert decision.approved_by == display_name(manager)
    assert decision.approved_at == move.created_at
    assert decision.reason == "References convincing."
    assert decision.rationale == "Best overall fit."
    assert decision.standing.startswith("ranked ")
    summary = sections.executive_summary(found)
    assert summary.decision == decision


def test_the_summary_states_the_approved_vendors_own_scenario(engagement, member, manager):
    from tests.factories import QuoteFactory
    from tests.factories_planning import scoped_engagement
    from tests.factories_vendors import DeliveryLocationFactory
    from vendors import candidate_cost

    scoped_engagement(engagement)
    candidate = recommended_candidate(engagement=engagement, by=member)
    DeliveryLocationFactory(vendor=candidate.vendor)  # the Philippines
    QuoteFactory(
        candidate=candidate, pricing_model="dedicated_per_hour", rate="11.50", unit="per_hour"
    )
    vendor_actions.candidate_approve(user=manager, candidate=candidate, reason="Cheapest.")
    found = sections.engagement_sections(engagement)
    decision = next(s.decision for s in found if s.decision)
    cost = candidate_cost.candidate_cost(engagement, candidate)
    assert decision.cost.startswith(
        f"Under its quotes the whole scope costs ${cost.monthly_total:,.0f} a month "
        f"(${cost.annual_total:,.0f} a year) and {cost.saving_text}"
    )
    assert decision.cost.endswith(
        "its dedicated inbound, per hour rate of $11.50 is within the rate card's "
        "$8.00-$14.00 (Asia / Philippines)."
    )


def test_diligence_lists_no_answers_and_open_items_per_candidate(engagement, member):
    candidate = CandidateFactory(engagement=engagement)
    checklist = ChecklistFactory(candidate=candidate)
    items = list(current_template().items.order_by("order", "id"))
    ChecklistItem.objects.create(
        checklist=checklist, template_item=items[0], answer="no", notes="No call recording."
    )
    ChecklistItem.objects.create(checklist=checklist, template_item=items[1], answer="")
    ChecklistItem.objects.create(checklist=checklist, template_item=items[2], answer="yes")
    section = next(s for s in sections.engagement_sections(engagement) if s.key == "diligence")
    (row,) = section.context["rows"]
    assert [item.template_item_id for item in row.no_answers] == [items[0].pk]
    assert [item.template_item_id for item in row.open_items] == [items[1].pk]
    assert row.summary.items_total == 3
    assert "1 of 1 checklist started" in section.summary


def test_an_email_test_reports_its_reply_time_and_an_unrecorded_resolution_as_such(engagement):
    candidate = CandidateFactory(engagement=engagement)
    TestCallFactory(
        candidate=candidate,
        channel="email",
        wait_seconds=None,
        reply_hours="5.5",
        resolved_first_contact=None,
    )
    html = render_html(Report(engagement=engagement))
    rows = re.findall(
        rf"<th scope=\"row\">{re.escape(candidate.vendor.name)}</th>(.*?)</tr>", html, re.S
    )
    (tested,) = [row for row in rows if "h reply" in row and "not recorded" in row]
    assert "5.5 h reply" in tested
    assert "not recorded" in tested
    assert " s</td>" not in tested  # no wait in seconds for an e-mail


def test_section_queries_do_not_grow_with_candidates_checklists_or_months(
    _large, django_assert_max_num_queries
):
    engagement, _member, _manager = _large
    # 52 and the vendor's standing in step 6: a few per section, none per candidate,
    # item, month or entry (the rate card read once for where the decided vendor's
    # rates sit), and the SLAs against the staffing plan.
    with django_assert_max_num_queries(52 + STANDING_QUERIES + PLAN_CHECK_QUERIES):
        found = sections.engagement_sections(engagement)
    assert all(section.filled for section in found)
    by_key = {section.key: section for section in found}
    assert len(by_key["comparison"].context["result"].ranked) == CANDIDATES
    assert len(by_key["monitoring"].context["table"].periods) == 36
    assert len(by_key["monitoring"].context["charts"]) == 8


def test_large_report_summarizes_diligence_instead_of_printing_every_answer(_large):
    engagement, _member, _manager = _large
    html = render_html(Report(engagement=engagement))
    template_items = list(current_template().items.order_by("order", "id"))
    no_question = template_items[0].text  # answered "no" by every candidate
    yes_question = template_items[2].text  # answered "yes" by every candidate
    assert html.count(no_question) == CANDIDATES
    assert yes_question not in html
    assert APPROVAL_REASON in html
    assert RECOMMENDATION in html
    assert "(the last 12 of 36)" in html


def test_large_report_repeats_table_headers_on_every_page_a_table_spans(_large):
    engagement, _member, _manager = _large
    rendered = render_report(Report(engagement=engagement))
    reader = pypdf.PdfReader(io.BytesIO(rendered.pdf))
    pages = [
        re.sub(r"\s+", " ", page.extract_text(extraction_mode="layout")) for page in reader.pages
    ]
    no_answer_pages = [text for text in pages if "Checked with Large vendor" in text]
    assert len(no_answer_pages) >= 2  # the "no" answers of 20 candidates span pages
    for text in no_answer_pages:
        assert "Vendor Question Risk Notes" in text  # the header row, repeated
    assert f"Page 1 of {rendered.pages}" in pages[0]


def test_large_report_never_splits_a_table_row_across_pages(_large):
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from portal.reports.render import pdf_fetcher

    engagement, _member, _manager = _large
    html = render_html(Report(engagement=engagement))
    document = HTML(string=html, url_fetcher=pdf_fetcher(), base_url="static:/").render()
    pages_of_row: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in page._page_box.descendants():
            if isinstance(box, boxes.TableRowGroupBox) and not box.is_header:
                for row in box.children:
                    pages_of_row.setdefault(id(row.element), set()).add(number)
    assert len(pages_of_row) > 200  # the large tables are there, over many pages
    assert len({page for pages in pages_of_row.values() for page in pages}) > 10
    split = [pages for pages in pages_of_row.values() if len(pages) > 1]
    assert split == []


def test_executive_summary_states_the_approved_vendors_own_scenario(engagement, member, manager):
    from tests.factories import QuoteFactory

    scoped_engagement(engagement)  # 9,000 calls of 6 minutes and 3,000 e-mails of 8
    candidate = recommended_candidate(engagement=engagement, by=member)
    QuoteFactory(candidate=candidate, pricing_model="shared_per_minute", rate="0.30")
    # An outbound quote covers nothing in this scope: it is left out.
    QuoteFactory(candidate=candidate, pricing_model="outbound_hourly", rate="7", unit="per_hour")
    vendor_actions.candidate_approve(user=manager, candidate=candidate, reason="Cheapest.")
    summary = sections.executive_summary(sections.engagement_sections(engagement), engagement)
    cost = summary.vendor_cost
    # 9,000 x 6 + 3,000 x 8 = 78,000 answered minutes x $0.30 = $23,400, plus the
    # $6,500 oversight once: $29,900 a month, $358,800 a year; nothing kept in-house.
    assert cost.vendor == candidate.vendor.name
    assert cost.scenario.monthly_total == Decimal("29900.00")
    assert cost.scenario.annual_total == Decimal("358800.00")
    assert cost.scenario.kept_in_house == ()
    in_house = comparison.for_engagement(engagement).workload.in_house_monthly_cost
    assert cost.scenario.saving_monthly == in_house - Decimal("29900")
    assert cost.positions == (
        "Shared inbound, per minute at $0.30: below the rate card's $0.35-0.45 "
        "(Asia / Philippines)",
    )
    html = render_html(Report(engagement=engagement))
    assert "the whole scope costs <strong>$29,900 a month</strong>, $358,800 a year" in html
    saving = in_house - Decimal("29900")
    assert f"it saves ${saving:,.0f} a month against all in-house" in html
    assert "below the rate card&#x27;s $0.35-0.45 (Asia / Philippines)." in html


def test_report_cost_section_lists_scenarios_queues_and_every_crossing(engagement):
    scoped_engagement(engagement)
    result = comparison.for_engagement(engagement).comparison
    html = render_html(Report(engagement=engagement))
    assert "Scenarios for the whole scope: rate card, Asia / Philippines" in html
    for row in result.scenario_rows:
        assert f"{row.monthly['mid']:,.0f}" in html
    assert "Inbound phone: agents by hour of the week (blank: closed)" in html
    sentence = crossing_sentence(result.break_even_crossings)
    assert sentence and sentence.replace("'", "&#x27;") in html
    cost = next(s for s in sections.engagement_sections(engagement) if s.key == "cost")
    assert "Break-even on the inbound phone line: shared per minute is cheaper below" in (
        cost.summary
    )
    assert "Cheapest outsourcing scenario the center would accept, at mid rates:" in cost.summary
