"""Every page a user reaches fits a 390 px phone, and no table button is cut off.

The demo seed fills every step of one engagement (the fullest pages there are); a
second engagement holds a recommendation awaiting a manager, for the reject page.
The pages are every GET page of the permission matrix (downloads, htmx fragments and
the JSON API aside), so a new page is measured the day it gets its matrix entry.
One browser page walks them all and collects every failure into one message.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from contracts.contract.actions import DocumentInput, contract_document_add
from contracts.models import Contract, EscalationLevel, LiaisonEntry, RaciRow, Sla
from contracts.models.test_plan import PlannedCall
from contracts.monitoring.feeds import FeedTokenInput, issue_feed_token
from portal.demo import PASSWORD
from portal.models import Engagement
from portal.reports.models import Report
from portal.tokens import ApiTokenInput, api_token_create
from tests.access_matrix import all_entries
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import EngagementFactory
from tests.factories_vendors import recommended_candidate
from vendors.diligence.models import ChecklistItem, TestCall
from vendors.invitations.actions import InvitationInput, invitation_create
from vendors.invitations.models import Invitation, RfpRound
from vendors.models import Candidate, Quote, Vendor

# Files and fragments, not pages a user lands on.
NOT_PAGES = {
    "healthz",
    "admin:index",
    "login",
    "vendors:vendor-export",
    "diligence:evidence-download",
    "contracts:document-download",
    "reports:report-download",
    "reports:report-status",
    "reports:report-latest-status",
    # The .xlsx downloads: spreadsheets, not pages.
    "planning:cost-export",
    # The scope as a JSON file.
    "planning:scope-download",
    "shortlist:compare-export",
    "diligence:overview-export",
    "diligence:checklist-export",
    "contracts:kpi-export",
    "invitations:proposed-file-download",
    # The link a vendor contact opens: it redirects to the respondent's home page.
    "respond:enter",
}
# The vendor contact's pages: walked by a session bound to an invitation, not a member.
RESPONDENT_PAGES = ("respond:home", "respond:item", "respond:quote")


def _not_a_page(name: str) -> bool:
    """The API answers JSON to scripts; its docs are the schema viewer's own page (not
    the site's templates) for people writing those scripts, at a desk."""
    return name in NOT_PAGES or name.startswith("api:")


# No hyphen in it, so a browser finds no place of its own to break the line.
LONG_URL = (
    "https://www.bogotanearshorecx.example.com/"
    "en/services/inbound_contact_center_outsourcing_for_consumer_electronics"
)

# The page is wider than the window: something sticks out and the page slides sideways.
PAGE_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"

# Wide tables scroll in their own box; what each row is about (its first column, or
# the second after a rank) must then stay in view.
LOOSE_FIRST_COLUMN = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(box => box.scrollWidth > box.clientWidth)
  .flatMap(box => [...box.querySelectorAll(':scope > table > * > tr')])
  .filter(row => ![...row.children].slice(0, 2)
    .some(cell => getComputedStyle(cell).position === 'sticky'))
  .map(row => row.firstElementChild.textContent.trim().slice(0, 30))
  .slice(0, 3)"""

# A button in a table whose right edge lies past the box that shows it (the window,
# or the nearest ancestor that clips or scrolls).
CLIPPED_BUTTONS = """() => {
  const clipped = [];
  for (const el of document.querySelectorAll('table button, table a.btn')) {
    let box = el.parentElement;
    while (box && box !== document.documentElement
           && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const right = box && box !== document.documentElement
      ? box.getBoundingClientRect().left + box.clientWidth : window.innerWidth;
    if (el.getBoundingClientRect().right > right + 0.5) clipped.push(el.textContent.trim());
  }
  return clipped;
}"""


def _world():
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    member = engagement.team.memberships.get(user__username="member").user
    # Addresses people paste: one long word each, in a page header, a card and an entry.
    approved = Candidate.objects.get(engagement=engagement, status=Candidate.Status.APPROVED)
    Vendor.objects.filter(pk=approved.vendor_id).update(website=LONG_URL)
    Candidate.objects.filter(pk=approved.pk).update(notes=f"Proposal: {LONG_URL}/proposal.pdf")
    LiaisonEntry.objects.filter(engagement=engagement).update(
        summary=f"Minutes at {LONG_URL}/minutes"
    )
    contract = Contract.objects.get(engagement=engagement)
    contract_document_add(
        user=member,
        contract=contract,
        data=DocumentInput(
            uploaded=SimpleUploadedFile(
                "master-services-agreement-signed-countersigned-final-v3.pdf",
                b"%PDF-1.4\n% signed contract\n",
                "application/pdf",
            ),
            title="Master services agreement, signed",
        ),
    )
    done = Report.objects.create(
        engagement=engagement, requested_by=member, status=Report.Status.DONE, page_count=24
    )
    stored = default_storage.save(f"reports/{done.public_id}.pdf", ContentFile(b"%PDF-1.7\n"))
    Report.objects.filter(pk=done.pk).update(file=stored, size=9)
    Report.objects.create(
        engagement=engagement,
        requested_by=member,
        status=Report.Status.FAILED,
        error="The renderer stopped: out of memory while drawing the cost chart.",
    )
    Report.objects.create(engagement=engagement, requested_by=member)
    # A token of each person, for the table of the API tokens page; one with a long name.
    for username in ("member", "manager"):
        user = engagement.team.memberships.get(user__username=username).user
        api_token_create(user=user, data=ApiTokenInput(name="Power BI refresh, finance team"))
        api_token_create(
            user=user, data=ApiTokenInput(name="nightly_kpi_sync_for_the_vendor_scorecard")
        )
    # KPI feed tokens, for the table on the monitoring page.
    for name in ("Vendor WFM", "genesys_cloud_wfm_export_for_the_monthly_service_review"):
        issue_feed_token(engagement, user=member, data=FeedTokenInput(name=name))
    # The reject page needs a standing recommendation; the demo's vendor is approved.
    pending = EngagementFactory(team=engagement.team, owner=member, title="Outsource e-mail")
    recommended = recommended_candidate(engagement=pending, by=member)
    # A vendor contact's link, for the respondent's pages.
    shortlisted = Candidate.objects.filter(
        engagement=engagement, status=Candidate.Status.SHORTLISTED
    ).first()
    _, engagement.respond_token = invitation_create(
        user=member,
        candidate=shortlisted,
        data=InvitationInput(
            contact_name="Maria Santos-Villanueva, Head of Client Solutions",
            email="maria.santos@manilabaycx.example.com",
            pricing_models=("dedicated_per_hour",),
        ),
    )
    return engagement, recommended


def _urls(engagement, recommended) -> dict[str, str]:
    e = {"engagement_pk": engagement.pk}
    candidates = Candidate.objects.filter(engagement=engagement)
    approved = candidates.get(status=Candidate.Status.APPROVED)
    shortlisted = candidates.filter(status=Candidate.Status.SHORTLISTED).first() or approved
    checked = candidates.filter(checklist__isnull=False).first()
    item = (
        ChecklistItem.objects.filter(checklist__candidate__engagement=engagement)
        .filter(evidence__isnull=False)
        .first()
    )
    call = TestCall.objects.filter(candidate__engagement=engagement).first()
    quote = Quote.objects.filter(candidate=approved).first()
    entry = LiaisonEntry.objects.filter(engagement=engagement, actions__isnull=False).first()
    # The demo's submitted and accepted response: the fullest invitation page.
    invited = Invitation.objects.filter(candidate__engagement=engagement).order_by("id").first()

    def on(candidate):
        return {**e, "candidate_pk": candidate.pk}

    def pk(obj):
        return {**e, "pk": obj.pk}

    kwargs = {
        "portal:dashboard": {},
        "portal:engagement-create": {},
        "portal:engagement-detail": {"pk": engagement.pk},
        "portal:engagement-edit": {"pk": engagement.pk},
        "portal:engagement-history": {"pk": engagement.pk},
        "password_change": {},
        "password_change_done": {},
        "api-tokens": {},
        "planning:scope-detail": e,
        "planning:scope-edit": e,
        "planning:interval-import": {**e, "channel": "inbound_phone"},
        "planning:cost-detail": e,
        "planning:cost-edit": e,
        "planning:customers-detail": e,
        "planning:customers-edit": e,
        "vendors:vendor-list": {},
        "vendors:vendor-detail": {"pk": approved.vendor_id},
        "vendors:vendor-create": {},
        "vendors:vendor-edit": {"pk": shortlisted.vendor_id},
        "vendors:vendor-import": {},
        "shortlist:candidate-list": e,
        "shortlist:candidate-add": e,
        "shortlist:compare": e,
        "shortlist:quote-add": pk(approved),
        "shortlist:quote-edit": pk(quote),
        "shortlist:candidate-recommend": pk(shortlisted),
        "shortlist:candidate-reject": {
            "engagement_pk": recommended.engagement_id,
            "pk": recommended.pk,
        },
        "diligence:overview": e,
        "diligence:checklist-detail": on(checked),
        "diligence:item-edit": {**on(item.checklist.candidate), "pk": item.pk},
        "diligence:test-call-list": on(call.candidate),
        "diligence:test-call-create": on(call.candidate),
        "diligence:test-call-edit": {**on(call.candidate), "pk": call.pk},
        "contracts:contract-detail": e,
        "contracts:contract-edit": e,
        "contracts:liaison-list": e,
        "contracts:liaison-entry-create": e,
        "contracts:liaison-entry-detail": pk(entry),
        "contracts:liaison-entry-edit": pk(entry),
        "contracts:monitoring": e,
        "contracts:governance-edit": e,
        "contracts:sla-create": e,
        "contracts:sla-edit": pk(Sla.objects.filter(engagement=engagement).first()),
        "contracts:kpi-record": e,
        "contracts:kpi-import": e,
        "contracts:raci-create": e,
        "contracts:raci-edit": pk(RaciRow.objects.filter(engagement=engagement).first()),
        "contracts:escalation-create": e,
        "contracts:escalation-edit": pk(
            EscalationLevel.objects.filter(engagement=engagement).first()
        ),
        "contracts:exit-plan": e,
        "contracts:exit-plan-edit": e,
        "contracts:exit-trigger-create": e,
        "contracts:transition-step-create": e,
        "reports:report-list": e,
        "contracts:vendor-tier": e,
        "contracts:test-call-plan": e,
        "contracts:test-call-target-edit": e,
        "contracts:planned-call-log": pk(
            PlannedCall.objects.filter(plan__engagement=engagement).first()
        ),
        "invitations:round-list": e,
        "invitations:round-create": e,
        "invitations:round-detail": pk(RfpRound.objects.filter(engagement=engagement).first()),
        "invitations:invitation-list": on(invited.candidate),
        "invitations:invitation-detail": {**on(invited.candidate), "pk": invited.pk},
    }
    return {name: reverse(name, kwargs=kw) for name, kw in kwargs.items()}


def _respondent_urls(engagement) -> dict[str, str]:
    invitation = Invitation.objects.filter(contact_name__startswith="Maria Santos").get()
    item = ChecklistItem.objects.filter(checklist__candidate=invitation.candidate).first()
    return {
        "respond:home": reverse("respond:home"),
        "respond:item": reverse("respond:item", kwargs={"pk": item.pk}),
        "respond:quote": reverse("respond:quote", kwargs={"pricing_model": "dedicated_per_hour"}),
    }


def _get_pages() -> set[str]:
    return {
        name
        for name, entry in all_entries().items()
        if entry.method == "get" and not _not_a_page(name)
    }


def _log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}{reverse('login')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/")


def _walk(page, base, urls, viewport):
    """Visit each page at ``viewport``; return what does not fit, one line each."""
    failures = []
    page.set_viewport_size(viewport)
    for name, url in urls.items():
        response = page.goto(f"{base}{url}")
        if response.status != 200:
            failures.append(f"{url} ({name}): status {response.status}")
            continue
        width, window = page.evaluate(PAGE_WIDTH)
        if width > window:
            failures.append(f"{url} ({name}): {width} px wide in a {window} px window")
        if viewport == PHONE and (loose := page.evaluate(LOOSE_FIRST_COLUMN)):
            failures.append(f"{url} ({name}): first column scrolls away: {loose}")
        if viewport == DESKTOP and (clipped := page.evaluate(CLIPPED_BUTTONS)):
            failures.append(f"{url} ({name}): table buttons cut off at {window} px: {clipped}")
    return failures


def test_every_page_fits_a_phone_and_shows_its_table_buttons(live_server, page):
    engagement, recommended = _world()
    urls = _urls(engagement, recommended)
    respondent_urls = _respondent_urls(engagement)
    assert set(urls) | set(respondent_urls) == _get_pages(), (
        "measure every page of the permission matrix"
    )
    # A manager's pages (rejecting a recommendation, setting the vendor's tier).
    manager_only = {"shortlist:candidate-reject", "contracts:vendor-tier"}
    member_urls = {n: u for n, u in urls.items() if n not in manager_only}

    failures: dict[str, list[str]] = {}  # what does not fit -> who saw it
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('login')}")
    width, window = page.evaluate(PAGE_WIDTH)
    if width > window:
        failures[f"/accounts/login/: {width} px wide in a {window} px window"] = ["anonymous"]
    for username, pages in [("member", member_urls), ("manager", urls)]:
        _log_in(page, live_server.url, username)
        for viewport in (PHONE, DESKTOP):
            for line in _walk(page, live_server.url, pages, viewport):
                failures.setdefault(line, []).append(username)
    # The vendor contact: no login, a session bound to the invitation by its link.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('respond:enter', args=[engagement.respond_token])}")
    for viewport in (PHONE, DESKTOP):
        for line in _walk(page, live_server.url, respondent_urls, viewport):
            failures.setdefault(line, []).append("vendor contact")
    assert not failures, "Pages that do not fit:\n" + "\n".join(
        f"{line} [{', '.join(who)}]" for line, who in failures.items()
    )
