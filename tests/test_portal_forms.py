"""What a person sees when a form refuses what they typed, and the numbers it reads:
the error summary, the typed value kept, ``1,500`` and ``$12.50`` saved as numbers."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from portal.number_fields import NumberField, WholeNumberField, parse_number
from portal.planning.models import ChannelLine, CostCase
from tests.factories import CandidateFactory
from tests.test_planning_views import COST_POST, SCOPE_POST
from tests.test_vendors_shortlist_views import _quote_data
from vendors.models import Quote

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _quote_add(engagement):
    candidate = CandidateFactory(engagement=engagement)
    return reverse("shortlist:quote-add", args=[engagement.pk, candidate.pk])


def _summary(page: str) -> str:
    match = re.search(r"<div [^>]*data-form-errors>(.*?)</div>", page, re.S)
    assert match, "no error summary on the page"
    return match.group(1)


def test_a_money_value_it_cannot_read_comes_back_with_a_message_and_a_link(
    member_client, engagement
):
    response = member_client.post(_quote_add(engagement), _quote_data(rate="150e"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="150e"' in page  # what was typed, not an empty box
    assert "Enter a number, such as 1,500 or 12.50." in page
    assert "This field is required" not in page
    summary = _summary(page)
    assert "Please correct 1 field:" in summary
    assert 'href="#id_rate"' in summary
    assert not Quote.objects.exists()


def test_the_summary_counts_the_fields_in_the_plural(member_client, engagement):
    page = member_client.post(
        _quote_add(engagement), _quote_data(rate="twelve", setup_fee="1,5")
    ).content.decode()
    summary = _summary(page)
    assert "Please correct 2 fields:" in summary
    assert 'href="#id_rate"' in summary and 'href="#id_setup_fee"' in summary
    assert 'value="1,5"' in page


def test_money_is_read_as_people_write_it(member_client, engagement):
    member_client.post(_quote_add(engagement), _quote_data(rate="$12.50", setup_fee="1,500"))
    quote = Quote.objects.get()
    assert (quote.rate, quote.setup_fee) == (Decimal("12.50"), Decimal("1500"))


def test_a_handle_time_in_words_gets_a_clear_message_and_is_kept(member_client, engagement):
    url = reverse("planning:scope-edit", kwargs={"engagement_pk": engagement.pk})
    page = member_client.post(
        url, dict(SCOPE_POST, **{"inbound_phone-handle_minutes": "six"})
    ).content.decode()
    assert 'value="six"' in page
    assert "Enter a number, such as 1,500 or 12.50." in page
    summary = _summary(page)
    assert 'href="#id_inbound_phone-handle_minutes"' in summary
    assert "Average handle time (minutes) (Inbound phone)" in summary  # which channel
    assert not ChannelLine.objects.exists()


def test_scope_and_cost_figures_with_separators_are_saved(member_client, engagement):
    scope = reverse("planning:scope-edit", kwargs={"engagement_pk": engagement.pk})
    cost = reverse("planning:cost-edit", kwargs={"engagement_pk": engagement.pk})
    member_client.post(scope, dict(SCOPE_POST, **{"inbound_phone-contacts_per_month": "9 000"}))
    assert ChannelLine.objects.get(channel="inbound_phone").contacts_per_month == 9000
    member_client.post(cost, dict(COST_POST, loaded_salary="$3,400.50", shrinkage_percent="30%"))
    case = CostCase.objects.get()
    assert (case.loaded_salary, case.shrinkage_percent) == (Decimal("3400.50"), Decimal("30"))


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1,500", Decimal("1500")),
        ("$12.50", Decimal("12.50")),
        (" 12 ", Decimal("12")),
        ("1 500", Decimal("1500")),
        ("1\u00a0500.25", Decimal("1500.25")),
        ("-3", Decimal("-3")),
        ("85%", Decimal("85")),
        (".5", Decimal("0.5")),
        ("150e", None),
        ("six", None),
        ("1,5", None),
        ("1e3", None),
        ("12,50", None),
        ("$", None),
    ],
)
def test_parse_number(typed, number):
    assert parse_number(typed) == number


def test_a_number_too_large_for_its_column_names_the_field():
    field = NumberField(label="Setup fee", max_digits=6, decimal_places=2)
    with pytest.raises(Exception, match="The setup fee is too large: it must be below 10,000."):
        field.clean("12,000")
    assert field.clean("12.505") == Decimal("12.51")  # rounded to the column's cents


def test_a_whole_number_refuses_a_fraction_in_words():
    with pytest.raises(Exception, match="Enter a whole number, such as 1,500."):
        WholeNumberField().clean("2.5")
    assert WholeNumberField().clean("2.0") == 2


def test_every_form_of_the_templates_is_novalidate():
    missing = [
        f"{path.relative_to(TEMPLATES)}: {tag}"
        for path in TEMPLATES.rglob("*.html")
        for tag in re.findall(r"<form\b[^>]*>", path.read_text(), re.S)
        if "novalidate" not in tag
    ]
    assert missing == []


def test_a_form_crispy_wraps_is_novalidate(member_client, engagement):
    page = member_client.get(_quote_add(engagement)).content.decode()
    tag = re.search(r'<form\b[^>]*method="post"[^>]*>', page).group(0)
    assert "novalidate" in tag
    assert 'inputmode="decimal"' in page and 'type="number"' not in page


FORM_MODULES = (
    "portal.forms",
    "portal.planning.scope_forms",
    "portal.planning.interval_forms",
    "portal.planning.cost_case_forms",
    "portal.planning.assessment_forms",
    "vendors.forms",
    "vendors.diligence.forms",
    "contracts.forms_base",
    "contracts.contract.forms",
    "contracts.liaison.forms",
    "contracts.monitoring.forms",
    "contracts.exit.forms",
)


def test_every_number_field_of_the_forms_reads_what_people_type():
    """A plain Django number field (a type="number" box that empties "150e") on any
    form of the site is a regression: the lenient fields are the one kind."""
    import importlib

    from django import forms

    strict = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for form in vars(module).values():
            if not (isinstance(form, type) and issubclass(form, forms.BaseForm)):
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.IntegerField | forms.DecimalField) and not isinstance(
                    field, NumberField | WholeNumberField
                ):
                    strict.append(f"{name}.{form.__name__}.{field_name}")
    assert strict == []
