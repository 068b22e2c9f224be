"""The scope as data: the JSON document step 1 downloads, and reading it back."""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal import week
from portal.planning import demo, queries
from portal.planning.scope_pack import scope_pack, scope_pack_to_inputs
from tests.factories_planning import scoped_engagement


@pytest.fixture
def demo_engagement(engagement, member):
    demo.seed(SimpleNamespace(engagement=engagement, member=member))
    return engagement


@pytest.mark.django_db
def test_the_demo_scope_reads_back_as_the_pages_compute_it(demo_engagement):
    pack = json.loads(json.dumps(scope_pack(demo_engagement)))  # as downloaded
    loads, inputs, region = scope_pack_to_inputs(pack)
    data = queries.planning_data(demo_engagement)
    assert loads == queries.channel_loads(data.lines)
    assert inputs == queries.cost_inputs(data.cost_case)
    assert region == "asia_philippines"


@pytest.mark.django_db
def test_the_demo_scope_says_what_a_vendor_needs(demo_engagement):
    pack = scope_pack(demo_engagement)
    chat, email, phone, outbound = pack["channels"]  # in channel order, as pages list them
    assert (chat["channel"], chat["concurrency"]) == ("chat", 2.0)
    assert "patience_seconds" not in chat  # not known
    assert (phone["channel"], phone["contacts_per_month"], phone["handle_minutes"]) == (
        "inbound_phone",
        9000,
        6.0,
    )
    assert len(phone["open_hours"]) == 168 and phone["patience_seconds"] == 180
    assert len(phone["profile"]) == 168 and sum(phone["profile"]) == pytest.approx(1)
    assert phone["profile"][6 * 24 + 10] == 0  # Sunday: closed
    assert outbound["open_hours"] == [d < 5 and 9 <= h < 17 for d in range(7) for h in range(24)]
    assert "profile" not in outbound and "patience_seconds" not in outbound
    assert email["open_hours"] == "business hours" and email["reply_within_hours"] == 24
    assert pack["service_target"] == 0.8 and pack["shrinkage"] == 0.3
    assert pack["in_house"]["loaded_salary"] == "3400.00"
    assert pack["in_house"]["coverage_extra_percent"] == 15.0
    assert pack["oversight_monthly"] == "6500.00"
    assert pack["outbound_sales_monthly"] == "45000.00"
    assert (pack["engagement"], pack["currency"], pack["region"]) == (
        demo_engagement.title,
        "USD",
        "asia_philippines",
    )


@pytest.mark.django_db
def test_chat_carries_its_concurrency_and_a_built_in_profile_its_shares(engagement):
    from tests.factories_planning import ChannelLineFactory

    scoped_engagement(engagement)
    ChannelLineFactory(
        engagement=engagement,
        channel="chat",
        contacts_per_month=2000,
        open_hours=[True] * 168,
        profile_kind="night_trough",
        patience_seconds=90,
    )
    pack = json.loads(json.dumps(scope_pack(engagement)))
    chat = next(item for item in pack["channels"] if item["channel"] == "chat")
    assert chat["open_hours"] == "24/7" and chat["concurrency"] == 2.0
    assert chat["profile"] == list(week.profile_for("night_trough", week.ALL_WEEK))
    loads, inputs, _ = scope_pack_to_inputs(pack)
    assert loads == queries.channel_loads(queries.planning_data(engagement).lines)


@pytest.mark.django_db
def test_without_a_cost_case_the_pack_gives_the_defaults(engagement):
    scoped_engagement(engagement, cost_case=False)
    loads, inputs, region = scope_pack_to_inputs(scope_pack(engagement))
    assert inputs == queries.cost_inputs(None)
    assert region == "asia_philippines"


MINIMAL = {"channels": [{"channel": "email", "contacts_per_month": 300, "handle_minutes": 8}]}


def _with(path: str, value):
    data = copy.deepcopy(MINIMAL)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target["channels"][int(key[9:-1])] if key.startswith("channels[") else target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


DELETE = object()


def test_a_minimal_document_takes_the_defaults():
    (load,), inputs, region = scope_pack_to_inputs(MINIMAL)
    assert load.open_hours == week.BUSINESS_HOURS and load.profile is None
    assert inputs.reply_within_hours == 24 and inputs.service_target == 0.8
    assert region == "asia_philippines"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "the document: expected an object"),
        ({}, "channels: missing"),
        ({"channels": [], "color": 1}, "unknown key(s) color"),
        ({"channels": {}}, "channels: expected a list"),
        (
            _with("channels[0].open_hours", "weekdays"),
            "channels[0].open_hours: expected 168 booleans, 'business hours' or '24/7'",
        ),
        (
            _with("channels[0].open_hours", [True] * 167),
            "channels[0].open_hours: expected 168 booleans",
        ),
        (_with("channels[0].channel", "fax"), "channels[0].channel: expected one of"),
        (
            _with("channels[0].handle_minutes", 0),
            "channels[0].handle_minutes: expected a number above 0",
        ),
        (_with("channels[0].handle_minutes", DELETE), "channels[0].handle_minutes: missing"),
        (
            _with("channels[0].contacts_per_month", "300"),
            "channels[0].contacts_per_month: expected a number",
        ),
        (
            _with("channels[0].contacts_per_month", 1e12),
            "channels[0].contacts_per_month: expected a number",
        ),
        (_with("channels[0].profile", [1] * 10), "channels[0].profile: expected 168 shares"),
        (
            _with("channels[0].profile", [-1] + [1] * 167),
            "channels[0].profile[0]: expected a number at least 0",
        ),
        (
            _with("channels[0].profile", [0] * 168),
            "channels[0]: The profile gives no share",
        ),
        (_with("channels[0].patience_seconds", 60), "channels[0].patience_seconds: only inbound"),
        (_with("channels[0].concurrency", 2), "channels[0].concurrency: only chat"),
        (_with("channels[0].reply_within_hours", 0), "channels[0].reply_within_hours: expected"),
        (_with("channels[0].speed", 1), "channels[0]: unknown key(s) speed"),
        (
            _with("service_target", 80),
            "service_target: expected a number at least 0.01 and at most 0.999 (a fraction: "
            "0.8 is 80%), not 80",
        ),
        (_with("shrinkage", float("nan")), "shrinkage: expected a number"),
        (
            _with("in_house", {"loaded_salary": "lots"}),
            "in_house.loaded_salary: expected an amount",
        ),
        (
            _with("in_house", {"loaded_salary": "-1"}),
            "in_house.loaded_salary: expected an amount of 0",
        ),
        (_with("in_house", {"bonus": 1}), "in_house: unknown key(s) bonus"),
        (_with("in_house", {"agents_override": 2.5}), "in_house.agents_override: expected a whole"),
        (_with("oversight_monthly", "1e400"), "oversight_monthly: expected an amount of 0"),
        (_with("region", "mars"), "region: expected one of"),
    ],
)
def test_a_malformed_document_names_the_key(data, message):
    with pytest.raises(ValueError) as refused:
        scope_pack_to_inputs(data)
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_channel_may_appear_once_and_the_written_ones_share_a_reply_target():
    twice = {"channels": MINIMAL["channels"] * 2}
    with pytest.raises(ValueError, match=r"channels\[1\]\.channel: email appears more than once"):
        scope_pack_to_inputs(twice)
    mixed = {
        "channels": [
            {**MINIMAL["channels"][0], "reply_within_hours": 24},
            {
                "channel": "social",
                "contacts_per_month": 10,
                "handle_minutes": 3,
                "reply_within_hours": 4,
            },
        ]
    }
    with pytest.raises(ValueError, match=r"channels\[1\]\.reply_within_hours: e-mail and social"):
        scope_pack_to_inputs(mixed)


@pytest.mark.django_db
def test_the_download_is_an_attachment_in_fixed_queries(
    member_client, engagement, django_assert_max_num_queries
):
    scoped_engagement(engagement)
    url = reverse("planning:scope-download", kwargs={"engagement_pk": engagement.pk})
    with django_assert_max_num_queries(12):
        response = member_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('-scope.json"')
    pack = json.loads(response.content)
    assert [item["channel"] for item in pack["channels"]] == ["email", "inbound_phone"]
    page = member_client.get(
        reverse("planning:scope-detail", kwargs={"engagement_pk": engagement.pk})
    ).text
    assert f'href="{url}"' in page and "Download scope (JSON)" in page
