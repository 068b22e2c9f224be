"""Derived figures are cached per engagement version, and no page shows a stale one.

The navigator's step summaries (engagement page and the API's engagement) and the
engagement page's recent history are cached (the tests' local-memory cache); each
test shows the page, changes one input through the module that writes it, and checks
the pages show what a fresh computation gives.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from contracts.liaison import actions as liaison_actions
from contracts.models import ExitPlan, Governance, KpiRecord, Sla
from contracts.monitoring import actions as monitoring_actions
from contracts.standing import STANDING_QUERIES
from portal import derived
from portal.journey.navigator import compute_steps
from portal.models import Engagement
from portal.planning.models import ChannelLine, CostCase
from tests.factories import VendorFactory
from vendors import actions as vendor_actions
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import ChecklistItem
from vendors.models import Candidate


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change's on-commit work as its commit would (the site's version moves
    at commit; a test runs in one transaction that never commits)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    engagement = Engagement.objects.get(title="Outsource tier-1 phone support")
    client = Client()
    client.login(request=HttpRequest(), username="member", password="portal-demo")
    return engagement, client


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
    # The steps and history from the cache; the vendor's standing is read each time.
    with django_assert_max_num_queries(8 + STANDING_QUERIES):
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


def test_an_instance_loaded_before_a_change_reads_the_new_version(demo):
    engagement, _ = demo
    stale = Engagement.objects.get(pk=engagement.pk)
    first = derived.cached(stale, "probe", lambda: "old")
    sla = Sla.objects.filter(engagement=engagement).first()
    sla.penalty = "A new penalty."
    sla.save()
    assert derived.cached(stale, "probe", lambda: "new") == "new" != first
    # Saving an instance loaded before a change does not write its older version back
    # (the save's own audit entry moves it on by one).
    older = Engagement.objects.get(pk=engagement.pk)
    sla.penalty = "Another penalty."
    sla.save()
    older.title = "Renamed engagement"
    older.save()
    assert Engagement.objects.get(pk=engagement.pk).version == older.version + 2
