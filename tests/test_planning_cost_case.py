"""``manage.py cost_case``: the downloaded scope priced on the command line gives the
numbers the scope page, the step-2 page and the report show; a malformed document
gets one line naming the key and exit status 2."""

from __future__ import annotations

import copy
import html as html_lib
import io
import json
import math
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.journey import report as sections
from portal.planning import demo
from portal.reports.models import Report
from portal.reports.render import render_html
from portal.templatetags.money import format_money

pytestmark = pytest.mark.django_db


def run(*args, stdin=None) -> tuple[int, dict | None, str]:
    """(exit status, the printed JSON or None, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": stdin} if stdin is not None else {}
    try:
        call_command("cost_case", *args, stdout=out, stderr=err, **extra)
    except SystemExit as exc:
        return exc.code, None, err.getvalue()
    return 0, json.loads(out.getvalue()), err.getvalue()


@pytest.fixture
def demo_engagement(engagement, member):
    demo.seed(SimpleNamespace(engagement=engagement, member=member))
    return engagement


@pytest.fixture
def downloaded(demo_engagement, member_client) -> bytes:
    """The demo scope as a user downloads it from the scope page's link."""
    scope_url = reverse("planning:scope-detail", kwargs={"engagement_pk": demo_engagement.pk})
    link = reverse("planning:scope-download", kwargs={"engagement_pk": demo_engagement.pk})
    assert f'href="{link}"' in member_client.get(scope_url).text
    response = member_client.get(link)
    assert response.status_code == 200
    return response.content


def _page(client, name: str, engagement):
    response = client.get(reverse(name, kwargs={"engagement_pk": engagement.pk}))
    assert response.status_code == 200
    return response, html_lib.unescape(response.text)


def _percent_shown(pattern: str, text: str) -> list[float]:
    return [float(value) for value in re.findall(pattern, text)]


def test_the_downloaded_demo_scope_prints_what_the_pages_and_the_report_show(
    downloaded, demo_engagement, member_client, tmp_path
):
    path = tmp_path / "scope.json"
    path.write_bytes(downloaded)
    status, case, err = run(str(path))
    assert (status, err) == (0, "")
    # The same numbers from standard input, as bytes or as text.
    assert run("-", stdin=io.BytesIO(downloaded))[1] == case
    assert run("-", stdin=io.StringIO(downloaded.decode()))[1] == case

    cost, cost_html = _page(member_client, "planning:cost-detail", demo_engagement)
    workload, result = cost.context["workload"], cost.context["comparison"]
    assert result is not None and case["currency"] == "USD"

    # All in-house, as the page states it (to the cent).
    assert Decimal(case["in_house"]["monthly_cost"]) == workload.in_house_monthly_cost
    assert case["in_house"]["full_time_agents"] == workload.in_house_agents > 0
    assert f"Monthly cost{format_money(workload.in_house_monthly_cost, 2)}" in re.sub(
        r"<[^>]+>", "", cost_html
    )
    assert format_money(Decimal(case["in_house"]["annual_cost"]), 2) in cost_html

    # What a vendor bills.
    billed = case["vendor_billed"]
    assert billed["dedicated_hours_per_month"] == round(workload.dedicated_hours_per_month, 2)
    assert billed["monthly_seats"] == workload.monthly_seats > 0
    assert billed["shared_minutes_per_month"] == round(workload.shared_minutes_per_month, 2)
    assert billed["outbound_hours_per_month"] == round(workload.outbound_hours_per_month, 2)

    # Each queue hour by hour, its staffed hours and its week's service level.
    assert set(case["channels"]) == {"inbound_phone", "outbound_phone", "email", "chat"}
    for queue in result.queues:
        channel = next(p.channel for p in workload.plans if p.label == queue.label)
        block = case[channel]
        shown = [agents or 0 for _, cells in queue.days for agents, _ in cells]
        assert block["agents_by_hour"] == shown and len(shown) == 168
        assert (
            f"{queue.label}: {block['staffed_hours_per_month']:.0f} staffed seat-hours a month, "
            f"{block['busiest_hour_agents']} agent" in cost_html
        )
    phone = case["inbound_phone"]
    # Each queue's line on the page, in the page's order: its service level and abandon rate.
    levels = _percent_shown(r"Service level over the week: ([\d.]+)%", cost_html)
    assert len(levels) == len(result.queues) == 2
    for queue, shown_level in zip(result.queues, levels, strict=True):
        channel = next(p.channel for p in workload.plans if p.label == queue.label)
        assert shown_level == pytest.approx(case[channel]["service_level"] * 100, abs=0.05)
    abandons = _percent_shown(r"abandon rate \(callers who hang up[^:]*: ([\d.]+)%", cost_html)
    assert phone["abandon_rate"] is not None and 0 < phone["abandon_rate"] < 0.2
    assert abandons == [pytest.approx(phone["abandon_rate"] * 100, abs=0.05)]
    assert case["chat"]["abandon_rate"] is None  # the demo's chat patience is unknown
    assert "callers' patience not entered, so no abandon rate" in cost_html
    # Business-hours e-mail: closed Friday 18:00 to Monday 09:00, past a 24-hour reply.
    assert (case["email"]["longest_closed_hours"], case["email"]["meets_reply_target"]) == (
        63,
        False,
    )
    assert case["email"]["staffed_hours_per_month"] >= 45 * 52 / 12 - 0.01  # on duty when open

    # Every scenario of the whole scope, at mid rates, as the table shows it.
    assert [s["name"] for s in case["scenarios"]] == [row.name for row in result.scenario_rows]
    assert len(case["scenarios"]) > 4
    for printed, row in zip(case["scenarios"], result.scenario_rows, strict=True):
        assert Decimal(printed["monthly_total"]) == row.scenario.monthly_total
        assert Decimal(printed["annual_total"]) == row.scenario.annual_total
        assert Decimal(printed["saving_monthly"]) == row.scenario.saving_monthly
        assert printed["feasible"] is row.feasible
        assert tuple(printed["kept_in_house"]) == row.scenario.kept_in_house
        assert format_money(Decimal(printed["monthly_total"])) in cost_html
        assert format_money(Decimal(printed["annual_total"])) in cost_html
    assert case["cheapest"] == result.cheapest_scenario.name
    assert f"{case['cheapest']}</strong>" in cost.text or "All in-house is the cheapest" in (
        cost_html
    )

    # Every break-even crossing the page names.
    crossings = case["break_even_inbound_calls"]
    assert crossings == list(result.break_even_crossings.crossings) and crossings
    assert all(isinstance(volume, int) for volume in crossings)
    for volume in crossings:
        assert f"{volume:,}" in cost_html

    # The scope page's staffing of the inbound phone line.
    _, scope_html = _page(member_client, "planning:scope-detail", demo_engagement)
    flat = re.sub(r"<[^>]+>", "", scope_html)
    assert f"Agents on the phones{phone['busiest_hour_agents']}" in flat
    assert (
        f"Staffed seat-hours a month (all inbound work){billed['dedicated_hours_per_month']:,.0f}"
        in (flat)
    )
    reached = _percent_shown(r"Service level reached\s*([\d.]+)%", flat)
    assert reached == [pytest.approx(phone["service_level"] * 100, abs=0.05)]

    # The report's cost section.
    report = html_lib.unescape(render_html(Report(engagement=demo_engagement)))
    assert format_money(Decimal(case["in_house"]["monthly_cost"]), 2) in report
    for printed in case["scenarios"]:
        assert format_money(Decimal(printed["monthly_total"])) in report
    for volume in crossings:
        assert f"{volume:,}" in report
    assert (
        f"Inbound phone: {phone['staffed_hours_per_month']:,.0f} staffed seat-hours a month"
        in report
    )
    summary = next(s for s in sections.engagement_sections(demo_engagement) if s.key == "cost")
    assert summary.summary.startswith(
        f"All in-house {format_money(Decimal(case['in_house']['monthly_cost']))} a month."
    )
    assert case["cheapest_outsourced"] in summary.summary


def test_the_commission_offered_travels_with_the_scope(downloaded):
    pack = json.loads(downloaded)
    assert pack["commission_percent"] == 6.0
    _, with_offer, _ = run("-", stdin=io.StringIO(json.dumps(pack)))
    del pack["commission_percent"]
    _, without, _ = run("-", stdin=io.StringIO(json.dumps(pack)))
    offers = [s["name"] for s in with_offer["scenarios"] if "(your offer)" in s["name"]]
    assert offers and not [s for s in without["scenarios"] if "(your offer)" in s["name"]]


# A flat business-hours phone line: 4,330 calls a month of 5 minutes, even over
# Monday-Friday 09:00-18:00 (45 hours a week).
FLAT = {
    "channels": [
        {
            "channel": "inbound_phone",
            "contacts_per_month": 4330,
            "handle_minutes": 5,
            "open_hours": "business hours",
        }
    ],
    "service_target": 0.8,
    "answer_within_seconds": 20,
    "shrinkage": 0.3,
    "in_house": {"loaded_salary": "3000.00"},
    "oversight_monthly": "1000.00",
    "region": "asia_philippines",
}


def _erlang_c_level(agents: int, erlangs: float, aht: float, within: float) -> float:
    """The share answered within ``within`` seconds, from the textbook Erlang C formula."""
    if agents <= erlangs:
        return 0.0
    terms = [erlangs**k / math.factorial(k) for k in range(agents)]
    queued = erlangs**agents / math.factorial(agents) * agents / (agents - erlangs)
    waits = queued / (sum(terms) + queued)
    return 1 - waits * math.exp(-(agents - erlangs) * within / aht)


def test_a_flat_business_hours_line_worked_by_hand():
    status, case, err = run("-", stdin=io.StringIO(json.dumps(FLAT)))
    assert (status, err) == (0, "")
    phone = case["inbound_phone"]
    agents = phone["agents_by_hour"]
    open_hours = [d < 5 and 9 <= h < 18 for d in range(7) for h in range(24)]
    assert len(agents) == 168
    assert all(a == 0 for a, is_open in zip(agents, open_hours, strict=True) if not is_open)
    staffed = {a for a, is_open in zip(agents, open_hours, strict=True) if is_open}
    # Weekly 4,330 x 12 / 52 = 999.2 calls over 45 hours: 22.2 calls an hour of 5 minutes,
    # 1.85 Erlangs. Erlang C by hand: 3 agents answer 65% within 20 s, 4 agents 88%.
    load = 4330 * 12 / 52 / 45 * 5 / 60
    assert load == pytest.approx(1.8504, abs=1e-4)
    assert [round(_erlang_c_level(n, load, 300, 20), 2) for n in (3, 4)] == [0.65, 0.88]
    (level,) = staffed  # the same in every open hour of a flat week
    assert level == min(n for n in range(1, 20) if _erlang_c_level(n, load, 300, 20) >= 0.8)
    assert level == 4
    # Staffed seat-hours: that many agents in each of 45 hours, over 52/12 weeks a month.
    assert phone["staffed_hours_per_month"] == round(level * 45 * 52 / 12, 2)
    assert case["vendor_billed"]["dedicated_hours_per_month"] == phone["staffed_hours_per_month"]
    # In-house: staffed hours / (1 - 30%) in whole 173.3-hour people, at $3,000 each.
    people = -(-level * 45 * 52 / 12 / 0.7 // (40 * 52 / 12))
    assert case["in_house"]["full_time_agents"] == people
    assert case["in_house"]["monthly_cost"] == f"{3000 * people:.2f}"
    assert case["vendor_billed"]["monthly_seats"] == -(-level * 45 // 40)
    assert case["vendor_billed"]["shared_minutes_per_month"] == 4330 * 5
    assert case["vendor_billed"]["outbound_hours_per_month"] == 0
    assert phone["abandon_rate"] is None and phone["service_level"] >= 0.8
    # All in-house first, no oversight; the outsourced scenarios add $1,000 once.
    first, *others = case["scenarios"]
    assert (first["name"], first["oversight"]) == ("All in-house", "0.00")
    assert others and all(s["oversight"] == "1000.00" for s in others)
    assert case["cheapest"] in {s["name"] for s in case["scenarios"] if s["feasible"]}
    assert case["break_even_inbound_calls"] and case["currency"] == "USD"


def _doc(path: str, value):
    data = copy.deepcopy(FLAT)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target["channels"][int(key[9:-1])] if key.startswith("channels[") else target[key]
    target[last] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "the document: not JSON (line 1, column 2"),
        ("", "the document: empty"),
        ("[]", "the document: expected an object"),
        ('{"region": "asia_philippines"}', "channels: missing"),
        (_doc("channels[0].open_hours", [True] * 167), "channels[0].open_hours: expected 168"),
        (_doc("channels[0].contacts_per_month", -5), "channels[0].contacts_per_month: expected"),
        (
            _doc("channels[0].contacts_per_month", "4330"),
            "channels[0].contacts_per_month: expected",
        ),
        (_doc("channels[0].handle_minutes", None), "channels[0].handle_minutes: expected"),
        (_doc("region", "mars"), "region: expected one of"),
        (_doc("shrinkage", "30%"), "shrinkage: expected a number"),
        (_doc("in_house.loaded_salary", "lots"), "in_house.loaded_salary: expected an amount"),
        (_doc("commission_percent", 150), "commission_percent: expected a number"),
        (_doc("currency", 7), "currency: expected a three-letter code"),
        (_doc("channels[0].channel", "phone\x00"), "channels[0].channel: expected one of"),
        ('{"channels": [], "shrinkage": NaN}', "the document: not JSON (NaN is not"),
        ("[" * 100_000 + "]" * 100_000, "the document: not JSON (nested too deeply)"),
        ('{"channels": [' + "9" * 5000 + "]}", "the document: not JSON (Exceeds the limit"),
    ],
)
def test_a_malformed_document_gets_one_line_naming_the_key(text, message):
    status, printed, err = run("-", stdin=io.StringIO(text))
    assert status == 2 and printed is None
    assert err.startswith(message), err
    assert err.count("\n") <= 1 and "Traceback" not in err


def test_nul_bytes_a_huge_file_and_a_missing_file_are_refused(tmp_path):
    nul = tmp_path / "nul.json"
    nul.write_bytes(b'{"channels": []}\x00')
    status, _, err = run(str(nul))
    assert status == 2 and err.startswith(f"{nul}: contains NUL bytes")
    huge = tmp_path / "huge.json"
    huge.write_text('{"channels": [], "engagement": "' + "x" * 2_000_000 + '"}')
    status, _, err = run(str(huge))
    assert status == 2 and err.startswith(f"{huge}: larger than 1,000,000 bytes")
    status, _, err = run(str(tmp_path / "absent.json"))
    assert status == 2 and err.startswith(f"{tmp_path / 'absent.json'}: cannot be read")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"engagement": "Café"}'.encode("latin-1"))
    status, _, err = run(str(latin))
    assert status == 2 and err.startswith(f"{latin}: not UTF-8 text")


def test_a_scope_the_staffing_math_refuses_names_the_channel():
    refused = _doc("channels[0].contacts_per_month", 9_000_000)
    data = json.loads(refused)
    data["channels"][0]["handle_minutes"] = 9000
    status, _, err = run("-", stdin=io.StringIO(json.dumps(data)))
    assert status == 2 and err.startswith("channels[0]"), err
    assert err.count("\n") <= 1
