"""Derived figures are cached per engagement version, and no page shows a stale one.

The navigator's step summaries (engagement page and the API's engagement) and the
engagement page's recent history are cached (the tests' local-memory cache); each
test shows the page, changes one input through the module that writes it, and checks
the pages show what a fresh computation gives.
"""

import dataclasses
import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from contracts import standing
from contracts.liaison import actions as liaison_actions
from contracts.models import ExitPlan, Governance, KpiRecord, Sla
from contracts.monitoring import actions as monitoring_actions
from contracts.monitoring import queries as monitoring_queries
from portal import costs, derived
from portal.journey import report as report_sections
from portal.journey.navigator import compute_steps
from portal.models import Engagement, ExchangeRate
from portal.planning import actions as planning_actions
from portal.planning import charts as planning_charts
from portal.planning import comparison as cost_comparison
from portal.planning import queries as planning_queries
from portal.planning.models import ChannelLine, CostCase, RateCard
from portal.templatetags.money import format_money
from tests.factories import VendorFactory
from vendors import actions as vendor_actions
from vendors import comparison as vendor_comparison
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem
from vendors.models import Candidate, Quote


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change's on-commit work as its commit would (the site's version moves
    at commit; a test runs in one transaction that never commits)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def demo(seeded_demo, demo_login):
    return seeded_demo, demo_login()


def _summaries(engagement) -> list[str]:
    return [step.status.summary for step in compute_steps(Engagement.objects.get(pk=engagement.pk))]


def _shows_fresh_figures(client, engagement) -> list[str]:
    """The engagement page and the API show exactly what a fresh computation gives."""
    fresh = _summaries(engagement)
    page = client.get(engagement.get_absolute_url()).text
    for summary in fresh:
        assert escape(summary) in page
    api = client.get(f"/api/v1/engagements/{engagement.pk}/").json()
    assert [step["summary"] for step in api["steps"]] == fresh
    return fresh


def _change_and_check(client, engagement, change, step: int, commit=None):
    before = _shows_fresh_figures(client, engagement)  # cached now
    commit(change) if commit else change()
    after = _shows_fresh_figures(client, engagement)
    assert after[step - 1] != before[step - 1]
    return before, after


def test_the_steps_are_computed_once_per_version(demo, django_assert_max_num_queries):
    engagement, client = demo
    client.get(engagement.get_absolute_url())
    with django_assert_max_num_queries(8):
        page = client.get(engagement.get_absolute_url())
    assert page.text.count("Complete") >= 4
    version = Engagement.objects.get(pk=engagement.pk).version
    sla = Sla.objects.filter(engagement=engagement).first()
    sla.save()  # nothing changed: no audit entry, the same version
    assert Engagement.objects.get(pk=engagement.pk).version == version
    sla.penalty = "A new penalty."
    sla.save()
    assert Engagement.objects.get(pk=engagement.pk).version == version + 1


def test_scope_volume_change_shows_at_once(demo):
    engagement, client = demo
    line = ChannelLine.objects.filter(engagement=engagement).order_by("id").first()

    def change():
        line.contacts_per_month += 1234
        line.save()

    _, after = _change_and_check(client, engagement, change, step=1)
    assert f"{line.contacts_per_month:,}" in after[0]


def test_cost_case_change_shows_at_once(demo):
    engagement, client = demo
    case = CostCase.objects.get(engagement=engagement)

    def change():
        case.loaded_salary = case.loaded_salary * 2
        case.save()

    _change_and_check(client, engagement, change, step=2)


def test_checklist_answer_shows_at_once(demo):
    engagement, client = demo
    candidate = Candidate.objects.get(engagement=engagement, status=Candidate.Status.APPROVED)
    item = ChecklistItem.objects.filter(checklist__candidate=candidate, answer="").first()
    member = engagement.owner

    def change():
        diligence_actions.checklist_item_update(
            user=member,
            item=item,
            data=diligence_actions.ChecklistAnswerInput(
                answer="yes", risk="low", reviewer=member, notes="Seen."
            ),
        )

    _change_and_check(client, engagement, change, step=4)


def test_a_new_candidate_and_a_vendor_rename_show_at_once(demo, commit):
    engagement, client = demo
    candidate = Candidate.objects.get(engagement=engagement, status=Candidate.Status.APPROVED)
    vendor = candidate.vendor

    def rename():  # the registry is shared: the site's version moves
        vendor.name = "Renamed Contact Center"
        vendor.save()

    _, after = _change_and_check(client, engagement, rename, step=4, commit=commit)
    assert "Approved: Renamed Contact Center" in after[3]
    vendor_actions.candidate_add(
        user=engagement.owner,
        engagement=engagement,
        data=vendor_actions.CandidateInput(vendor=VendorFactory(name="Fresh Vendor")),
    )
    _shows_fresh_figures(client, engagement)


def test_liaison_entry_shows_at_once(demo):
    engagement, client = demo

    def change():
        liaison_actions.liaison_entry_save(
            user=engagement.owner,
            engagement=engagement,
            entry=None,
            data=liaison_actions.LiaisonEntryInput(
                kind="meeting",
                date=timezone.localdate(),
                participants="Account manager",
                summary="Weekly call.",
            ),
        )

    _change_and_check(client, engagement, change, step=5)
    page = client.get(engagement.get_absolute_url()).text
    assert "Weekly call." in page or "liaison entry" in page.lower()  # recent history


def test_kpi_month_shows_at_once(demo):
    engagement, client = demo
    KpiRecord.objects.filter(sla__engagement=engagement).order_by("-period").first()
    slas = Sla.objects.filter(engagement=engagement)
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    KpiRecord.objects.filter(sla__engagement=engagement, period__gte=month).delete()

    def change():
        monitoring_actions.kpi_record_month(
            user=engagement.owner,
            engagement=engagement,
            data=monitoring_actions.KpiMonthInput(
                period=month, values={sla.pk: Decimal("50") for sla in slas}
            ),
        )

    _, after = _change_and_check(client, engagement, change, step=6)
    assert f"KPIs up to {month:%B %Y}" in after[5]


def test_exit_plan_and_a_user_rename_show_at_once(demo, commit):
    engagement, client = demo
    plan = ExitPlan.objects.get(engagement=engagement)

    def ready():
        plan.readiness = (
            ExitPlan.Readiness.NOT_READY
            if plan.readiness == ExitPlan.Readiness.READY
            else ExitPlan.Readiness.READY
        )
        plan.save()

    _change_and_check(client, engagement, ready, step=7)
    liaison = Governance.objects.get(engagement=engagement).liaison

    def rename():
        liaison.first_name = "Renamed"
        liaison.save()

    _, after = _change_and_check(client, engagement, rename, step=5, commit=commit)
    assert "Renamed" in after[4]


def test_an_instance_loaded_before_a_change_reads_the_new_version(demo, commit):
    engagement, _ = demo
    stale = Engagement.objects.get(pk=engagement.pk)
    first = derived.cached(stale, "probe", lambda: "old")
    sla = Sla.objects.filter(engagement=engagement).first()
    sla.penalty = "A new penalty."
    commit(sla.save)
    assert derived.cached(stale, "probe", lambda: "new") == "new" != first
    # Saving an instance loaded before a change does not write its older version back
    # (the save's own audit entry moves it on by one). Each change commits on its own:
    # one transaction moves the version once.
    older = Engagement.objects.get(pk=engagement.pk)
    sla.penalty = "Another penalty."
    commit(sla.save)
    older.title = "Renamed engagement"
    commit(older.save)
    assert Engagement.objects.get(pk=engagement.pk).version == older.version + 2


def test_the_cached_figures_pickle(demo):
    """What the cache keeps survives a shared cache's round trip (pickled)."""
    import pickle

    from contracts import standing
    from contracts.monitoring import queries as monitoring_queries
    from portal.planning import comparison as cost_comparison
    from portal.planning import queries as planning_queries
    from vendors import candidate_cost, comparison

    engagement, _ = demo
    candidate = Candidate.objects.get(engagement=engagement, status=Candidate.Status.APPROVED)
    for value in (
        planning_queries.workload(engagement),
        cost_comparison.for_engagement(engagement).comparison,
        comparison.build(engagement),
        candidate_cost.candidate_cost(engagement, candidate),
        monitoring_queries.kpi_table(engagement),
        standing.vendor_standing(engagement),
    ):
        assert value is not None
        assert pickle.loads(pickle.dumps(value)) is not None


# --- The heavy figures: workload, step 2's comparison, the vendor comparison, the
# KPI table's breach runs and the vendor standing. Each test changes an input through
# the module that writes it and checks every page showing the figure: the page
# changed, and it is exactly what a computation with nothing cached gives.

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# What differs between two renders of one page: CSRF tokens (64 characters), nonces.
_TOKENS = re.compile(r'\b[A-Za-z0-9]{64}\b|nonce="[^"]*"')


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return _TOKENS.sub("-", response.text)


def _report(engagement) -> str:
    """The report's sections as the report renders them (summaries and tables)."""
    found = report_sections.engagement_sections(Engagement.objects.get(pk=engagement.pk))
    return "\n".join(
        f"{s.key}: {s.summary or s.missing}\n"
        + (render_to_string(s.template, s.context) if s.filled else "")
        for s in found
    )


def _views(client, urls) -> dict[str, str]:
    shown = {url: _text(client, url) for url in urls}
    shown["report"] = _report(Engagement.objects.get(pk=urls[0].split("/")[2]))
    return shown


def _no_stale_figure(client, urls, change, *, changes, commit=None):
    """Every page of ``urls`` (and the report) shows what a computation from scratch
    shows after ``change``; the ones in ``changes`` show something new."""
    _views(client, urls)  # cached now
    before = _views(client, urls)
    commit(change) if commit else change()
    after = _views(client, urls)
    with override_settings(CACHES=NO_CACHE):
        fresh = _views(client, urls)
    for name in after:
        assert after[name] == fresh[name], f"stale figure on {name}"
    for name in changes:
        assert after[name] != before[name], f"{name} does not show the change"
    return after


@pytest.fixture
def pages(demo):
    engagement, client = demo
    e = f"/engagements/{engagement.pk}"
    urls = {
        "engagement": f"{e}/",
        "scope": f"{e}/scope/",
        "cost": f"{e}/cost/",
        "compare": f"{e}/compare/",
        "monitoring": f"{e}/monitoring/",
        "dashboard": "/",
    }
    return engagement, client, urls


def _urls(urls, *names):
    return [urls["engagement"], *(urls[name] for name in names)]


def test_a_channel_volume_in_step_1_moves_every_cost_figure(pages):
    engagement, client, urls = pages
    line = ChannelLine.objects.filter(engagement=engagement, channel="inbound_phone").get()
    fields = planning_actions.field_names(planning_actions.ChannelLineInput)
    values = {name: getattr(line, name) for name in fields}
    values["open_hours"] = tuple(line.open_hours)
    values["contacts_per_month"] = line.contacts_per_month * 2

    def change():
        planning_actions.scope_save(
            user=engagement.owner,
            engagement=engagement,
            data=planning_actions.ScopeInput(
                **{
                    name: getattr(line.engagement.needs_scope, name)
                    for name in planning_actions.field_names(
                        planning_actions.ScopeInput, without=("lines",)
                    )
                },
                lines={line.channel: planning_actions.ChannelLineInput(**values)},
            ),
        )

    after = _no_stale_figure(
        client,
        _urls(urls, "scope", "cost", "compare", "monitoring", "dashboard"),
        change,
        changes=[urls["engagement"], urls["scope"], urls["cost"], urls["compare"], "report"],
    )
    workload = planning_queries.workload(Engagement.objects.get(pk=engagement.pk))
    assert escape(format_money(workload.in_house_monthly_cost, 2)) in after[urls["cost"]]


def test_a_cost_case_salary_moves_step_2_and_the_comparison(pages):
    engagement, client, urls = pages
    case = CostCase.objects.get(engagement=engagement)
    values = {
        name: getattr(case, name)
        for name in planning_actions.field_names(planning_actions.CostCaseInput)
    }
    values["loaded_salary"] = case.loaded_salary * 2

    def change():
        planning_actions.cost_case_save(
            user=engagement.owner,
            engagement=engagement,
            data=planning_actions.CostCaseInput(**values),
        )

    after = _no_stale_figure(
        client,
        _urls(urls, "cost", "compare", "dashboard"),
        change,
        changes=[urls["engagement"], urls["cost"], urls["compare"], "report"],
    )
    workload = planning_queries.workload(Engagement.objects.get(pk=engagement.pk))
    assert escape(format_money(workload.in_house_monthly_cost, 2)) in after[urls["cost"]]


def test_a_quote_moves_the_vendor_comparison_and_the_approval_page(pages):
    engagement, client, urls = pages
    quote = Quote.objects.filter(candidate__engagement=engagement).order_by("id").first()
    fields = [f.name for f in dataclasses.fields(vendor_actions.QuoteInput)]
    values = {name: getattr(quote, name) for name in fields}
    values["rate"] = quote.rate * 2
    values["channels"] = tuple(quote.channels or ())

    def change():
        vendor_actions.quote_save(
            user=engagement.owner,
            candidate=quote.candidate,
            quote=quote,
            data=vendor_actions.QuoteInput(**values),
        )

    _no_stale_figure(
        client,
        _urls(urls, "compare", "dashboard"),
        change,
        changes=[urls["compare"]],
    )


def test_the_approval_page_prices_the_new_quote(demo):
    engagement, member_client = demo
    candidate = (
        Candidate.objects.filter(engagement=engagement, quotes__isnull=False)
        .exclude(status=Candidate.Status.APPROVED)
        .order_by("id")
        .first()
    )
    # Submitted for approval by the member (as the recommend page does), seen by the
    # manager who decides.
    candidate.status = Candidate.Status.RECOMMENDED
    candidate.recommended_by = engagement.owner
    candidate.save()
    client = Client()
    client.login(request=HttpRequest(), username="manager", password="portal-demo")
    url = f"/engagements/{engagement.pk}/candidates/{candidate.pk}/approve/"
    fields = [f.name for f in dataclasses.fields(vendor_actions.QuoteInput)]
    before = _text(client, url)

    def change():  # every quote of the vendor doubles: its best price moves
        for quote in candidate.quotes.order_by("id"):
            values = {name: getattr(quote, name) for name in fields}
            values["rate"] = quote.rate * 2
            values["minimum_monthly"] = quote.minimum_monthly * 2
            values["channels"] = tuple(quote.channels or ())
            vendor_actions.quote_save(
                user=engagement.owner,
                candidate=candidate,
                quote=quote,
                data=vendor_actions.QuoteInput(**values),
            )

    change()
    after = _text(client, url)
    with override_settings(CACHES=NO_CACHE):
        fresh = _text(client, url)
    assert after == fresh, "stale figure on the approval page"
    assert after != before, "the approval page does not show the new quote"


def test_a_rate_card_row_moves_step_2(pages, commit):
    engagement, client, urls = pages
    case = CostCase.objects.get(engagement=engagement)
    rows = RateCard.objects.filter(region=case.region)

    def change():  # the rate card is shared: the site's version moves at commit
        for row in rows:
            row.low = row.low * 2
            row.high = None if row.high is None else row.high * 2
            row.save()

    _no_stale_figure(
        client,
        _urls(urls, "cost", "compare"),
        change,
        changes=[urls["cost"], "report"],
        commit=commit,
    )


def test_an_exchange_rate_moves_the_vendor_comparison(pages, commit):
    engagement, client, urls = pages
    currencies = set(
        Quote.objects.filter(candidate__engagement=engagement)
        .exclude(currency="USD")
        .values_list("currency", flat=True)
    )
    assert currencies, "the demo has a quote in another currency"
    rates = ExchangeRate.objects.filter(from_currency__in=currencies)

    def change():
        for rate in rates:
            rate.rate = rate.rate * 2
            rate.save()

    _no_stale_figure(
        client,
        _urls(urls, "compare", "cost"),
        change,
        changes=[],  # whether a price moves depends on which quote is cheapest
        commit=commit,
    )


def test_a_kpi_month_moves_the_breach_runs_and_the_standing(pages):
    engagement, client, urls = pages
    slas = [sla for sla in Sla.objects.filter(engagement=engagement) if not sla.computed]
    month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    KpiRecord.objects.filter(sla__engagement=engagement, period__gte=month).delete()
    bad = {sla.pk: Decimal("50") for sla in slas}

    def change():
        monitoring_actions.kpi_record_month(
            user=engagement.owner,
            engagement=engagement,
            data=monitoring_actions.KpiMonthInput(period=month, values=bad),
        )

    _no_stale_figure(
        client,
        _urls(urls, "monitoring", "dashboard"),
        change,
        changes=[urls["engagement"], urls["monitoring"], urls["dashboard"], "report"],
    )


def test_a_second_view_computes_nothing_again(pages, monkeypatch):
    """Once cached, no page recomputes the staffing, step 2's comparison, the vendor
    comparison, the KPI table or the standing."""
    engagement, client, urls = pages
    every = list(urls.values())
    for url in every:
        _text(client, url)
    _report(engagement)
    calls = []

    def counting(module, name):
        original = getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(name)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)

    counting(costs, "build_workload")
    counting(cost_comparison, "build")
    counting(vendor_comparison, "_build")
    counting(monitoring_queries, "_kpi_table")
    counting(standing, "_standings")
    counting(planning_charts, "cost_versus_volume_svg")
    for url in every:
        _text(client, url)
    _report(engagement)
    assert calls == []
    # A change: the figures of that engagement are computed again, once.
    case = CostCase.objects.get(engagement=engagement)
    case.loaded_salary += 1
    case.save()
    _text(client, urls["cost"])
    assert calls.count("build") == 1  # step 2's comparison, computed again
    assert "cost_versus_volume_svg" in calls
    calls.clear()
    _text(client, urls["cost"])
    assert calls == []


def test_a_second_view_runs_fewer_queries(pages):
    engagement, client, urls = pages
    for name in ("cost", "compare", "monitoring", "dashboard"):
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            _text(client, urls[name])
        with CaptureQueriesContext(connection) as warm:
            _text(client, urls[name])
        assert len(warm) < len(cold), name
