"""Step 2's page shows complete scenarios for the whole scope (issue 17): oversight
once, the saving against all in-house, "Cheapest" never a scenario the center would
refuse, commission at half, planned and one and a half times the sales, queues'
agents by hour, and every break-even crossing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from portal import week
from portal.planning import comparison
from portal.planning.models import ChannelLine, CostCase
from portal.planning.phone_break_even import crossing_sentence
from portal.planning.queue_tables import queue_tables
from tests.factories_planning import scoped_engagement

pytestmark = pytest.mark.django_db


def _page(client, engagement) -> str:
    url = reverse("planning:cost-detail", kwargs={"engagement_pk": engagement.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def _mixed(engagement, *, commission_percent="1"):
    """Phone and e-mail inbound, plus 4,000 outbound calls of 5 minutes (333.3 hours
    worked a month) expected to bring $60,000 of sales."""
    scoped_engagement(engagement)
    ChannelLine.objects.create(
        engagement=engagement,
        channel="outbound_phone",
        contacts_per_month=4000,
        handle_minutes=Decimal("5"),
        open_hours=list(week.BUSINESS_HOURS),
    )
    CostCase.objects.filter(engagement=engagement).update(
        outbound_sales_monthly=Decimal("60000"),
        commission_percent=Decimal(commission_percent) if commission_percent else None,
    )
    return comparison.for_engagement(engagement).comparison


def _row(result, name):
    return next(row for row in result.scenario_rows if row.name == name)


def test_a_mixed_scope_outsourcing_both_directions_counts_oversight_once(member_client, engagement):
    result = _mixed(engagement)
    dedicated = next(o for o in result.options if o.label == "Dedicated inbound, per hour")
    hourly = next(o for o in result.options if o.label == "Outbound, hourly")
    # Outbound hourly at Asia's mid $8: 4,000 x 5 / 60 = 333.33 hours = $2,666.67.
    assert hourly.charge["mid"] == Decimal("2666.67")
    both = _row(result, "Dedicated inbound, per hour + Outbound, hourly")
    assert both.scenario.kept_in_house == ()
    assert both.scenario.in_house_cost == 0
    # The $6,500 oversight once, not once per vendor.
    assert both.scenario.oversight == Decimal("6500.00")
    assert both.monthly["mid"] == dedicated.charge["mid"] + hourly.charge["mid"] + Decimal("6500")
    all_in_house = result.all_in_house.scenario
    assert both.scenario.saving_monthly == all_in_house.monthly_total - both.monthly["mid"]
    text = _page(member_client, engagement)
    assert "Scenarios for the whole scope: rate card, Asia / Philippines" in text
    cells = re.search(
        r'<th scope="row">Dedicated inbound, per hour \+ Outbound, hourly(?! \+).*?</th>(.*?)</tr>',
        text,
        re.S,
    ).group(1)
    figures = re.findall(r"<td[^>]*>([^<]*)</td>", cells)
    # Vendor, in-house, oversight, low, mid, high, annual, saving.
    assert figures[2] == "$6,500"
    assert figures[4] == f"${both.monthly['mid']:,.0f}"
    assert "counted once in every scenario that outsources work" in text
    # The outbound-only scenario keeps the inbound work in-house and says so.
    outbound_only = _row(result, "Outbound, hourly, the rest in-house")
    assert outbound_only.kept_in_house == "E-mail and Inbound phone"  # scope order
    assert "Kept in-house: E-mail and Inbound phone." in text


def test_cheapest_never_names_a_commission_scenario_the_center_would_refuse(
    member_client, engagement
):
    # A 1% commission on $60,000 is $600 a month for 333 hours: $1.80 an hour, far
    # below the $8.80 the center needs, so the cheapest price is one it refuses.
    result = _mixed(engagement)
    by_price = min(result.scenario_rows, key=lambda row: row.monthly["mid"])
    assert not by_price.feasible and "(your offer)" in by_price.name
    cheapest = result.cheapest_outsourced
    assert cheapest.feasible and "(your offer)" not in cheapest.name
    assert result.cheapest_row is cheapest  # it also beats all in-house here
    assert all(
        row.monthly["mid"] >= cheapest.monthly["mid"]
        for row in result.scenario_rows
        if row.feasible and row.outsourced
    )
    text = _page(member_client, engagement)
    assert (
        f"Cheapest scenario the center would accept (mid rates): {cheapest.name}</strong>" in text
    )
    badge = text.index('<span class="badge text-bg-success">Cheapest</span>')
    assert text.rfind(cheapest.name, 0, badge) > text.rfind("<tr>", 0, badge)
    assert "The center would refuse" in text


def test_commission_options_show_their_cost_at_half_planned_and_one_and_a_half_sales(
    member_client, engagement
):
    result = _mixed(engagement, commission_percent="6")
    offer = next(o for o in result.options if o.label == "Outbound, commission (your offer)")
    # 6% of $30,000, $60,000 and $90,000.
    assert [value for _, value in offer.sales_levels] == [
        Decimal("1800.00"),
        Decimal("3600.00"),
        Decimal("5400.00"),
    ]
    text = _page(member_client, engagement)
    assert (
        "if sales come in at half the plan: $1,800 a month; as planned: $3,600; at one and "
        "a half times the plan: $5,400." in text
    )
    # The hourly + commission reference starts from half the $8 mid hourly rate.
    reference = next(o for o in result.options if o.label == "Outbound, hourly + commission")
    assert reference.pricings["mid"].rate == Decimal("4.00")


def test_each_option_says_in_words_what_it_bills(member_client, engagement):
    result = _mixed(engagement)
    text = _page(member_client, engagement)
    shared = next(o for o in result.options if o.label == "Shared inbound, per minute")
    # 9,000 x 6 + 3,000 x 8 = 78,000 answered minutes (no patience: every call answered).
    assert shared.bills.startswith("Shared inbound, per minute: 78,000 minutes of answered")
    assert f"Bills {shared.bills}" in text
    assert "333 outbound hours worked a month at $8.00" in text


def test_queues_show_agents_by_hour_and_no_abandon_rate_without_patience(member_client, engagement):
    scoped_engagement(engagement)
    result = comparison.for_engagement(engagement).comparison
    (phone,) = result.queues  # e-mail is a backlog, not a queue
    assert phone.label == "Inbound phone"
    assert len(phone.days) == 7 and all(len(cells) == 24 for _, cells in phone.days)
    open_cells = [agents for _, cells in phone.days for agents, _ in cells if agents]
    assert len(open_cells) == 70  # 70 open hours a week
    assert phone.abandon_rate is None
    text = _page(member_client, engagement)
    assert "Queues staffed hour by hour" in text
    assert "Inbound phone: agents by hour of the week" in text
    assert "callers' patience not entered, so no abandon rate" in text
    assert re.search(
        r'<div class="table-responsive mb-3" tabindex="0">\s*<table[^>]*heat-table', text
    )


def test_every_break_even_crossing_is_listed(member_client, engagement):
    scoped_engagement(engagement)
    view = comparison.for_engagement(engagement)
    result = view.comparison
    found = result.break_even_crossings
    assert found is not None and found.crossings
    assert result.break_even == found.first
    text = _page(member_client, engagement)
    sentence = crossing_sentence(found)
    assert sentence.startswith("Shared per minute is cheaper below ")
    assert f"{found.crossings[0]:,} calls a month" in sentence
    assert sentence in text
    if len(found.crossings) > 1:
        for interval in found.intervals[1:]:
            assert f"from {interval.start:,}" in text


def test_crossing_sentence_names_each_interval():
    class Interval:
        def __init__(self, start, end, cheaper):
            self.start, self.end, self.cheaper = start, end, cheaper

    class Found:
        crossings = (53828, 69513)
        intervals = (
            Interval(1, 53827, "shared"),
            Interval(53828, 69512, "dedicated"),
            Interval(69513, None, "shared"),
        )
        searched_up_to = None

    assert crossing_sentence(Found()) == (
        "Shared per minute is cheaper below 53,828 calls a month, dedicated per hour "
        "from 53,828 to 69,512, shared per minute again from 69,513 up."
    )


def test_the_page_query_count_stays_fixed_with_a_mixed_scope(
    member_client, engagement, django_assert_max_num_queries
):
    _mixed(engagement)
    for _ in range(5):
        scoped_engagement()
    with django_assert_max_num_queries(10):  # the bound of tests/test_planning_views.py
        _page(member_client, engagement)


def test_a_queue_with_known_patience_shows_its_abandon_rate():
    from django.template.loader import render_to_string

    from portal import cost_inputs, costs

    phone = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, patience_seconds=90)
    workload = costs.build_workload([phone], cost_inputs.CostInputs())
    (queue,) = queue_tables(workload)
    plan = workload.plan("inbound_phone")
    assert queue.abandon_rate == plan.abandon_rate and 0 < queue.abandon_rate < 0.2
    html = render_to_string("planning/_queues.html", {"queues": [queue]})
    shown = f"{Decimal(repr(queue.abandon_rate * 100)):.1f}".rstrip("0").rstrip(".")
    assert f"abandon rate (callers who hang up before an agent answers): {shown}%" in html
    # Business hours: 45 open hours of the week, the other 123 blank (closed).
    assert html.count('<span class="visually-hidden">closed</span>') == 168 - 45
