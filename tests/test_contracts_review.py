"""The vendor's tier and re-assessment cadence: the due-date arithmetic, the suggestion,
the manager's tier page, the daily job that starts each round once, and its e-mail."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from contracts import standing_rules
from contracts.contract import actions as contract_actions
from contracts.deadlines import Deadline, Term
from contracts.models import VendorTier
from contracts.monitoring import review_actions
from contracts.monitoring.review_queries import cadence_for
from contracts.tasks import start_due_reassessments_task
from tests.factories_contracts import ContractFactory, KpiRecordFactory, SlaFactory
from tests.factories_diligence import current_template
from vendors.diligence import actions as diligence_actions
from vendors.diligence.models import Checklist, ChecklistItem, Reassessment

D = datetime.date

# --- Due dates across month ends ----------------------------------------------------


@pytest.mark.parametrize(
    ("anchor", "months", "due"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # February has no 31st
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # ... and a leap year's has a 29th
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # a leap day a year on
        (D(2024, 2, 29), 24, D(2026, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 3, 31), 6, D(2025, 9, 30)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),
        (D(2025, 12, 15), 12, D(2026, 12, 15)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across the year end too
    ],
)
def test_next_due_is_calendar_months_later_clamped_to_the_month_end(anchor, months, due):
    assert standing_rules.next_due(anchor, months) == due


@pytest.mark.parametrize(
    ("contacts", "data", "spend", "tier"),
    [
        (500, "sensitive", Decimal(1000), 1),  # payment or health data: tier 1 at any size
        (20_000, "contact", Decimal(1000), 1),
        (19_999, "contact", Decimal(49_999), 2),
        (100, "contact", Decimal(50_000), 1),
        (1_999, "none", Decimal(4_999), 3),
        (2_000, "none", Decimal(100), 2),
        (100, "contact", None, 2),  # contact details are never tier 3
        (None, "none", None, 3),
    ],
)
def test_suggested_tier(contacts, data, spend, tier):
    assert standing_rules.suggest_tier(contacts, data, spend).tier == tier


# --- The manager's tier page --------------------------------------------------------


@pytest.fixture
def contract(engagement):
    return ContractFactory(engagement=engagement, start_date=D(2025, 8, 31))


def _tier_url(engagement):
    return reverse("contracts:vendor-tier", kwargs={"engagement_pk": engagement.pk})


def test_manager_sets_the_tier_with_a_reason_in_the_history(manager_client, engagement, contract):
    page = manager_client.get(_tier_url(engagement)).text
    assert "Suggested: <strong>tier 2</strong>" in page
    response = manager_client.post(
        _tier_url(engagement),
        {"data_handled": "sensitive", "tier": "1", "interval_months": "", "reason": ""},
    )
    assert response.status_code == 200
    assert "Say why the tier or interval is set by hand." in response.text
    assert not VendorTier.objects.exists()  # nothing saved; the typed choice kept
    assert 'value="sensitive" selected' in response.text
    response = manager_client.post(
        _tier_url(engagement),
        {"data_handled": "sensitive", "tier": "1", "interval_months": "", "reason": "Card data"},
    )
    assert response.status_code == 302
    row = VendorTier.objects.get()
    assert (row.tier, row.reason, row.data_handled) == (1, "Card data", "sensitive")
    entry = LogEntry.objects.get_for_object(row).get()
    assert entry.actor.username == "manager"
    monitoring = manager_client.get(reverse("contracts:monitoring", args=[engagement.pk])).text
    # Tier 1: every 6 months from 31 August 2025 is 28 February 2026.
    assert "every 6 months" in monitoring and "2026-02-28" in monitoring


def test_interval_set_by_hand_and_bad_numbers_named(manager_client, engagement, contract):
    response = manager_client.post(
        _tier_url(engagement),
        {"data_handled": "contact", "tier": "", "interval_months": "99", "reason": "x"},
    )
    assert response.status_code == 200 and "interval" in response.text.lower()
    assert not VendorTier.objects.exists()
    manager_client.post(
        _tier_url(engagement),
        {"data_handled": "contact", "tier": "", "interval_months": "9", "reason": "Audit plan"},
    )
    cadence = cadence_for(contract, D(2025, 9, 1))
    assert (cadence.tier, cadence.tier_is_set, cadence.interval_months) == (2, False, 9)
    assert cadence.next_due == D(2026, 5, 31)


def test_members_may_not_set_the_tier(member_client, member, engagement, contract):
    assert member_client.get(_tier_url(engagement)).status_code == 403
    response = member_client.post(_tier_url(engagement), {"data_handled": "none"})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        review_actions.vendor_tier_save(
            user=member, engagement=engagement, data=review_actions.TierInput("none")
        )
    assert not VendorTier.objects.exists()


# --- The daily job ------------------------------------------------------------------


@pytest.fixture
def answered(contract, member):
    """The contracted vendor's checklist, two questions answered in step 4."""
    checklist = Checklist.objects.create(
        candidate=contract.candidate, template=current_template(), started_by=member
    )
    items = list(current_template().items.all()[:2])
    for template_item in items:
        ChecklistItem.objects.create(
            checklist=checklist, template_item=template_item, answer="yes", risk="low"
        )
    return checklist


def test_a_round_starts_once_when_due_even_when_the_job_runs_twice(
    answered, contract, engagement, member, django_capture_on_commit_callbacks
):
    # Tier 2 (suggested): 12 months after 31 August 2025.
    assert start_due_reassessments_task("2026-08-30") == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_reassessments_task("2026-08-31") == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert start_due_reassessments_task("2026-08-31") == 0  # the second run starts nothing
        assert start_due_reassessments_task("2026-09-01") == 0
    round_ = Reassessment.objects.get()
    assert (round_.number, round_.comes_due_on, round_.due_date) == (
        2,
        D(2026, 8, 31),
        D(2026, 9, 30),
    )
    assert round_.assignee == engagement.owner  # nobody named to monitor: the owner
    assert len(round_.previous_answers) == 2
    assert {a["answer"] for a in round_.previous_answers} == {"yes"}
    # The checklist now holds every current question: the two answered to confirm.
    items = answered.items.all()
    assert items.count() == current_template().items.count()
    assert sorted(items.filter(to_confirm=True).values_list("answer", flat=True)) == ["yes", "yes"]
    # One e-mail, to the assignee, after the commit.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert "Re-assessment of" in message.subject and "due 2026-09-30" in message.subject
    assert "Standing: Good" in message.body
    assert LogEntry.objects.get_for_object(round_).exists()


def test_the_next_round_counts_from_the_last(answered, contract):
    start_due_reassessments_task("2026-08-31")
    cadence = cadence_for(contract, D(2026, 9, 1))
    assert cadence.open_round is not None
    assert cadence.next_due == D(2027, 8, 31)


def test_a_failed_email_is_sent_on_the_next_run_without_a_second_round(
    answered, contract, monkeypatch
):
    import contracts.monitoring.review_actions as module

    def refuse(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(module, "send_mail", refuse)
    assert start_due_reassessments_task("2026-08-31") == 1
    assert len(mail.outbox) == 0
    assert Reassessment.objects.get().notified_at is None
    monkeypatch.undo()
    assert start_due_reassessments_task("2026-09-01") == 0
    assert len(mail.outbox) == 1
    assert Reassessment.objects.count() == 1
    start_due_reassessments_task("2026-09-02")
    assert len(mail.outbox) == 1


def test_confirming_every_answer_completes_the_round(answered, contract, member, engagement):
    start_due_reassessments_task("2026-08-31")
    round_ = Reassessment.objects.get()
    checklist_url = reverse(
        "diligence:checklist-detail",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
    )
    for item in answered.items.filter(to_confirm=True):
        diligence_actions.checklist_item_update(
            user=member,
            item=item,
            data=diligence_actions.ChecklistAnswerInput(answer="yes", risk="low"),
        )
    round_.refresh_from_db()
    assert round_.completed_at is not None
    assert checklist_url  # the checklist page lists the round as done (see the view test)


def test_an_overdue_round_puts_the_vendor_on_watch_and_shows(
    answered, contract, member_client, engagement
):
    from contracts import standing

    start_due_reassessments_task("2026-08-31")
    found = standing.vendor_standing(engagement, D(2026, 10, 1))
    assert found.level == standing.WATCH
    assert found.reasons[0].text == "Re-assessment overdue since September 30, 2026"
    page = member_client.get(
        reverse(
            "diligence:checklist-detail",
            kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
        )
    ).text
    assert "to confirm" in page and "Re-assessment, came due 2026-08-31" in page


def test_contract_reminder_states_the_standing(contract, engagement):
    sla = SlaFactory(engagement=engagement)
    for month in (6, 7, 8):
        KpiRecordFactory(sla=sla, period=D(2026, month, 1), value=Decimal("70"))
    term = Term(1, contract.start_date, D(2026, 8, 30))
    body = contract_actions._reminder_body(
        contract, Deadline("notice", D(2026, 9, 15), term), D(2026, 9, 5)
    )
    assert "Vendor standing: At risk: SLA Service level (20 s) breached 3 months running" in body
    assert "do not let the contract renew by default" in body


def test_evidence_dates_on_the_answer_form(member_client, engagement, contract, answered):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = answered.items.first()
    url = reverse(
        "diligence:item-edit",
        kwargs={
            "engagement_pk": engagement.pk,
            "candidate_pk": contract.candidate_id,
            "pk": item.pk,
        },
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = {
        "answer": "yes",
        "risk": "low",
        "notes": "Kept",
        "evidence_effective_date": "2026-05-01",
        "evidence_expires_on": "2026-04-01",
        "upload": "1",
    }
    response = member_client.post(
        url, {**data, "evidence": SimpleUploadedFile("cert.pdf", pdf, "application/pdf")}
    )
    assert response.status_code == 200
    assert "The expiry date comes before the effective date (2026-05-01)." in response.text
    assert not item.evidence.exists()
    data["evidence_expires_on"] = "2027-05-01"
    response = member_client.post(
        url, {**data, "evidence": SimpleUploadedFile("cert.pdf", pdf, "application/pdf")}
    )
    assert response.status_code == 302
    evidence = item.evidence.get()
    assert (evidence.effective_date, evidence.expires_on) == (D(2026, 5, 1), D(2027, 5, 1))
    assert "expires 2027-05-01" in member_client.get(url).text


def test_a_new_question_in_the_template_starts_open(answered, contract):
    from tests.factories_diligence import ChecklistTemplateItemFactory

    ChecklistTemplateItemFactory(template=current_template(), text="Is the new policy signed?")
    start_due_reassessments_task("2026-08-31")
    new = answered.items.get(template_item__text="Is the new policy signed?")
    assert (new.answer, new.to_confirm) == ("", False)


def test_no_checklist_no_round(contract):
    assert start_due_reassessments_task("2027-01-01") == 0
    assert not Reassessment.objects.exists()
