"""The weighted comparison page: scores from every step, htmx re-ranking, query bound."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from portal.planning import queries as planning_queries
from tests.factories import CandidateFactory, QuoteFactory, VendorFactory
from tests.factories_diligence import TestCallFactory, current_template
from tests.factories_planning import CustomerAssessmentFactory, scoped_engagement
from tests.factories_vendors import (
    ClientReferenceFactory,
    DeliveryLocationFactory,
    language,
)
from vendors import comparison
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem
from vendors.models import ComparisonWeights


def _url(engagement):
    return reverse("shortlist:compare", args=[engagement.pk])


def _candidate(engagement, member, name, *, rate, onshore=False, refs=0, calls=0, answered=True):
    vendor = VendorFactory(name=name)
    vendor.languages.add(language("English"))
    DeliveryLocationFactory(
        vendor=vendor,
        country="United States" if onshore else "Philippines",
        region="usa_canada" if onshore else "asia_philippines",
    )
    for _ in range(refs):
        ClientReferenceFactory(vendor=vendor)
    candidate = CandidateFactory(engagement=engagement, vendor=vendor, added_by=member)
    QuoteFactory(
        candidate=candidate, pricing_model="dedicated_per_hour", rate=rate, unit="per_hour"
    )
    checklist = diligence_actions.checklist_start(user=member, candidate=candidate)
    if answered:
        ChecklistItem.objects.filter(checklist=checklist).update(answer="yes", risk="low")
    TestCallFactory.create_batch(calls, candidate=candidate)
    return candidate


@pytest.fixture
def scored(engagement, member):
    current_template()
    scoped_engagement(engagement)
    CustomerAssessmentFactory(engagement=engagement, risk_level="high")
    cheap = _candidate(engagement, member, "Cebu Calls", rate="9.00", refs=1, calls=3)
    onshore = _candidate(engagement, member, "Kansas Calls", rate="26.00", onshore=True, refs=3)
    return {"cheap": cheap, "onshore": onshore}


def test_page_scores_every_criterion_and_marks_the_leader(member_client, engagement, scored):
    response = member_client.get(_url(engagement))
    page = response.content.decode()
    result = response.context["result"]
    rows = {r.facts.name: r for r in result.ranked}
    cheap, onshore = rows["Cebu Calls"], rows["Kansas Calls"]
    # Cost: the whole scope under each vendor's quote (step 2's model on step 1's
    # workload) against all in-house; the cheaper vendor scores higher.
    assert onshore.scores["cost"].value < cheap.scores["cost"].value
    assert "for the whole scope" in cheap.scores["cost"].reason
    assert onshore.facts.monthly_cost > cheap.facts.monthly_cost
    # Due diligence from the checklist summaries: everything answered, nothing critical.
    assert cheap.scores["diligence"].value == 100
    # Test calls: only the cheap vendor was called.
    assert cheap.scores["test_calls"].value > 0
    assert onshore.scores["test_calls"].reason == "no data: no rated test call yet"
    # Step-3 risk is high: onshore delivery fits, offshore scores 20.
    assert (onshore.scores["customer_risk"].value, cheap.scores["customer_risk"].value) == (100, 20)
    assert (onshore.scores["references"].value, cheap.scores["references"].value) == (100, 40)
    # Step 1 scoped English and Spanish; both vendors speak English only.
    assert result.required_languages == ["English", "Spanish"]
    assert "lacks Spanish" in cheap.scores["language"].reason
    assert sum(r.is_leader for r in result.ranked) == 1
    assert "Leader:" in page and "How each criterion is scored" in page
    assert "Side by side" in page and "Cebu Calls" in page
    assert "Dedicated inbound, per hour" in page  # cheapest quote in the matrix


def test_changing_a_weight_reranks_through_htmx(member_client, engagement, scored):
    weights = dict.fromkeys(["diligence", "test_calls", "language", "customer_risk"], 0)
    only_cost = {**weights, "cost": 100, "references": 0}
    only_refs = {**weights, "cost": 0, "references": 100}
    headers = {"HX-Request": "true"}
    response = member_client.get(_url(engagement), only_cost, headers=headers)
    assert "<html" not in response.content.decode()  # the fragment only
    assert response.context["result"].leader.facts.name == "Cebu Calls"
    response = member_client.get(_url(engagement), only_refs, headers=headers)
    assert response.context["result"].leader.facts.name == "Kansas Calls"
    assert not ComparisonWeights.objects.exists()  # a GET changes nothing


def test_bad_preview_weight_keeps_the_saved_ones(member_client, engagement, scored):
    response = member_client.get(
        _url(engagement), {"cost": "-5", "references": "x"}, headers={"HX-Request": "true"}
    )
    assert "Each weight must be a whole number" in response.content.decode()


def test_preview_with_a_weight_out_of_range_keeps_the_saved_ones(member_client, engagement, scored):
    weights = dict.fromkeys(["diligence", "test_calls", "language", "customer_risk"], 0)
    response = member_client.get(
        _url(engagement),
        {**weights, "cost": 150, "references": 100},
        headers={"HX-Request": "true"},
    )
    assert "Each weight must be a whole number" in response.content.decode()
    assert response.context["result"].weights == comparison.build(engagement).weights


def test_a_weight_typed_as_a_word_is_explained_by_the_preview(member_client, engagement):
    # The weights are text inputs in a novalidate form: the browser sends what was
    # typed, and the preview says in words why the ranking did not follow.
    page = member_client.get(_url(engagement)).content.decode()
    assert 'inputmode="numeric"' in page
    assert 'type="number"' not in page
    response = member_client.get(
        _url(engagement), {"cost": "ten", "references": 10}, headers={"HX-Request": "true"}
    )
    assert "Each weight must be a whole number" in response.content.decode()


def test_member_saves_weights_and_languages(member_client, engagement, scored):
    data = {
        "cost": 10,
        "diligence": 10,
        "test_calls": 10,
        "language": 10,
        "customer_risk": 10,
        "references": 90,
        "required_languages": [language("English").pk],
    }
    response = member_client.post(
        reverse("shortlist:weights-save", args=[engagement.pk]), data, follow=True
    )
    assert "Weights saved." in response.content.decode()
    saved = ComparisonWeights.objects.get(engagement=engagement)
    assert (saved.references, saved.cost) == (90, 10)
    result = comparison.build(engagement)
    assert result.required_languages == ["English"]
    assert result.leader.facts.name == "Kansas Calls"


def test_bad_weights_are_not_saved(member_client, engagement, scored):
    data = dict.fromkeys(["cost", "diligence", "test_calls", "language", "customer_risk"], 10)
    data["references"] = 500
    response = member_client.post(reverse("shortlist:weights-save", args=[engagement.pk]), data)
    assert response.status_code == 200
    assert "less than or equal to 100" in response.content.decode()
    assert not ComparisonWeights.objects.exists()


def test_without_steps_1_to_3_the_criteria_say_no_data(member_client, engagement, member):
    CandidateFactory(engagement=engagement, added_by=member)
    response = member_client.get(_url(engagement))
    (row,) = response.context["result"].ranked
    assert row.scores["cost"].reason == "no data: step 1 has no workload to price quotes on"
    assert row.scores["customer_risk"].no_data
    assert row.scores["diligence"].reason == "no data: no due-diligence checklist yet"
    assert "step 1 has no workload yet" in response.content.decode()


def test_empty_shortlist_says_so(member_client, engagement):
    assert "Nothing to compare yet" in member_client.get(_url(engagement)).content.decode()


def test_compare_wrong_method_405(member_client, engagement):
    assert member_client.post(_url(engagement)).status_code == 405


def test_query_count_is_fixed_for_20_candidates_30_items_10_calls(
    member_client, engagement, member, django_assert_max_num_queries
):
    current_template()
    scoped_engagement(engagement)
    CustomerAssessmentFactory(engagement=engagement, risk_level="medium")
    for n in range(20):
        candidate = _candidate(
            engagement, member, f"Vendor {n:02d}", rate=Decimal(10 + n), refs=2, calls=10
        )
        QuoteFactory(candidate=candidate)  # a second quote, per minute
    assert ChecklistItem.objects.filter(checklist__candidate__engagement=engagement).count() == 600
    # 30 includes the one read of the rounds accepted quotes came from.
    with django_assert_max_num_queries(30) as captured:
        response = member_client.get(_url(engagement))
    assert len(response.context["result"].ranked) == 20
    print(f"comparison page: {len(captured.captured_queries)} queries")
    with django_assert_max_num_queries(30):
        member_client.get(
            _url(engagement),
            {
                "cost": 50,
                "diligence": 0,
                "test_calls": 0,
                "language": 0,
                "customer_risk": 0,
                "references": 50,
            },
            headers={"HX-Request": "true"},
        )


def test_each_vendor_column_links_to_its_candidate_checklist_and_test_calls(
    member_client, engagement, scored
):
    page = member_client.get(_url(engagement)).content.decode()
    for candidate in scored.values():
        assert f'href="{reverse("shortlist:candidate-list", args=[engagement.pk])}#cand-' in page
        checklist = reverse("diligence:checklist-detail", args=[engagement.pk, candidate.pk])
        calls = reverse("diligence:test-call-list", args=[engagement.pk, candidate.pk])
        assert f'href="{checklist}"' in page and f'href="{calls}"' in page
        # Each link names its vendor for a screen reader, not just "Due-diligence checklist".
        link = re.search(rf'<a href="{checklist}">(.*?)</a>', page).group(1)
        assert re.sub(r"<[^>]+>", "", link) == f"Due-diligence checklist of {candidate.vendor}"


def _scope_with_outbound(engagement):
    from tests.factories_planning import ChannelLineFactory

    scoped_engagement(engagement)  # inbound phone and e-mail
    ChannelLineFactory(
        engagement=engagement,
        channel="outbound_phone",
        contacts_per_month=1200,
        handle_minutes=Decimal("10"),
    )


def test_every_vendor_is_priced_on_the_whole_scope(member_client, engagement, member):
    _scope_with_outbound(engagement)
    outbound = _candidate(engagement, member, "Dial Out", rate="14.00")
    outbound.quotes.all().delete()
    QuoteFactory(candidate=outbound, pricing_model="outbound_hourly", rate="6", unit="per_hour")
    _candidate(engagement, member, "Full Inbound", rate="14.00")
    response = member_client.get(_url(engagement))
    result = response.context["result"]
    page = response.content.decode()
    columns = {c.candidate.vendor.name: c for c in result.columns}
    dial_out, inbound = columns["Dial Out"].cost, columns["Full Inbound"].cost
    workload = planning_queries.workload(engagement)
    kept = workload.in_house_cost(["inbound_phone", "email"])
    # The outbound-only vendor carries the inbound work in-house, and says so.
    assert dial_out.in_house_cost == kept
    assert f"Inbound phone and E-mail kept in-house: ${kept:,.0f} a month" in page
    assert f"Outbound phone kept in-house: ${inbound.in_house_cost:,.0f} a month" in page
    assert dial_out.monthly_total == (
        dial_out.vendor_charges + kept + workload.oversight_monthly_cost
    )
    all_in_house = result.all_in_house.monthly_total
    assert inbound.saving_monthly == all_in_house - inbound.monthly_total
    assert f"All in-house costs <strong>${all_in_house:,.0f} a month</strong>" in page
    # Its quote bills the least, yet the whole scope costs more: it scores lower.
    assert dial_out.vendor_charges < inbound.vendor_charges
    rows = {r.facts.name: r for r in result.ranked}
    assert rows["Full Inbound"].scores["cost"].value > rows["Dial Out"].scores["cost"].value
    assert "for the whole scope" in rows["Dial Out"].scores["cost"].reason


def test_query_count_is_fixed_for_20_candidates_with_3_quotes_each(
    member_client, engagement, member, django_assert_max_num_queries
):
    current_template()
    _scope_with_outbound(engagement)
    CustomerAssessmentFactory(engagement=engagement, risk_level="medium")
    for n in range(20):
        candidate = _candidate(engagement, member, f"Vendor {n:02d}", rate=Decimal(10 + n), calls=3)
        QuoteFactory(candidate=candidate, channels=["email"])  # per minute, e-mail only
        QuoteFactory(
            candidate=candidate,
            pricing_model="outbound_hourly",
            rate=Decimal(5 + n),
            unit="per_hour",
        )
    with django_assert_max_num_queries(30):
        response = member_client.get(_url(engagement))
    result = response.context["result"]
    assert len(result.columns) == 20
    assert all(column.cost.scenario is not None for column in result.columns)
    assert all(len(column.cost.quotes) == 2 for column in result.columns)  # in and out


def test_a_commission_quote_below_the_centers_own_hourly_rate_is_not_its_price(
    member_client, engagement, member
):
    from portal.planning.models import CostCase

    _scope_with_outbound(engagement)
    CostCase.objects.filter(engagement=engagement).update(outbound_sales_monthly=Decimal("50000"))
    candidate = _candidate(engagement, member, "Dial Out", rate="14.00")
    candidate.quotes.all().delete()
    QuoteFactory(candidate=candidate, pricing_model="outbound_hourly", rate="20", unit="per_hour")
    QuoteFactory(
        candidate=candidate,
        pricing_model="commission",
        rate="0",
        unit="percent_premium",
        commission_percent=Decimal("1"),
    )
    column = comparison.build(engagement).columns[0]
    # 1% of $50,000 is far below the center's own $20 an hour plus 10%: the refusal
    # makes the cheaper commission deal no price to rank it on.
    (used,) = column.cost.quotes
    assert used.pricing_model == "outbound_hourly"
    assert column.cost.scenario.feasible
    commission = next(q for q in column.candidate.quotes.all() if q.pricing_model == "commission")
    assert commission.vendor_charge < used.vendor_charge
    assert not commission.scenario.feasible
    assert "below its regular rate" in commission.scenario.warnings[0]


def test_a_quote_accepted_from_a_round_says_as_submitted_in_it(
    member_client, engagement, member, django_assert_max_num_queries
):
    from django.utils import timezone

    from tests.factories_invitations import (
        InvitationFactory,
        ProposedQuoteFactory,
        RfpRoundFactory,
    )
    from vendors.invitations import review_actions as invitation_review

    current_template()
    scoped_engagement(engagement)
    rfp = _candidate(engagement, member, "Round Calls", rate="20.00")
    rfp.quotes.all().delete()  # its only quote comes from the round
    typed = _candidate(engagement, member, "Typed Calls", rate="21.00")
    round_ = RfpRoundFactory(engagement=engagement, number=3, opened_by=member)
    invitation = InvitationFactory(
        candidate=rfp, round=round_, deadline=round_.deadline, submitted_at=timezone.now()
    )
    proposed = ProposedQuoteFactory(invitation=invitation, rate="14.50")
    invitation_review.proposed_quote_accept(user=member, proposed=proposed)
    with django_assert_max_num_queries(30):
        response = member_client.get(_url(engagement))
    columns = {c.candidate.vendor.name: c for c in response.context["result"].columns}
    (accepted,) = columns["Round Calls"].cost.quotes
    assert accepted.submitted_in == round_
    assert all(q.submitted_in is None for q in columns["Typed Calls"].cost.quotes)
    page = response.content.decode()
    deadline = timezone.localtime(round_.deadline).strftime("%Y-%m-%d %H:%M")
    assert page.count("as submitted in round") == 1
    assert f"(as submitted in round 3, deadline {deadline})" in page
    assert typed.vendor.name in page
