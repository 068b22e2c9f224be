"""Pages of steps 1-3: who gets in, bad input, the happy path, query counts."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope
from tests.factories import EngagementFactory, MembershipFactory, UserFactory
from tests.factories_planning import CustomerAssessmentFactory, scoped_engagement

pytestmark = pytest.mark.django_db


def _url(name, engagement):
    return reverse(f"planning:{name}", kwargs={"engagement_pk": engagement.pk})


SCOPE_POST = {
    "complex_share_percent": "15",
    "volume_pattern": "steady",
    "outbound_purpose": "",
    "in_house_agents": "14",
    "in_house_hours_per_week": "45",
    "notes": "",
    "inbound_phone-contacts_per_month": "9000",
    "inbound_phone-handle_minutes": "6",
    "inbound_phone-coverage_hours_per_week": "70",
    "inbound_phone-peak_hour_share_percent": "",
    "inbound_phone-languages": "English",
    "email-contacts_per_month": "3000",
    "email-handle_minutes": "8",
    "email-coverage_hours_per_week": "45",
    "email-languages": "English",
}

COST_POST = {
    "service_target_percent": "80",
    "answer_within_seconds": "20",
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
    "offshore": "on",
    "local_preference": "some",
    "response_expectation": "day",
    "data_residency": "none",
    "notes": "",
    "language_inbound_phone": "high",
    "language_email": "low",
}

PAGES = [
    "scope-detail",
    "scope-edit",
    "cost-detail",
    "cost-edit",
    "customers-detail",
    "customers-edit",
]
FORMS = ["scope-edit", "cost-edit", "customers-edit"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(name, anon_client, engagement):
    response = anon_client.get(_url(name, engagement))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_outsider_gets_404(name, outsider_client, engagement):
    assert outsider_client.get(_url(name, engagement)).status_code == 404


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
    assert "A call centre" in response.text  # the method recommendation
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
            "inbound_phone-coverage_hours_per_week": "200",
            "email-peak_hour_share_percent": "1",
        },
    )
    text = member_client.post(_url("scope-edit", engagement), post).text
    assert "cannot be negative" in text and "168 hours" in text
    assert "at least an average hour" in text
    assert ChannelLine.objects.count() == 0


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
        ("inbound_phone-coverage_hours_per_week", "169", "A week has only 168 hours"),
        ("complex_share_percent", "120", "less than or equal to 100"),
    ],
)
def test_bad_scope_input_is_shown_and_nothing_saved(
    member_client, engagement, field, value, message
):
    response = member_client.post(
        _url("scope-edit", engagement), dict(SCOPE_POST, **{field: value})
    )
    assert response.status_code == 200
    assert message in response.text
    assert "nothing was saved" in response.text
    assert ChannelLine.objects.count() == 0 and NeedsScope.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("loaded_salary", "-1", "greater than or equal to 0"),
        ("shrinkage_percent", "95", "less than or equal to 90"),
        ("service_target_percent", "100", "less than or equal to 99.9"),
    ],
)
def test_bad_cost_input_is_shown_and_nothing_saved(
    member_client, engagement, field, value, message
):
    response = member_client.post(_url("cost-edit", engagement), dict(COST_POST, **{field: value}))
    assert response.status_code == 200
    assert message in response.text
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
        coverage_hours_per_week=Decimal("40"),
    )
    # 333 outbound hours; 1% of $60,000 is $1.80 an hour, far below 8 x 1.1.
    post = dict(COST_POST, outbound_sales_monthly="60000", commission_percent="1")
    text = member_client.post(_url("cost-edit", engagement), post, follow=True).text
    assert "Outbound, hourly + commission" in text
    assert "below its regular rate" in text


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
