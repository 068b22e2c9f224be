"""The whole journey in a real browser: seven steps, an approval and the decision report.

``member`` logs in through the login form and takes a new engagement through steps 1-7
by filling in the pages' own forms and pressing their own buttons; ``manager`` (another
browser context) approves the recommended vendor from the dashboard; the decision report
is rendered by a real ``celery worker`` process (tests/real_worker.py) through the broker
and downloaded; ``outsider`` (another team's manager) gets 404 pages and an anonymous
visitor the login page. Every page they see is checked with axe-core (serious and
critical violations fail the test, listed with their rule, help and elements) and at
phone width (390 px: nothing wider than the screen); test_phone_width.py measures every
page of the permission matrix on the demo data as well.

One more test stands alone: the engagement form filled in by keyboard alone (tab order,
accessible names, visible focus).

A screenshot per step is written to the test's output folder,
``test-results/<test name>/`` (pytest-playwright's ``--output`` moves it); on failure
the last page of every person is kept there as a screenshot and as HTML.

Selectors are by role and label, gathered per page in the classes below, with patterns
that allow for small changes of wording.
"""

from __future__ import annotations

import importlib
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader, PdfWriter

from portal.celery import app as celery_app
from portal.models import Engagement
from portal.reports.models import Report
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories_vendors import DeliveryLocationFactory, VendorChannelFactory, VendorFactory
from tests.real_worker import RealWorker
from vendors.diligence.models import Evidence

PASSWORD = "pw-for-the-journey"
TITLE = "Bring evening phone support to a partner"
CHOSEN = "Harbor Light Contact Center"  # recommended, approved, in the report
OTHER = "Northwind Voice Services"  # added to the registry through the UI
REPORT_WAIT_MS = 120_000  # a bound for a slow machine, not a timing assertion
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def rx(*words: str) -> re.Pattern:
    """A case-insensitive pattern matching any of ``words``; a leading ``^`` allows the
    white space a label's text may start with."""
    return re.compile("|".join(re.sub(r"^\^", r"^\\s*", w) for w in words), re.I)


# --- Selectors, one class per page -------------------------------------------------


class EngagementForm:
    title = staticmethod(lambda p: p.get_by_label(rx(r"^title")))
    team = staticmethod(lambda p: p.get_by_label(rx(r"^team")))
    description = staticmethod(lambda p: p.get_by_label(rx(r"^description")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("create engagement")))


class ScopeForm:
    @staticmethod
    def channel(p: Page, name: str):
        return p.get_by_role("group", name=re.compile(rf"^{name}", re.I))

    contacts = staticmethod(lambda g: g.get_by_label(rx("contacts a month", "contacts per month")))
    handle = staticmethod(lambda g: g.get_by_label(rx("handle time")))
    around_the_clock = staticmethod(lambda g: g.get_by_role("radio", name="24/7", exact=True))
    business_hours = staticmethod(lambda g: g.get_by_role("radio", name=rx(r"^business hours")))
    channel_to_add = staticmethod(lambda p: p.get_by_label(rx("channel to add")))
    add_channel = staticmethod(lambda p: p.get_by_role("button", name=rx("add a channel")))
    volume_pattern = staticmethod(lambda p: p.get_by_label(rx("volume pattern")))
    agents = staticmethod(lambda p: p.get_by_label(rx("current in-house agents")))
    hours = staticmethod(lambda p: p.get_by_label(rx("hours a week they cover")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("save scope")))


class ErrorSummary:
    """The alert at the top of a form that was not saved: "Please correct N fields"."""

    box = staticmethod(
        lambda p: p.get_by_role("alert").filter(has_text=rx(r"please correct \d+ field"))
    )
    link = staticmethod(lambda p, label: ErrorSummary.box(p).get_by_role("link", name=label))


class CostForm:
    salary = staticmethod(lambda p: p.get_by_label(rx("loaded salary")))
    training = staticmethod(lambda p: p.get_by_label(rx(r"^training per agent")))
    equipment = staticmethod(lambda p: p.get_by_label(rx(r"^equipment")))
    rent = staticmethod(lambda p: p.get_by_label(rx("building or rent")))
    maintenance = staticmethod(lambda p: p.get_by_label(rx("maintenance")))
    supervision = staticmethod(lambda p: p.get_by_label(rx(r"^supervision")))
    oversight = staticmethod(lambda p: p.get_by_label(rx("oversight")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("save cost")))


class CustomersForm:
    offshore = staticmethod(lambda p: p.get_by_label(rx(r"^offshore")))
    distance = staticmethod(lambda p: p.get_by_label(rx("far away")))
    speed = staticmethod(lambda p: p.get_by_label(rx("how fast")))
    data_rules = staticmethod(lambda p: p.get_by_label(rx("customer data leaving")))
    language = staticmethod(
        lambda p, channel: p.get_by_label(rx(rf"language and accent risk: {channel}"))
    )
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("save assessment")))


class VendorForm:
    name = staticmethod(lambda p: p.get_by_label(rx(r"^name")))
    country = staticmethod(lambda p: p.get_by_label(rx("headquarters country")))
    inbound = staticmethod(
        lambda p: p.get_by_role("group", name=rx("channels")).get_by_label(rx("inbound phone"))
    )
    english = staticmethod(lambda p: p.get_by_role("checkbox", name=re.compile("^English$")))
    submit = staticmethod(
        lambda p: p.get_by_role("button", name=rx("add to the registry", "save vendor"))
    )


class ShortlistAdd:
    open = staticmethod(lambda p: p.get_by_role("link", name=rx("shortlist a vendor")))
    to_registry = staticmethod(lambda p: p.get_by_role("link", name=rx("add to the registry")))
    vendor = staticmethod(lambda p: p.get_by_label(rx(r"^vendor")))
    why = staticmethod(lambda p: p.get_by_label(rx("why")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("shortlist")))


class Shortlist:
    @staticmethod
    def card(p: Page, vendor: str):
        return p.get_by_role("region", name=re.compile(re.escape(vendor)))

    checklist = staticmethod(lambda c: c.get_by_role("link", name=rx("checklist")))
    test_calls = staticmethod(lambda c: c.get_by_role("link", name=rx("test calls")))
    add_quote = staticmethod(lambda c: c.get_by_role("link", name=rx("quote")))
    recommend = staticmethod(lambda c: c.get_by_role("link", name=rx("recommend")))
    compare = staticmethod(lambda p: p.get_by_role("link", name=rx("compare")))


class QuoteForm:
    model = staticmethod(lambda p: p.get_by_label(rx("pricing model")))
    rate = staticmethod(lambda p: p.get_by_label(rx(r"^rate")))
    unit = staticmethod(lambda p: p.get_by_label(rx(r"^unit")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx(r"^save")))


class ChecklistItem:
    answer = staticmethod(lambda p: p.get_by_label(rx(r"^answer")))
    risk = staticmethod(lambda p: p.get_by_label(rx(r"^risk")))
    notes = staticmethod(lambda p: p.get_by_label(rx(r"^notes")))
    files = staticmethod(lambda p: p.get_by_label(rx("evidence files")))
    save_next = staticmethod(lambda p: p.get_by_role("button", name=rx("next item")))
    save = staticmethod(lambda p: p.get_by_role("button", name=rx("save answer")))
    upload = staticmethod(lambda p: p.get_by_role("button", name=rx("upload")))
    first_item = staticmethod(lambda p: p.get_by_role("table").first.get_by_role("link").first)


class CallLogForm:
    open = staticmethod(
        lambda p: p.get_by_role("link", name=rx("log a test call", "new test call")).first
    )
    channel = staticmethod(lambda p: p.get_by_label(rx(r"^channel")))
    scenario = staticmethod(lambda p: p.get_by_label(rx(r"^scenario")))
    # Only the one for the chosen channel shows: seconds (live) or hours (written).
    waited = staticmethod(
        lambda p: p.get_by_label(rx("seconds until answered", "seconds waited")).filter(
            visible=True
        )
    )
    reply_hours = staticmethod(lambda p: p.get_by_label(rx("hours to reply")).filter(visible=True))
    handle = staticmethod(lambda p: p.get_by_label(rx("minutes to handle", "handle")))
    resolved = staticmethod(lambda p: p.get_by_label(rx("resolved on first contact")))
    courtesy = staticmethod(lambda p: p.get_by_label(rx(r"^courtesy")))
    clarity = staticmethod(lambda p: p.get_by_label(rx("language clarity")))
    knowledge = staticmethod(lambda p: p.get_by_label(rx("product knowledge")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("save test call", r"^save")))


class RecommendForm:
    rationale = staticmethod(lambda p: p.get_by_label(rx("rationale", "reason")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("submit", "recommend")))


class Dashboard:
    decisions = staticmethod(lambda p: p.get_by_role("region", name=rx("needs your decision")))


class DecisionForm:
    reason = staticmethod(lambda p: p.get_by_label(rx("reason")))
    approve = staticmethod(lambda p: p.get_by_role("button", name=re.compile(r"^approve", re.I)))
    open_critical = staticmethod(
        lambda p: p.get_by_role("checkbox", name=rx("approve although .* critical"))
    )


class ContractForm:
    start = staticmethod(lambda p: p.get_by_label(rx("start date")))
    term = staticmethod(lambda p: p.get_by_label(rx("initial term")))
    notice = staticmethod(lambda p: p.get_by_label(rx("notice period")))
    quote = staticmethod(lambda p: p.get_by_label(rx("price schedule \\(quote\\)", "^quote")))
    for_cause = staticmethod(lambda p: p.get_by_label(rx("termination for cause")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("save contract")))


class SlaForm:
    metric = staticmethod(lambda p: p.get_by_label(rx(r"^metric")))
    target = staticmethod(lambda p: p.get_by_label(rx(r"^target")))
    within = staticmethod(lambda p: p.get_by_label(rx("answered within")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx(r"^save")))


class KpiImport:
    file = staticmethod(lambda p: p.get_by_label(rx("csv file")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx(r"^import")))


class FeedTokenForm:
    open = staticmethod(lambda p: p.get_by_role("link", name=rx("issue a feed token")))
    name = staticmethod(lambda p: p.get_by_label(rx(r"^name")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("issue token")))
    token = staticmethod(lambda p: p.get_by_label(rx(r"^token")))


class ApiTokens:
    open = staticmethod(
        lambda p: p.get_by_role("navigation", name=rx("main")).get_by_role(
            "link", name=rx("api tokens")
        )
    )
    name = staticmethod(lambda p: p.get_by_label(rx(r"^name")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx("create token")))
    token = staticmethod(lambda p: p.get_by_label(rx("your new token")))


class LiaisonForm:
    kind = staticmethod(lambda p: p.get_by_label(rx(r"^kind")))
    when = staticmethod(lambda p: p.get_by_label(rx(r"^date")))
    participants = staticmethod(lambda p: p.get_by_label(rx(r"^participants")))
    summary = staticmethod(lambda p: p.get_by_label(rx(r"^summary")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx(r"^save")))


class ExitForm:
    hiring = staticmethod(lambda p: p.get_by_label(rx("hiring lead time")))
    training = staticmethod(lambda p: p.get_by_label(rx("training lead time")))
    ramp_up = staticmethod(lambda p: p.get_by_label(rx("ramp-up cost")))
    data_return = staticmethod(lambda p: p.get_by_label(rx(r"^data return")))
    readiness = staticmethod(lambda p: p.get_by_label(rx(r"^readiness")))
    submit = staticmethod(lambda p: p.get_by_role("button", name=rx(r"^save")))


class EngagementPage:
    @staticmethod
    def step(p: Page, title: str):
        steps = p.get_by_role("list", name=rx("steps"))
        return steps.get_by_role("listitem").filter(has_text=re.compile(title, re.I))

    generate = staticmethod(lambda p: p.get_by_role("button", name=rx("generate report")))
    download = staticmethod(lambda p: p.get_by_role("link", name=rx(r"^download")).first)


# --- Helpers ------------------------------------------------------------------------


class Checks:
    """axe-core and the phone width on every page visited, and a screenshot of each step."""

    def __init__(self, people):
        self.people = people
        self.violations: list[str] = []
        self.too_wide: list[str] = []
        self.checked: list[str] = []
        self.step = 0

    def axe(self, page: Page) -> None:
        """Run axe-core in the page; keep serious and critical violations with the URL.

        The script goes in through the debugging protocol (page.evaluate), which the
        site's Content-Security-Policy does not govern, so the page runs as served.
        """
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        result = page.evaluate(
            "() => axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))"
        )
        path = urlparse(page.url).path
        self.checked.append(path)
        self.phone_width(page, path)
        for v in result:
            found = f"{path}: [{v['impact']}] {v['id']}"
            if v["impact"] in ("serious", "critical") and not any(
                seen.startswith(found) for seen in self.violations
            ):
                self.violations.append(
                    f"{path}: [{v['impact']}] {v['id']}: {v['help']} at {v['targets']}"
                )

    def phone_width(self, page: Page, path: str) -> None:
        """The same page at 390 px: nothing wider than the screen (then back to desktop)."""
        desktop = page.viewport_size
        page.set_viewport_size(PHONE)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"] and not any(s.startswith(f"{path}:") for s in self.too_wide):
            self.too_wide.append(f"{path}: {width} px")
            self.people.keep("too-wide-" + path.strip("/").replace("/", "-"), page)
        page.set_viewport_size(desktop)

    def shot(self, page: Page, name: str) -> None:
        self.step += 1
        self.people.keep(f"{self.step:02d}-{name}", page)

    def visit(self, page: Page, url: str) -> None:
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        self.axe(page)


def _ok(page: Page) -> None:
    """The page after a post shows no error summary or field error."""
    expect(page.locator(".invalid-feedback:visible, .alert-danger")).to_have_count(0)


def choose(select, pattern: str) -> None:
    """Select the option whose text matches ``pattern`` (case-insensitive)."""
    option = select.locator("option").filter(has_text=re.compile(pattern, re.I)).first
    select.select_option(option.get_attribute("value"))


def _small_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _months_ago(n: int) -> str:
    today = date.today()
    index = today.year * 12 + today.month - 1 - n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@pytest.fixture
def worker(live_server, tmp_path):
    """A real worker on the live server's database; ``Generate report`` goes through
    the broker to it (the test settings otherwise run tasks inline)."""
    real_worker = RealWorker(tmp_path)
    real_worker.start()
    celery_app.conf.task_always_eager = False
    yield real_worker
    celery_app.conf.task_always_eager = True
    real_worker.stop()


SEED_MIGRATIONS = (
    "vendors.migrations.0003_seed_languages_and_certifications",
    "portal.planning.migrations.0002_seed_rate_card",
    "portal.planning.migrations.0007_rate_card_floor_without_ceiling",
    "vendors.diligence.migrations.0002_seed_checklist_template",
)


@pytest.fixture
def seeded(transactional_db):
    """The rows data migrations seed (languages, rate card, checklist), which an earlier
    transactional test may have flushed; the seeds only add what is missing."""
    for name in SEED_MIGRATIONS:
        importlib.import_module(name).seed(django_apps, None)


@pytest.fixture
def cast(seeded, member, manager, outsider):
    for user in (member, manager, outsider):
        user.set_password(PASSWORD)
        user.save()
    chosen = VendorFactory(name=CHOSEN, headquarters_country="United States")
    DeliveryLocationFactory(vendor=chosen, country="United States", region="usa_canada")
    VendorChannelFactory(vendor=chosen, channel="inbound_phone")
    return {"member": member, "manager": manager, "outsider": outsider}


# --- The journey, step by step ------------------------------------------------------


def create_engagement(page: Page, checks: Checks) -> str:
    checks.visit(page, "/")
    page.get_by_role("link", name=rx("new engagement", "start the first")).first.click()
    checks.axe(page)
    EngagementForm.title(page).fill(TITLE)
    EngagementForm.description(page).fill("Evenings and weekends on the phones, from a partner.")
    EngagementForm.submit(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    checks.axe(page)
    checks.shot(page, "engagement-created")
    return urlparse(page.url).path


def step1_scope(page: Page, checks: Checks, base: str) -> None:
    """Phone, then e-mail added with "Add a channel"; a figure typed wrong ("150e") is
    named in the error summary, linked to its field and kept as typed; "1,500" saves."""
    checks.visit(page, base + "scope/edit/")
    phone = ScopeForm.channel(page, "Inbound phone")
    ScopeForm.contacts(phone).fill("6000")
    ScopeForm.handle(phone).fill("6")
    ScopeForm.around_the_clock(phone).check()
    ScopeForm.channel_to_add(page).select_option(label="E-mail")
    ScopeForm.add_channel(page).click()
    email = ScopeForm.channel(page, "E-mail")
    expect(email).to_be_visible()
    expect(ScopeForm.contacts(phone)).to_have_value("6000")  # adding kept what was typed
    ScopeForm.contacts(email).fill("150e")
    ScopeForm.handle(email).fill("9")
    expect(ScopeForm.business_hours(email)).to_be_checked()  # a new channel's default
    ScopeForm.volume_pattern(page).select_option(label="Seasonal but predictable")
    ScopeForm.agents(page).fill("10")
    ScopeForm.hours(page).fill("45")
    ScopeForm.submit(page).click()

    expect(page).to_have_url(re.compile(r"/scope/edit/$"))
    expect(ErrorSummary.box(page)).to_contain_text(rx(r"please correct 1 field\b"))
    link = ErrorSummary.link(page, rx("contacts a month"))
    field = ScopeForm.contacts(ScopeForm.channel(page, "E-mail"))
    expect(link).to_have_attribute("href", "#" + field.get_attribute("id"))
    expect(field).to_have_value("150e")  # nothing typed is lost
    expect(ScopeForm.contacts(ScopeForm.channel(page, "Inbound phone"))).to_have_value("6000")
    expect(ScopeForm.volume_pattern(page)).to_have_value("seasonal")
    checks.axe(page)
    checks.shot(page, "step1-error-summary")
    field.fill("1,500")
    ScopeForm.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/scope/$"))
    expect(page.get_by_role("main")).to_contain_text("6,000")
    expect(page.get_by_role("main")).to_contain_text("1,500")
    expect(page.get_by_role("main")).to_contain_text("24/7")  # the phone's open hours
    checks.axe(page)
    checks.shot(page, "step1-scope")


def step2_cost(page: Page, checks: Checks, base: str) -> None:
    checks.visit(page, base + "cost/edit/")
    CostForm.salary(page).fill("4200")
    CostForm.training(page).fill("150")
    CostForm.equipment(page).fill("90")
    CostForm.rent(page).fill("400")
    CostForm.maintenance(page).fill("120")
    CostForm.supervision(page).fill("500")
    CostForm.oversight(page).fill("3000")
    CostForm.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/cost/$"))
    expect(page.get_by_role("main")).to_contain_text("$")
    checks.axe(page)
    checks.shot(page, "step2-cost")


def step3_customers(page: Page, checks: Checks, base: str) -> None:
    checks.visit(page, base + "customers/edit/")
    CustomersForm.offshore(page).check()
    CustomersForm.distance(page).select_option(label="Some customers prefer local service")
    CustomersForm.speed(page).select_option(label="Within minutes (live answer)")
    CustomersForm.data_rules(page).select_option(label="Contracts or policy restrict it")
    CustomersForm.language(page, "inbound phone").select_option(label="Medium")
    CustomersForm.language(page, "e-mail").select_option(label="Low")
    CustomersForm.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/customers/$"))
    expect(page.get_by_role("main")).to_contain_text(rx("risk"))
    checks.axe(page)
    checks.shot(page, "step3-customers")


def step4_shortlist(page: Page, checks: Checks, base: str) -> None:
    # One vendor is in the registry already; the other is added to it from step 4,
    # which comes back with the new vendor chosen.
    checks.visit(page, base + "candidates/")
    ShortlistAdd.open(page).first.click()
    checks.axe(page)
    ShortlistAdd.to_registry(page).click()
    checks.axe(page)
    VendorForm.name(page).fill(OTHER)
    VendorForm.country(page).fill("Canada")
    VendorForm.inbound(page).check()
    VendorForm.english(page).check()
    VendorForm.submit(page).click()
    expect(page).to_have_url(re.compile(r"/candidates/add/"))
    expect(ShortlistAdd.vendor(page).locator("option:checked")).to_have_text(OTHER)
    checks.axe(page)
    ShortlistAdd.why(page).fill("Covers evenings in English.")
    ShortlistAdd.submit(page).click()
    expect(Shortlist.card(page, OTHER)).to_be_visible()

    ShortlistAdd.open(page).first.click()
    ShortlistAdd.vendor(page).select_option(label=CHOSEN)
    ShortlistAdd.why(page).fill("Covers evenings in English.")
    ShortlistAdd.submit(page).click()
    expect(Shortlist.card(page, CHOSEN)).to_be_visible()
    checks.axe(page)
    checks.shot(page, "step4-shortlist")

    Shortlist.add_quote(Shortlist.card(page, CHOSEN)).click()
    checks.axe(page)
    QuoteForm.model(page).select_option(label="Dedicated inbound, per hour")
    QuoteForm.rate(page).fill("16.50")
    QuoteForm.unit(page).select_option(label="per hour")
    QuoteForm.submit(page).click()
    _ok(page)
    expect(Shortlist.card(page, CHOSEN)).to_contain_text("16.50")


def step4_checklist(page: Page, checks: Checks, base: str) -> None:
    """Every item answered; on the first, a refused file and a real PDF, and nothing
    typed is lost either way."""
    checks.visit(page, base + "candidates/")
    Shortlist.checklist(Shortlist.card(page, CHOSEN)).click()
    checks.axe(page)
    ChecklistItem.first_item(page).click()
    checks.axe(page)

    notes = "Certificate seen, scope covers the Halifax site; expires 2027-06."
    ChecklistItem.answer(page).select_option(label="Yes")
    ChecklistItem.risk(page).select_option(label="Low")
    ChecklistItem.notes(page).fill(notes)
    ChecklistItem.files(page).set_input_files(
        {"name": "empty.pdf", "mimeType": "application/pdf", "buffer": b""}
    )
    ChecklistItem.upload(page).click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    expect(ChecklistItem.answer(page)).to_have_value("yes")
    expect(ChecklistItem.risk(page)).to_have_value("low")
    expect(ChecklistItem.notes(page)).to_have_value(notes)
    checks.axe(page)
    checks.shot(page, "step4-refused-file")

    ChecklistItem.files(page).set_input_files(
        {"name": "iso-27001-certificate.pdf", "mimeType": "application/pdf", "buffer": _small_pdf()}
    )
    ChecklistItem.upload(page).click()
    expect(page.get_by_role("link", name="iso-27001-certificate.pdf", exact=True)).to_be_visible()
    expect(ChecklistItem.answer(page)).to_have_value("yes")
    expect(ChecklistItem.risk(page)).to_have_value("low")
    expect(ChecklistItem.notes(page)).to_have_value(notes)
    checks.shot(page, "step4-evidence")

    # The rest of the checklist, item after item, with the page's own "next" button.
    for _ in range(100):
        if ChecklistItem.answer(page).input_value() == "":
            ChecklistItem.answer(page).select_option(label="Yes")
            ChecklistItem.risk(page).select_option(label="Low")
        ChecklistItem.save_next(page).click()
        _ok(page)
        if "/items/" not in page.url:  # after the last item: back to the checklist
            break
    page.goto(base + "candidates/")
    Shortlist.checklist(Shortlist.card(page, CHOSEN)).click()
    expect(page.get_by_role("main")).to_contain_text("100%")
    checks.shot(page, "step4-checklist")


def step4_test_call_and_recommend(page: Page, checks: Checks, base: str) -> None:
    """A phone call (seconds to answer) and an e-mail (hours to reply); the ratings
    start unchosen, the channel preset to one in scope."""
    checks.visit(page, base + "candidates/")
    Shortlist.test_calls(Shortlist.card(page, CHOSEN)).click()
    checks.axe(page)
    CallLogForm.open(page).click()
    checks.axe(page)
    expect(CallLogForm.channel(page)).to_have_value("inbound_phone")
    expect(CallLogForm.courtesy(page)).to_have_value("")
    CallLogForm.scenario(page).fill("Blender arrived broken; asks for a replacement")
    CallLogForm.waited(page).fill("35")
    CallLogForm.handle(page).fill("7")
    CallLogForm.resolved(page).select_option(label="Yes")
    CallLogForm.courtesy(page).select_option("4")
    CallLogForm.clarity(page).select_option("5")
    CallLogForm.knowledge(page).select_option("4")
    CallLogForm.submit(page).click()
    _ok(page)
    expect(page.get_by_role("main")).to_contain_text("Blender arrived broken")

    CallLogForm.open(page).click()
    CallLogForm.channel(page).select_option(label="E-mail")
    expect(CallLogForm.waited(page)).to_have_count(0)
    CallLogForm.scenario(page).fill("Asks by e-mail where the replacement blender is")
    CallLogForm.reply_hours(page).fill("5.5")
    CallLogForm.handle(page).fill("4")
    CallLogForm.resolved(page).select_option(label="No")
    CallLogForm.courtesy(page).select_option("5")
    CallLogForm.clarity(page).select_option("4")
    CallLogForm.knowledge(page).select_option("4")
    checks.axe(page)
    CallLogForm.submit(page).click()
    _ok(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("where the replacement blender is")
    expect(main).to_contain_text("5.5")
    checks.axe(page)
    checks.shot(page, "step4-test-calls")

    checks.visit(page, base + "candidates/")
    Shortlist.compare(page).first.click()
    expect(page.get_by_role("main")).to_contain_text(CHOSEN)
    expect(page.get_by_role("main")).to_contain_text(OTHER)
    checks.axe(page)
    checks.shot(page, "step4-comparison")

    checks.visit(page, base + "candidates/")
    Shortlist.recommend(Shortlist.card(page, CHOSEN)).click()
    checks.axe(page)
    RecommendForm.rationale(page).fill("Cheapest per hour, checklist clean, a good test call.")
    RecommendForm.submit(page).click()
    _ok(page)
    expect(Shortlist.card(page, CHOSEN)).to_contain_text(rx("recommended"))
    checks.shot(page, "step4-recommended")


def manager_approves(page: Page, checks: Checks) -> None:
    checks.visit(page, "/")
    panel = Dashboard.decisions(page)
    panel.get_by_role("link", name=CHOSEN).click()
    checks.axe(page)
    expect(page.get_by_role("main")).to_contain_text("Cheapest per hour")
    DecisionForm.reason(page).fill("Agreed: the checklist is complete and the price is right.")
    # Asked for only while critical due-diligence items are open.
    if DecisionForm.open_critical(page).count():
        DecisionForm.open_critical(page).check()
    DecisionForm.approve(page).click()
    expect(page.get_by_role("main")).to_contain_text(rx("approved"))
    checks.shot(page, "manager-approved")


def step5_contract(page: Page, checks: Checks, base: str) -> None:
    checks.visit(page, base + "contract/edit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CHOSEN)
    ContractForm.start(page).fill(f"{date.today().year - 1}-01-01")
    ContractForm.term(page).fill("24")
    ContractForm.notice(page).fill("90")
    ContractForm.quote(page).select_option(index=1)
    ContractForm.for_cause(page).fill("Service level below 80% in 20 s three months running.")
    ContractForm.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/contract/$"))
    expect(page.get_by_role("main")).to_contain_text("90")
    checks.axe(page)
    checks.shot(page, "step5-contract")


def step6_monitoring(page: Page, checks: Checks, base: str, tmp_path: Path) -> None:
    checks.visit(page, base + "monitoring/")
    page.get_by_role("link", name=rx("new sla")).click()
    checks.axe(page)
    choose(SlaForm.metric(page), r"^\s*service level")
    SlaForm.target(page).fill("80")
    SlaForm.within(page).fill("20")
    SlaForm.submit(page).click()
    _ok(page)

    csv = tmp_path / "kpis.csv"
    csv.write_text(
        "period,metric,value\n"
        f"{_months_ago(2)},service_level,83.5\n"
        f"{_months_ago(1)},service_level,76.25\n"
    )
    page.get_by_role("link", name=rx("import csv")).click()
    checks.axe(page)
    KpiImport.file(page).set_input_files(csv)
    KpiImport.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/monitoring/$"))
    expect(page.get_by_role("main")).to_contain_text("76.25")
    expect(page.get_by_role("link", name=rx(r"download \.xlsx")).first).to_be_visible()
    checks.axe(page)

    # A token for the vendor's system to post KPIs: shown once, then listed by name.
    FeedTokenForm.open(page).click()
    checks.axe(page)
    FeedTokenForm.name(page).fill("Harbor Light WFM export")
    FeedTokenForm.submit(page).click()
    _ok(page)
    expect(FeedTokenForm.token(page)).not_to_have_value("")
    checks.axe(page)
    page.get_by_role("link", name=rx("back to monitoring")).click()
    expect(page.get_by_role("main")).to_contain_text("Harbor Light WFM export")
    checks.axe(page)
    checks.shot(page, "step6-monitoring")


def api_token(page: Page, checks: Checks) -> None:
    """A personal API token from the top bar's link (on a phone, where the bar is folded
    behind its toggle, from the page's address): shown once, then in the table."""
    link = ApiTokens.open(page)
    if link.is_visible():
        link.click()
    else:
        page.goto(reverse("api-tokens"))
    checks.axe(page)
    ApiTokens.name(page).fill("Monthly BI export")
    ApiTokens.submit(page).click()
    _ok(page)
    expect(ApiTokens.token(page)).not_to_have_value("")
    expect(page.get_by_role("table")).to_contain_text("Monthly BI export")
    checks.axe(page)
    checks.shot(page, "api-token")


def step5_liaison(page: Page, checks: Checks, base: str) -> None:
    checks.visit(page, base + "liaison/")
    checks.visit(page, base + "liaison/new/")
    LiaisonForm.kind(page).select_option(label="Meeting")
    LiaisonForm.participants(page).fill("Vendor account manager; our liaison")
    LiaisonForm.summary(page).fill("Kick-off: evening rota agreed, first week's call review.")
    LiaisonForm.submit(page).click()
    _ok(page)
    expect(page.get_by_role("main")).to_contain_text("Kick-off")
    checks.axe(page)
    checks.shot(page, "step5-liaison")


def step7_exit(page: Page, checks: Checks, base: str) -> None:
    checks.visit(page, base + "exit/")
    checks.visit(page, base + "exit/edit/")
    ExitForm.hiring(page).fill("45")
    ExitForm.training(page).fill("30")
    ExitForm.ramp_up(page).fill("38000")
    ExitForm.data_return(page).fill("Recordings and tickets as CSV within 14 days.")
    choose(ExitForm.readiness(page), r"^\s*ready")
    ExitForm.submit(page).click()
    _ok(page)
    expect(page).to_have_url(re.compile(r"/exit/$"))
    checks.axe(page)
    checks.shot(page, "step7-exit")


def report(page: Page, checks: Checks, base: str, worker: RealWorker) -> str:
    checks.visit(page, base)
    vet = EngagementPage.step(page, "Find and vet the vendor")
    expect(vet).to_contain_text(CHOSEN)
    expect(vet).to_contain_text(rx("complete"))
    expect(EngagementPage.step(page, "Keep the in-house option")).to_contain_text(rx("complete"))
    EngagementPage.generate(page).click()
    expect(page.get_by_role("main")).to_contain_text(rx("report requested"))
    checks.axe(page)
    # The list asks the server for news every few seconds; wait until the link shows.
    try:
        expect(EngagementPage.download(page)).to_be_visible(timeout=REPORT_WAIT_MS)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\nworker log:\n{worker.log_tail()}") from None
    checks.shot(page, "report-ready")
    with page.expect_download() as info:
        EngagementPage.download(page).click()
    pdf = Path(info.value.path()).read_bytes()
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def outsider_sees_nothing(page: Page, checks: Checks, paths: list[str]) -> None:
    """Another team's manager: every page and file of the engagement is a 404 page."""
    for path in paths:
        response = page.goto(path)
        assert response.status == 404, f"{path}: {response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_text(rx("not found"))
    checks.axe(page)
    checks.shot(page, "outsider-not-found")


def anonymous_is_asked_to_log_in(page: Page, checks: Checks, paths: list[str]) -> None:
    for path in paths:
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        expect(page.get_by_label(rx("password"))).to_be_visible()
    checks.axe(page)
    checks.shot(page, "anonymous-login")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_member_and_manager_take_an_engagement_from_scope_to_the_report(
    people, cast, worker, tmp_path, viewport
):
    member = people.login(cast["member"], PASSWORD, viewport=viewport)
    checks = Checks(people)

    base = create_engagement(member, checks)
    step1_scope(member, checks, base)
    step2_cost(member, checks, base)
    step3_customers(member, checks, base)
    step4_shortlist(member, checks, base)
    step4_checklist(member, checks, base)
    step4_test_call_and_recommend(member, checks, base)

    manager = people.login(cast["manager"], PASSWORD, viewport=viewport)
    manager_approves(manager, checks)

    step5_contract(member, checks, base)
    step6_monitoring(member, checks, base, tmp_path)
    step5_liaison(member, checks, base)
    step7_exit(member, checks, base)
    api_token(member, checks)
    text = report(member, checks, base, worker)
    assert TITLE in text
    assert CHOSEN in text

    engagement = Engagement.objects.get(title=TITLE)
    candidate = engagement.candidates.get(vendor__name=CHOSEN)
    private = [base + sub for sub in ("", "scope/", "cost/", "candidates/", "compare/")]
    private += [
        base + "contract/",
        base + "monitoring/",
        base + "liaison/",
        base + "exit/",
        base + "reports/",
        reverse("diligence:checklist-detail", args=[engagement.pk, candidate.pk]),
        reverse(
            "diligence:evidence-download",
            args=[engagement.pk, candidate.pk, Evidence.objects.get(uploaded_by=cast["member"]).pk],
        ),
        reverse(
            "reports:report-download",
            args=[engagement.pk, Report.objects.get(engagement=engagement).public_id],
        ),
    ]
    outsider_sees_nothing(people.login(cast["outsider"], PASSWORD), checks, private)
    anonymous_is_asked_to_log_in(people.page("anonymous"), checks, private)

    assert not checks.violations, (
        f"axe-core, serious or critical, on {len(set(checks.checked))} pages checked:\n"
        + "\n".join(checks.violations)
    )
    assert not checks.too_wide, "wider than a 390 px phone:\n" + "\n".join(checks.too_wide)


# --- Keyboard only ------------------------------------------------------------------


FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    visible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
  };
}"""


def _focused(page: Page):
    return page.locator("*:focus")


def _assert_focus_shows(page: Page, what: str) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["visible"], f"{what}: focus is not :focus-visible"
    assert style["outline"] or style["shadow"], f"{what}: no outline or shadow when focused"


def test_a_keyboard_alone_creates_an_engagement(people, cast):
    """The skip link, then Tab through the form in order; every field named, its focus
    visible; Enter on the button creates the engagement."""
    page = people.login(cast["member"], PASSWORD)
    page.goto("/engagements/new/")
    keys = page.keyboard

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx("skip to content"))
    _assert_focus_shows(page, "skip link")
    keys.press("Enter")

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx(r"^title"))
    _assert_focus_shows(page, "Title")
    keys.type("Keyboard-only engagement")

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx(r"^team"))
    _assert_focus_shows(page, "Team")

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx(r"^description"))
    _assert_focus_shows(page, "Description")
    keys.type("Typed without a mouse.")

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx("currency"))
    _assert_focus_shows(page, "Currency")
    keys.type("EUR")  # a select takes the typed start of an option

    keys.press("Tab")
    expect(_focused(page)).to_have_accessible_name(rx("create engagement"))
    _assert_focus_shows(page, "Create engagement button")
    people.keep("keyboard-on-the-button", page)
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard-only engagement")
    engagement = Engagement.objects.get(title="Keyboard-only engagement")
    assert engagement.description == "Typed without a mouse."
    assert engagement.currency == "EUR"
