"""Pages of steps 1-3: bad input, the happy path, query counts (who gets in: the
permission matrix, tests/access_matrix/planning.py; POSTs from other teams here)."""

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from portal import billing, break_even, cost_inputs
from portal.planning import comparison
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from portal.templatetags.money import format_money as money
from tests.factories import EngagementFactory, MembershipFactory, UserFactory
from tests.factories_planning import (
    BUSINESS_HOURS,
    CustomerAssessmentFactory,
    scoped_engagement,
)

pytestmark = pytest.mark.django_db


def _url(name, engagement):
    return reverse(f"planning:{name}", kwargs={"engagement_pk": engagement.pk})


ONE_HOUR_A_WEEK = [True] + [False] * 167
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
SCOPE_POST = {
    "complex_share_percent": "15",
    "volume_pattern": "steady",
    "outbound_purpose": "",
    "in_house_agents": "14",
    "in_house_hours_per_week": "45",
    "notes": "",
    "inbound_phone-contacts_per_month": "9000",
    "inbound_phone-handle_minutes": "6",
    # Monday-Friday 07:00-21:00, 70 hours a week.
    "inbound_phone-open_hours": "custom",
    **{f"inbound_phone-{day}_opens": "7" for day in WEEKDAYS},
    **{f"inbound_phone-{day}_closes": "21" for day in WEEKDAYS},
    "inbound_phone-saturday_opens": "",
    "inbound_phone-sunday_opens": "",
    "inbound_phone-profile_kind": "flat",
    "inbound_phone-patience_seconds": "",
    "inbound_phone-languages": "English",
    "email-contacts_per_month": "3000",
    "email-handle_minutes": "8",
    "email-open_hours": "business",
    "email-profile_kind": "flat",
    "email-languages": "English",
}

COST_POST = {
    "service_target_percent": "80",
    "answer_within_seconds": "20",
    "reply_within_hours": "24",
    "shrinkage_percent": "30",
    "loaded_salary": "3400",
    "training_per_agent": "150",
    "equipment_per_agent": "120",
    "rent_per_agent": "450",
    "it_per_agent": "180",
    "supervision_per_agent": "400",
    "coverage_extra_percent": "15",
    "in_house_agents_override": "",
    "oversight_monthly": "6500",
    "outbound_sales_monthly": "0",
    "commission_percent": "",
    "region": "asia_philippines",
}

ASSESSMENT_POST = {
    "offshore": "True",
    "local_preference": "some",
    "response_expectation": "day",
    "data_residency": "none",
    "notes": "",
    "language_inbound_phone": "high",
    "language_email": "low",
}

FORMS = ["scope-edit", "cost-edit", "customers-edit"]


@pytest.mark.parametrize("name", FORMS)
def test_outsider_cannot_post(name, outsider_client, engagement):
    assert outsider_client.post(_url(name, engagement), SCOPE_POST).status_code == 404
    assert not NeedsScope.objects.exists() and not CostCase.objects.exists()


@pytest.mark.parametrize("name", ["scope-detail", "cost-detail", "customers-detail"])
def test_detail_pages_refuse_post(name, member_client, engagement):
    assert member_client.post(_url(name, engagement)).status_code == 405


@pytest.mark.parametrize("name", FORMS)
def test_forms_refuse_put(name, member_client, engagement):
    assert member_client.put(_url(name, engagement)).status_code == 405


def test_empty_states(member_client, engagement):
    assert "No channels scoped yet" in member_client.get(_url("scope-detail", engagement)).text
    assert (
        "Scope the channels and volumes first"
        in member_client.get(_url("cost-detail", engagement)).text
    )
    assert "Not assessed yet" in member_client.get(_url("customers-detail", engagement)).text


def test_member_fills_in_the_three_steps(member_client, member, engagement):
    response = member_client.post(_url("scope-edit", engagement), SCOPE_POST, follow=True)
    assert "Scope saved." in response.text
    assert "A call center" in response.text  # the method recommendation
    assert "E-mail is a safe channel to outsource" in response.text
    assert "dedicated per-hour pricing" in response.text
    assert ChannelLine.objects.filter(engagement=engagement).count() == 2

    response = member_client.post(_url("cost-edit", engagement), COST_POST, follow=True)
    assert "Cost case saved." in response.text
    text = response.text
    assert "Shared inbound, per minute" in text and "Dedicated inbound, per hour" in text
    assert "Break-even" in text and "<svg" in text and "break-even" in text
    # The rate card has no monthly figures: the monthly model is priced from the
    # hourly rate over a full-time month (8-14 x 173.3 h).
    assert "Dedicated, monthly rate" in text
    assert "1,386.67-2,426.67 USD per full-time agent a month" in text

    response = member_client.post(_url("customers-edit", engagement), ASSESSMENT_POST, follow=True)
    assert "customer-base risk high" in response.text
    assessment = CustomerAssessment.objects.get(engagement=engagement)
    assert assessment.risk_level == "high"  # offshore phone: accent risk
    assert assessment.language_risk == {"inbound_phone": "high", "email": "low"}

    detail = member_client.get(engagement.get_absolute_url()).text
    assert detail.count("Complete") >= 3
    assert "Customer-base risk: high." in detail
    # Audited, with the member named, and on the engagement's history.
    entries = LogEntry.objects.filter(additional_data__engagement_id=engagement.pk)
    assert entries.filter(actor=member).count() >= 4
    history = member_client.get(reverse("portal:engagement-history", args=[engagement.pk])).text
    assert "cost case" in history.lower()


def test_every_bad_figure_is_reported_at_once(member_client, engagement):
    post = dict(
        SCOPE_POST,
        **{
            "inbound_phone-contacts_per_month": "-3",
            "inbound_phone-patience_seconds": "0",
            "email-handle_minutes": "",
        },
    )
    text = member_client.post(_url("scope-edit", engagement), post).text
    assert "cannot be negative" in text and "Between 1 and 3,600 seconds" in text
    assert "Give the average handle time" in text
    assert ChannelLine.objects.count() == 0


def test_custom_hours_are_checked_day_by_day(member_client, engagement):
    post = dict(SCOPE_POST, **{"inbound_phone-monday_closes": "6", "email-profile_kind": "x"})
    text = member_client.post(_url("scope-edit", engagement), post).text
    assert "Monday closes after it opens (24:00 is midnight)." in _error_next_to(
        text, "inbound_phone-monday_closes"
    )
    assert 'href="#id_inbound_phone-monday_closes">Monday closes (Inbound phone)</a>' in text
    assert "Select a valid choice" in _error_next_to(text, "email-profile_kind")
    assert ChannelLine.objects.count() == 0
    # Typed hours come back as typed.
    assert re.search(
        r'name="inbound_phone-tuesday_opens"[^>]*>.*?<option value="7" selected>', text, re.S
    )


def test_custom_hours_are_saved_as_the_week_and_shown_in_words(member_client, engagement):
    post = dict(
        SCOPE_POST,
        **{
            "inbound_phone-saturday_opens": "9",
            "inbound_phone-saturday_closes": "13",
            "inbound_phone-profile_kind": "consumer",
            "inbound_phone-patience_seconds": "180",
            "email-open_hours": "all_week",
        },
    )
    page = member_client.post(_url("scope-edit", engagement), post, follow=True).text
    phone = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    assert sum(phone.open_hours) == 5 * 14 + 4
    assert (phone.profile_kind, phone.patience_seconds) == ("consumer", 180)
    assert "Monday-Friday 07:00-21:00; Saturday 09:00-13:00" in page
    assert "Typical consumer week" in page
    assert "callers hang up after 180 s on average" in page
    assert "<td>24/7</td>" in page
    # Edited again, the form shows the saved hours.
    form = member_client.get(_url("scope-edit", engagement)).text
    assert re.search(
        r'name="inbound_phone-saturday_closes"[^>]*>.*?<option value="13" selected>', form, re.S
    )


def test_step_two_asks_only_what_the_scoped_channels_use(member_client, engagement):
    scoped_engagement(engagement)  # inbound phone and e-mail, no outbound
    CostCase.objects.filter(engagement=engagement).update(
        outbound_sales_monthly=Decimal("45000"), commission_percent=Decimal("6")
    )
    page = member_client.get(_url("cost-edit", engagement)).text
    assert 'name="answer_within_seconds"' in page and 'name="reply_within_hours"' in page
    assert 'name="outbound_sales_monthly"' not in page and 'name="commission_percent"' not in page
    assert "No sales value or commission: outbound calling is not in the scope." in page
    # Saving keeps the figures it did not ask for.
    member_client.post(_url("cost-edit", engagement), dict(COST_POST, outbound_sales_monthly="1"))
    case = CostCase.objects.get(engagement=engagement)
    assert (case.outbound_sales_monthly, case.commission_percent) == (
        Decimal("45000"),
        Decimal("6"),
    )
    # An e-mail-only scope has no answer target and no busy-queue figures.
    ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").delete()
    page = member_client.get(_url("cost-edit", engagement)).text
    assert 'name="answer_within_seconds"' not in page
    assert 'name="service_target_percent"' not in page
    assert 'name="reply_within_hours" value="24"' in page
    post = {
        k: v
        for k, v in COST_POST.items()
        if k not in ("answer_within_seconds", "service_target_percent")
    }
    member_client.post(_url("cost-edit", engagement), dict(post, reply_within_hours="48"))
    case.refresh_from_db()
    assert (case.reply_within_hours, case.answer_within_seconds) == (48, 20)
    bad = member_client.post(_url("cost-edit", engagement), dict(post, reply_within_hours="400"))
    assert "Between 1 and 336 hours (two weeks)." in _error_next_to(bad.text, "reply_within_hours")


def test_clearing_a_channel_removes_it(member_client, engagement):
    scoped_engagement(engagement)
    post = dict(SCOPE_POST, **{"email-contacts_per_month": ""})
    member_client.post(_url("scope-edit", engagement), post)
    assert list(
        ChannelLine.objects.filter(engagement=engagement).values_list("channel", flat=True)
    ) == ["inbound_phone"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inbound_phone-contacts_per_month", "-5", "Contacts per month cannot be negative."),
        ("inbound_phone-handle_minutes", "0", "Average handle time must be above zero."),
        ("inbound_phone-open_hours", "", "Choose the open hours."),
        ("inbound_phone-patience_seconds", "0", "Between 1 and 3,600 seconds"),
        ("complex_share_percent", "120", "A share is between 0% and 100%."),
        ("in_house_agents", "-1", "The number of agents cannot be negative."),
        ("in_house_hours_per_week", "169", "Between 0 and 168 hours a week"),
    ],
)
def test_bad_scope_input_is_shown_and_nothing_saved(
    member_client, engagement, field, value, message
):
    response = member_client.post(
        _url("scope-edit", engagement), dict(SCOPE_POST, **{field: value})
    )
    assert response.status_code == 200
    assert message in _error_next_to(response.text, field)
    assert "nothing was saved" in response.text
    assert ChannelLine.objects.count() == 0 and NeedsScope.objects.count() == 0


def _error_next_to(text: str, field: str) -> str:
    """The error shown under the field (the element its aria-describedby names)."""
    start = text.index(f'id="id_{field}_error"')
    return text[start : text.index("</div>", start)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("loaded_salary", "-1", "An amount cannot be negative."),
        ("oversight_monthly", "-500", "An amount cannot be negative."),
        ("shrinkage_percent", "95", "Shrinkage is between 0% and 90% of paid time."),
        ("service_target_percent", "100", "A service-level target is between 1% and 99.9%"),
        ("commission_percent", "150", "A commission is between 0% and 100% of sales."),
        ("in_house_agents_override", "-2", "The number of agents cannot be negative."),
    ],
)
def test_bad_cost_input_is_shown_and_nothing_saved(
    member_client, engagement, field, value, message
):
    response = member_client.post(_url("cost-edit", engagement), dict(COST_POST, **{field: value}))
    assert response.status_code == 200
    assert message in _error_next_to(response.text, field)
    assert CostCase.objects.count() == 0


def test_bad_assessment_input_is_shown_and_nothing_saved(member_client, engagement):
    scoped_engagement(engagement)
    response = member_client.post(
        _url("customers-edit", engagement), dict(ASSESSMENT_POST, language_inbound_phone="awful")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert CustomerAssessment.objects.count() == 0


def test_manager_can_edit_too(manager_client, engagement):
    response = manager_client.post(_url("cost-edit", engagement), COST_POST)
    assert response.status_code == 302
    assert CostCase.objects.filter(engagement=engagement).exists()


def test_commission_warning_is_shown(member_client, engagement):
    scoped_engagement(engagement)
    ChannelLine.objects.create(
        engagement=engagement,
        channel="outbound_phone",
        contacts_per_month=4000,
        handle_minutes=Decimal("5"),
    )
    # 333 outbound hours; 1% of $60,000 is $1.80 an hour, far below 8 x 1.1.
    post = dict(COST_POST, outbound_sales_monthly="60000", commission_percent="1")
    text = member_client.post(_url("cost-edit", engagement), post, follow=True).text
    assert "Outbound, hourly + commission" in text
    assert "would earn $1.80 an hour, below its regular rate of $8.00" in text
    assert "a commission deal needs ($8.80)" in text


def test_detail_pages_query_count_is_fixed(
    member_client, engagement, django_assert_max_num_queries
):
    scoped_engagement(engagement)
    CustomerAssessmentFactory(engagement=engagement)
    # Other engagements' rows must not leak into the counts.
    for _ in range(30):
        scoped_engagement()
    for name, bound in [("scope-detail", 9), ("cost-detail", 10), ("customers-detail", 8)]:
        with django_assert_max_num_queries(bound):
            assert member_client.get(_url(name, engagement)).status_code == 200


def test_engagement_page_navigator_query_count(
    member_client, engagement, django_assert_max_num_queries
):
    scoped_engagement(engagement)
    CustomerAssessmentFactory(engagement=engagement)
    with django_assert_max_num_queries(25):
        response = member_client.get(engagement.get_absolute_url())
    assert "In-house $" in response.text


def test_member_of_another_engagement_team_cannot_save(engagement):
    stranger = UserFactory()
    MembershipFactory(user=stranger, team=EngagementFactory().team)
    from django.test import Client

    client = Client()
    client.force_login(stranger)
    assert client.post(_url("cost-edit", engagement), COST_POST).status_code == 404
    assert CostCase.objects.count() == 0


# --- Review fixes: what a user sees -------------------------------------------------


def _with_outbound(engagement, **cost):
    ChannelLine.objects.create(
        engagement=engagement,
        channel="outbound_phone",
        contacts_per_month=4000,
        handle_minutes=Decimal("5"),
    )
    CostCase.objects.filter(engagement=engagement).update(**cost)


def test_monthly_model_is_priced_per_full_time_agent(member_client, engagement):
    scoped_engagement(engagement)
    text = member_client.get(_url("cost-detail", engagement)).text
    # No monthly figure in the rate card: 8-14 an hour (Asia / Philippines) x 173.3 hours.
    assert '<th scope="row">Dedicated, monthly rate<div' in text
    assert "1,386.67-2,426.67 USD per full-time agent a month" in text
    assert "as the rate card has no monthly figure" in text
    assert "Dedicated, monthly rate: no published figure" not in text


def test_models_that_cannot_be_priced_say_why(member_client, engagement):
    scoped_engagement(engagement)  # phone and e-mail, no outbound line
    text = member_client.get(_url("cost-detail", engagement)).text
    assert "Not priced for this scope" in text
    assert "the scope has no outbound phone line to price" in text
    _with_outbound(engagement)  # an outbound line, but no sales value yet
    text = member_client.get(_url("cost-detail", engagement)).text
    assert '<th scope="row">Outbound, hourly<div' in text
    assert "enter the outbound sales value the calls should bring" in text


def test_high_cost_region_gets_no_worldwide_per_minute_rate(member_client, engagement):
    scoped_engagement(engagement)
    case = CostCase.objects.get(engagement=engagement)
    case.region = "western_europe"  # saved and audited, as the cost form does
    case.save()
    text = member_client.get(_url("cost-detail", engagement)).text
    assert (
        "Shared inbound, per minute: no published figure for Western Europe; add one to the "
        "rate card" in text
    )
    assert "0.35-0.45 USD per minute" not in text
    # Dedicated is priced on Western Europe's own hourly rate: "40 and up", no ceiling.
    assert "40 and up USD per hour, Western Europe (a floor with no ceiling" in text
    assert "40-40" not in text
    # US/Canada has its own per-minute figure.
    case.region = "usa_canada"
    case.save()
    text = member_client.get(_url("cost-detail", engagement)).text
    assert "0.75-0.90 USD per minute, USA / Canada" in text


def test_western_europe_prices_the_floor_and_leaves_the_high_estimate_open(
    member_client, engagement
):
    scoped_engagement(engagement)
    CostCase.objects.filter(engagement=engagement).update(region="western_europe")
    view = comparison.for_engagement(engagement)
    dedicated = next(o for o in view.comparison.options if o.pricing_model == "dedicated_per_hour")
    at_floor = billing.quote_monthly_cost(
        view.workload, pricing_model="dedicated_per_hour", rate=Decimal("40")
    )
    assert dedicated.monthly == {"low": at_floor, "mid": at_floor, "high": None}
    assert dedicated.saving["high"] is None and dedicated.annual["high"] is None
    monthly = next(o for o in view.comparison.options if o.pricing_model == "monthly")
    assert monthly.basis.startswith("6,933.33 and up USD per full-time agent a month")
    text = member_client.get(_url("cost-detail", engagement)).text
    row = text.split('<th scope="row">Dedicated inbound, per hour<div', 1)[1].split("</tr>", 1)[0]
    # The pricing-model table shows what the vendor bills (the scenarios add oversight once).
    charge = at_floor - view.workload.oversight_monthly_cost
    assert f'<td class="text-end">{money(charge)}</td>' in row
    assert '<td class="text-end">open</td>' in row
    (scenario,) = [
        part.split("</tr>", 1)[0]
        for part in text.split('<th scope="row">Dedicated inbound, per hour')[1:]
        if not part.startswith(("<div", " + "))
    ]
    assert f'<td class="text-end">{money(at_floor)}</td>' in scenario  # low and mid
    assert '<td class="text-end">open</td>' in scenario


@pytest.mark.parametrize(
    ("region", "noted"),
    [
        ("usa_canada", True),
        ("western_europe", True),
        ("eastern_europe", True),
        ("asia_philippines", False),
        ("india", False),
    ],
)
def test_monthly_pricing_is_noted_as_rare_in_north_america_and_europe(
    region, noted, member_client, engagement
):
    scoped_engagement(engagement)
    CostCase.objects.filter(engagement=engagement).update(region=region)
    text = member_client.get(_url("cost-detail", engagement)).text
    row = text.split('<th scope="row">Dedicated, monthly rate<div', 1)[1].split("</tr>", 1)[0]
    note = "Note: Monthly pricing is rare in North America and Europe"
    assert (note in row) is noted


def test_low_cost_region_says_it_uses_the_international_figure(member_client, engagement):
    scoped_engagement(engagement)
    CostCase.objects.filter(engagement=engagement).update(region="india")
    text = member_client.get(_url("cost-detail", engagement)).text
    assert (
        "0.35-0.45 USD per minute, Worldwide / international (no figure published for India; "
        "the low-cost international figure applies)" in text
    )


def test_more_than_ten_million_contacts_is_refused(member_client, engagement):
    post = dict(SCOPE_POST, **{"inbound_phone-contacts_per_month": "10000001"})
    response = member_client.post(_url("scope-edit", engagement), post)
    assert response.status_code == 200
    assert "At most 10,000,000 (10 million) contacts a month per channel." in response.text
    assert ChannelLine.objects.count() == 0
    post = dict(SCOPE_POST, **{"inbound_phone-contacts_per_month": "10000000"})
    assert member_client.post(_url("scope-edit", engagement), post).status_code == 302


def test_a_scope_no_call_center_could_staff_shows_a_message_not_an_error(member_client, engagement):
    scoped_engagement(engagement)
    # 10 million calls a month, all in the one hour a week the line is open, of 166
    # hours each: beyond any center.
    ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").update(
        contacts_per_month=10_000_000,
        handle_minutes=Decimal("9999.99"),
        open_hours=ONE_HOUR_A_WEEK,
    )
    for name in ("scope-detail", "cost-detail"):
        response = member_client.get(_url(name, engagement))
        assert response.status_code == 200, name
        assert "The staffing math cannot size this scope" in response.text
        assert "beyond what this model staffs" in response.text
    page = member_client.get(engagement.get_absolute_url())
    assert page.status_code == 200
    assert "The staffing math cannot size this scope" in page.text


def test_break_even_is_whole_calls_on_the_inbound_phone_line_only(member_client, engagement):
    scoped_engagement(engagement)
    line = ChannelLine.objects.get(engagement=engagement, channel="inbound_phone")
    phone = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, open_hours=tuple(line.open_hours))
    inputs = cost_inputs.CostInputs(shrinkage=0.3)
    # Mid rates for Asia / Philippines: $0.40 a minute shared, $11 an hour dedicated.
    expected = break_even.break_even_inbound_volume(
        [phone], inputs, shared_rate=Decimal("0.40"), dedicated_rate=Decimal("11")
    )
    assert isinstance(expected, int)
    text = member_client.get(_url("cost-detail", engagement)).text
    assert "Break-even on the inbound phone line" in text
    assert "e-mail, chat, social media and outbound work are left out" in text
    assert (
        f"first costs no more than shared per-minute pricing at <strong>{expected:,} inbound"
        in text
    )
    assert f"break-even {expected:,}<" in text  # the chart's marker
    assert "Inbound phone line only: monthly cost by call volume" in text


def test_rates_and_percentages_show_no_trailing_zeros(member_client, engagement):
    scoped_engagement(engagement)
    _with_outbound(
        engagement, outbound_sales_monthly=Decimal("60000"), commission_percent=Decimal("6.50")
    )
    text = member_client.get(_url("cost-detail", engagement)).text
    assert "the 10-20% premium a center needs" in text
    assert "your offer: 6.5% of $60,000 sales" in text
    assert "at $0.40 a minute shared and $11 an hour dedicated" in text
    assert "0000" not in text.replace("10,000,000", "")
    assert "6.50%" not in text and ".0%" not in text
    scope = member_client.get(_url("scope-detail", engagement)).text
    assert "Service target 80% of calls" in scope
    assert ".00<" not in scope and ".0<" not in scope


def test_email_only_scope_recommends_an_email_agency(member_client, engagement):
    post = dict(SCOPE_POST, **{"inbound_phone-contacts_per_month": ""})
    text = member_client.post(_url("scope-edit", engagement), post, follow=True).text
    assert "An e-mail support agency: only written channels are in scope." in text
    assert "E-mail is a safe channel to outsource" in text
    assert "E-mail: a written backlog of 3,000 contacts" in text


def test_small_round_the_clock_line_is_a_call_center_with_matching_pricing(
    member_client, engagement
):
    post = dict(
        SCOPE_POST,
        **{
            "inbound_phone-contacts_per_month": "1500",
            "inbound_phone-open_hours": "all_week",
            "email-contacts_per_month": "",
        },
    )
    text = member_client.post(_url("scope-edit", engagement), post, follow=True).text
    card = text.split('id="recommendation"', 1)[1].split("</section>", 1)[0]
    assert "A call center: the hours of coverage need a team, not one freelancer." in card
    assert "shared per-minute pricing suits low volume (1,500 calls a month)" in card
    assert "Freelance" not in card and "Upwork" not in card


def test_assessment_is_marked_out_of_date_when_channels_change(member_client, engagement):
    scoped_engagement(engagement)
    member_client.post(_url("customers-edit", engagement), ASSESSMENT_POST)
    page = member_client.get(_url("customers-detail", engagement)).text
    assert "Out of date" not in page
    # A social-media line joins the scope.
    post = dict(
        SCOPE_POST,
        **{
            "social-contacts_per_month": "800",
            "social-handle_minutes": "4",
            "social-open_hours": "business",
            "social-profile_kind": "flat",
            "social-languages": "English",
        },
    )
    member_client.post(_url("scope-edit", engagement), post)
    changed = NeedsScope.objects.get(engagement=engagement).channels_changed_at
    page = member_client.get(_url("customers-detail", engagement)).text
    assert f"Out of date since the scope changed on {changed:%-d %B %Y}." in page
    assert "Channels added since it was assessed: Social media." in page
    assert _url("customers-edit", engagement) in page
    navigator = member_client.get(engagement.get_absolute_url()).text
    assert "out of date: the scoped channels changed" in navigator
    # Reviewing it (the form now asks about social media) refreshes it.
    member_client.post(
        _url("customers-edit", engagement), dict(ASSESSMENT_POST, language_social="low")
    )
    page = member_client.get(_url("customers-detail", engagement)).text
    assert "Out of date" not in page and "Social media: low" in page


def test_saving_unchanged_figures_logs_nothing(member_client, engagement):
    member_client.post(_url("scope-edit", engagement), SCOPE_POST)
    member_client.post(_url("cost-edit", engagement), COST_POST)
    member_client.post(_url("customers-edit", engagement), ASSESSMENT_POST)
    before = LogEntry.objects.count()
    # The same figures written differently: 15 -> 15.0, 3400 -> 3400.00, 6 -> 6.00.
    scope = dict(
        SCOPE_POST,
        complex_share_percent="15.0",
        **{"inbound_phone-handle_minutes": "6.00"},
    )
    cost = dict(COST_POST, loaded_salary="3400.00", shrinkage_percent="30.0")
    assert member_client.post(_url("scope-edit", engagement), scope).status_code == 302
    assert member_client.post(_url("cost-edit", engagement), cost).status_code == 302
    member_client.post(_url("customers-edit", engagement), ASSESSMENT_POST)
    assert LogEntry.objects.count() == before
    # A real change is still logged, with like-for-like values.
    member_client.post(_url("cost-edit", engagement), dict(cost, loaded_salary="3500"))
    entry = LogEntry.objects.latest("timestamp")
    assert entry.changes_dict["loaded_salary"] == ["3400.00", "3500.00"]
    assert LogEntry.objects.count() == before + 1


def test_edit_forms_show_stored_figures_without_trailing_zeros(member_client, engagement):
    scoped_engagement(engagement)
    _with_outbound(engagement, commission_percent=Decimal("6.50"))
    cost = member_client.get(_url("cost-edit", engagement)).text
    assert 'name="shrinkage_percent" value="30"' in cost
    assert 'name="commission_percent" value="6.5"' in cost
    assert 'name="loaded_salary" value="3400"' in cost
    scope = member_client.get(_url("scope-edit", engagement)).text
    assert 'name="inbound_phone-handle_minutes" value="6"' in scope
    assert re.search(r'value="custom"[^>]*checked', scope)
    assert '<option value="21" selected>21:00</option>' in scope
    assert 'name="complex_share_percent" value="15"' in scope


def test_a_scope_too_big_to_chart_still_shows_its_costs(member_client, engagement):
    scoped_engagement(engagement)
    # About 770,000 agents on the phones in the one open hour: staffable, but twice
    # the volume is not.
    ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").update(
        contacts_per_month=10_000_000,
        handle_minutes=Decimal("20"),
        open_hours=ONE_HOUR_A_WEEK,
    )
    response = member_client.get(_url("cost-detail", engagement))
    assert response.status_code == 200
    assert '<th scope="row">Shared inbound, per minute<div' in response.text
    assert "The chart cannot be drawn for this scope" in response.text


def test_cost_page_figures_agree_with_a_hand_calculation(member_client, engagement):
    """The QA walk-through's case, worked by hand from DOMAIN.md's rate card and the
    textbook Erlang C formula (with factorials, fine at this size)."""
    from tests.factories_planning import ChannelLineFactory, CostCaseFactory, NeedsScopeFactory

    NeedsScopeFactory(engagement=engagement)
    for channel, contacts, minutes in [("inbound_phone", 12000, 6), ("email", 3000, 8)]:
        ChannelLineFactory(
            engagement=engagement,
            channel=channel,
            contacts_per_month=contacts,
            handle_minutes=Decimal(minutes),
            open_hours=BUSINESS_HOURS,
        )
    CostCaseFactory(
        engagement=engagement,
        loaded_salary=Decimal("4000"),
        training_per_agent=Decimal("150"),
        equipment_per_agent=Decimal("100"),
        rent_per_agent=Decimal("300"),
        it_per_agent=Decimal("120"),
        supervision_per_agent=Decimal("400"),
        coverage_extra_percent=Decimal("0"),
        oversight_monthly=Decimal("2500"),
    )
    scope = member_client.get(_url("scope-detail", engagement)).text
    # Textbook Erlang C at 6.15 Erlangs and 9 agents: a caller waits with probability
    # 0.220, 81.2% are answered within 20 s, the average wait is 27.8 s, occupancy 68.4%.
    for label, value in [
        ("Calls in the busiest hour", "61.5"),
        ("Agents on the phones", "9"),
        ("Service level reached", "81.2%"),
        ("Probability a caller waits", "22%"),
        ("Average speed of answer", "27.8 s"),
        ("Occupancy", "68.4%"),
        ("Staffed seat-hours a month (all inbound work)", "2,226"),
    ]:
        assert re.search(rf"{re.escape(label)}</dt><dd[^>]*>{re.escape(value)}</dd>", scope)
    text = member_client.get(_url("cost-detail", engagement)).text
    # 12,000 calls / (52/12) weeks / 45 hours = 61.5 calls an hour = 6.15 Erlangs at
    # 6 minutes; 9 agents answer 81.2% within 20 s, 8 only 64.4%.
    # Staffed hours: 9 x 45 x 52/12 = 1,755 seat-hours on the phones, plus 24,000
    # e-mail minutes / 60 / 0.85 occupancy = 470.6 (above its 195 open hours): 2,225.6.
    # Paid in-house: / 0.7 = 3,179.4 hours = 18.3, so 19 full-time.
    assert "19 full-time (9 on the phones at the busiest hour, 30% shrinkage)" in text
    # In-house: 19 x (4,000 + 150 + 100 + 300 + 120 + 400) = 96,330 a month.
    assert "$96,330.00" in text and "$1,155,960.00" in text
    # Shared per minute at the mid $0.40: 96,000 minutes x 0.40 + 2,500 oversight.
    assert re.search(r"<td[^>]*>\$40,900</td>", text)
    # Dedicated per hour at Asia's mid $11 bills staffed seat-hours (the vendor's own
    # shrinkage is in its rate): 2,225.6 x 11 + 2,500 = 26,981.5.
    assert re.search(r"<td[^>]*>\$26,981</td>", text)
    # Break-even on the phone line: 3 agents every open hour, 3 x $11 x 45 h x 52/12
    # = $6,435, which shared pricing ($2.40 a call) reaches at 2,681.25 calls; 3 agents
    # still serve 2,682 calls (13.75 an hour, 1.38 Erlangs). Today: 28,800 shared
    # against 9 seats' 9 x 11 x 45 x 52/12 = 19,305.
    assert "<strong>2,682 inbound calls a month</strong>" in text
    assert "shared per minute $28,800, dedicated per hour $19,305 a month on this line" in text
    assert "<strong>a dedicated team is cheaper</strong>" in text
    # The chart's curves pass through the break-even marker (not between samples).
    marker_x = re.search(r'<line x1="([\d.]+)"[^>]*stroke="#d63384"', text).group(1)
    curves = re.findall(r'<polyline points="([^"]+)"', text)
    assert len(curves) == 3 and all(f" {marker_x}," in f" {points}" for points in curves)


def test_assessment_form_asks_every_question_before_the_notes(member_client, engagement):
    scoped_engagement(engagement)
    text = member_client.get(_url("customers-edit", engagement)).text
    assert text.index('id="id_language_inbound_phone"') < text.index('id="id_notes"')
    assert text.index('id="id_language_email"') < text.index('id="id_notes"')


def test_a_scope_without_inbound_phone_mentions_no_agents_on_the_phones(member_client, engagement):
    scoped_engagement(engagement)
    ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").delete()
    cost = member_client.get(_url("cost-detail", engagement)).text
    assert "full-time (30% shrinkage)" in cost
    navigator = member_client.get(engagement.get_absolute_url()).text
    assert "0 on the phones" not in cost and "0 on the phones" not in navigator
    assert "agents)." in navigator


# --- Step 3 starts empty and must be answered -----------------------------------


def test_new_assessment_form_presets_no_answer(member_client, engagement):
    scoped_engagement(engagement)
    text = member_client.get(_url("customers-edit", engagement)).text
    assert "Where are the vendors you consider?" in text
    assert re.search(r'<input type="radio" name="offshore"[^>]*checked', text) is None
    for name in ("local_preference", "response_expectation", "data_residency"):
        select = re.search(rf'<select name="{name}".*?</select>', text, re.S).group(0)
        assert "selected" in select.split("</option>")[0]  # "Choose an answer"
        assert select.count("selected") == 1
    phone = re.search(r'<select name="language_inbound_phone".*?</select>', text, re.S).group(0)
    assert phone.count("selected") == 1 and "selected>Choose a level" in phone


def test_unanswered_assessment_names_the_questions_and_saves_nothing(member_client, engagement):
    scoped_engagement(engagement)
    response = member_client.post(_url("customers-edit", engagement), {"notes": ""})
    assert response.status_code == 200
    for message in (
        "Say where the vendors you consider are.",
        "Say how customers see service from far away.",
        "Say how fast customers expect an answer.",
        "Say which rules apply to customer data leaving the country.",
        "Rate the language and accent risk of Inbound phone.",
        "Rate the language and accent risk of E-mail.",
    ):
        assert message in response.text
    assert "Say how fast customers expect an answer." in _error_next_to(
        response.text, "response_expectation"
    )
    assert CustomerAssessment.objects.count() == 0
    navigator = member_client.get(engagement.get_absolute_url()).text
    assert "Customer-base risk not assessed yet." in navigator


def test_partly_answered_assessment_is_not_saved(member_client, engagement):
    scoped_engagement(engagement)
    post = dict(ASSESSMENT_POST, response_expectation="")
    response = member_client.post(_url("customers-edit", engagement), post)
    assert "Say how fast customers expect an answer." in response.text
    assert "Say where the vendors" not in response.text
    assert CustomerAssessment.objects.count() == 0


def test_answered_assessment_completes_the_step(member_client, engagement):
    scoped_engagement(engagement)
    member_client.post(_url("customers-edit", engagement), ASSESSMENT_POST)
    navigator = member_client.get(engagement.get_absolute_url()).text
    assert "Customer-base risk: high." in navigator


def test_customers_expecting_minutes_do_not_make_an_offshore_vendor_high_risk(
    member_client, engagement
):
    scoped_engagement(engagement)
    post = dict(
        ASSESSMENT_POST,
        local_preference="none",
        response_expectation="minutes",
        language_inbound_phone="low",
    )
    member_client.post(_url("customers-edit", engagement), post)
    assert CustomerAssessment.objects.get().risk_level == "low"
    text = member_client.get(_url("customers-detail", engagement)).text
    assert 'Combined risk: <span class="badge text-bg-success">Low</span>' in text
    assert "Response-time expectations" not in text
    assert "live answer within minutes: not a risk by itself" in text
    assert "<summary>Why this rating</summary>" in text
    assert "e-mail and social media count one level lower than rated" in text


def test_step_three_page_links_on_to_the_shortlist(member_client, engagement):
    text = member_client.get(_url("customers-detail", engagement)).text
    shortlist = reverse("shortlist:candidate-list", args=[engagement.pk])
    assert f'href="{shortlist}">Next: step 4 — Find and vet the vendor →</a>' in text


# --- One channel at a time --------------------------------------------------------


def test_a_new_scope_shows_one_channel_and_add_a_channel(member_client, engagement):
    page = member_client.get(_url("scope-edit", engagement)).text
    assert 'name="inbound_phone-contacts_per_month"' in page
    assert 'name="email-contacts_per_month"' not in page
    assert "Add a channel" in page
    assert '<option value="email">E-mail</option>' in page
    # The figures' help is said once, not once per channel.
    assert page.count("when in the week its contacts arrive") == 1
    # A screen reader names the channel's group of fields after the channel.
    assert 'aria-labelledby="channel-inbound_phone"' in page
    assert 'id="channel-inbound_phone">Inbound phone</h3>' in page
    # Removing the only channel leaves an empty list with the way to add one.
    data = {"channels": ["inbound_phone"], "remove_channel": "inbound_phone"}
    page = member_client.post(_url("scope-edit", engagement), data).text
    assert "No channel yet: add the first one below." in page
    assert not NeedsScope.objects.exists()


def test_add_a_channel_keeps_what_was_typed_and_saves_nothing(member_client, engagement):
    typed = {
        "complex_share_percent": "15",
        "volume_pattern": "seasonal",
        "in_house_agents": "14",
        "in_house_hours_per_week": "45",
        "notes": "Peak before the holidays.",
        "channels": ["inbound_phone"],
        "inbound_phone-contacts_per_month": "9000",
        "inbound_phone-handle_minutes": "6",
        "inbound_phone-open_hours": "all_week",
        "inbound_phone-languages": ["English", "Spanish"],
        "action": "add",
        "add_channel": "email",
    }
    response = member_client.post(_url("scope-edit", engagement), typed)
    assert response.status_code == 200
    page = response.text
    assert not NeedsScope.objects.exists() and not ChannelLine.objects.exists()
    assert 'name="inbound_phone-contacts_per_month" value="9000"' in page
    assert "Peak before the holidays." in page
    assert 'name="email-contacts_per_month"' in page  # the new channel's form
    assert '<option value="email">' not in page  # no longer offered to add
    # Languages are checkboxes; what was ticked stays ticked.
    assert re.search(r'name="inbound_phone-languages" value="Spanish"[^>]*checked', page)
    # English is ticked for the channel just added.
    assert re.search(r'name="email-languages" value="English"[^>]*checked', page)


def test_remove_a_channel_then_save_leaves_it_out(member_client, engagement):
    scoped_engagement(engagement)  # inbound phone and e-mail
    page = member_client.get(_url("scope-edit", engagement)).text
    assert 'name="email-contacts_per_month" value="3000"' in page
    assert "Remove e-mail" in page
    data = {
        **SCOPE_POST,
        "channels": ["inbound_phone", "email"],
        "remove_channel": "email",
    }
    page = member_client.post(_url("scope-edit", engagement), data).text
    assert 'name="email-contacts_per_month"' not in page
    assert ChannelLine.objects.filter(engagement=engagement).count() == 2  # nothing saved yet
    kept = {k: v for k, v in SCOPE_POST.items() if not k.startswith("email-")}
    response = member_client.post(
        _url("scope-edit", engagement), {**kept, "channels": ["inbound_phone"], "action": "save"}
    )
    assert response.status_code == 302
    assert list(
        ChannelLine.objects.filter(engagement=engagement).values_list("channel", flat=True)
    ) == ["inbound_phone"]


def test_a_new_scope_does_not_preset_how_the_volume_behaves(member_client, engagement):
    page = member_client.get(_url("scope-edit", engagement)).text
    assert '<option value="" selected>Choose an answer</option>' in page
    data = {**SCOPE_POST, "volume_pattern": ""}
    response = member_client.post(_url("scope-edit", engagement), data)
    assert "Say how the contact volume behaves." in response.text
    assert 'name="inbound_phone-contacts_per_month" value="9000"' in response.text
    assert not NeedsScope.objects.exists()
