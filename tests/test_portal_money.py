"""Money and counted words as a buyer reads them: "$17,328", "1 day", "2 days", and the
set-up fee stated where a monthly cost carries it."""

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse

from portal.templatetags.money import format_money
from portal.wording import counted
from tests.factories import CandidateFactory, QuoteFactory
from tests.factories_contracts import ContractFactory
from tests.factories_planning import scoped_engagement


@pytest.mark.parametrize(
    ("value", "places", "currency", "shown"),
    [
        (Decimal("17328.40"), 0, "USD", "$17,328"),
        (Decimal("17328.5"), 0, "USD", "$17,329"),
        (Decimal("17328.5"), 2, "USD", "$17,328.50"),
        (Decimal("-1200"), 0, "USD", "-$1,200"),
        (12, 2, "USD", "$12.00"),
        (Decimal("1234.4"), 0, "EUR", "1,234 EUR"),
        (None, 0, "USD", ""),
    ],
)
def test_format_money(value, places, currency, shown):
    assert format_money(value, places, currency) == shown


def test_the_money_filter_needs_no_load():
    template = Template("{{ a|money }} / {{ a|money:2 }} / {{ a|money:code }}")
    shown = template.render(Context({"a": Decimal("17328.456"), "code": "GBP"}))
    assert shown == "$17,328 / $17,328.46 / 17,328 GBP"


@pytest.mark.parametrize(
    ("number", "words"),
    [(1, "1 day"), (2, "2 days"), (0, "0 days"), (1.5, "1.5 days")],
)
def test_counted(number, words):
    assert counted(number, "day") == words


def test_counted_with_an_irregular_plural():
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(12000, "call", spec=",") == "12,000 calls"


@pytest.mark.django_db
def test_a_one_day_notice_period_is_one_day_on_the_contract_page(member_client, engagement):
    ContractFactory(engagement=engagement, notice_period_days=1, initial_term_months=1)
    url = reverse("contracts:contract-detail", kwargs={"engagement_pk": engagement.pk})
    page = re.sub(r"\s+", " ", member_client.get(url).content.decode())
    assert "1 day</dd>" in page and not re.search(r"\b1 days", page)
    assert "1 month</dd>" in page and not re.search(r"\b1 months", page)
    assert "$10,000" in page  # the termination fee, as money


@pytest.mark.django_db
def test_the_shortlist_states_the_set_up_fee_inside_the_monthly_cost(member_client, engagement):
    scoped_engagement(engagement)
    candidate = CandidateFactory(engagement=engagement)
    QuoteFactory(
        candidate=candidate,
        pricing_model="dedicated_per_hour",
        rate="12",
        unit="per_hour",
        setup_fee=Decimal("2500"),
    )
    url = reverse("shortlist:candidate-list", args=[engagement.pk])
    page = member_client.get(url).content.decode()
    assert "includes set-up $2,500 spread over the 12-month term: $208 a month" in page
