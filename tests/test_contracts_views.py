"""Pages of steps 5-7: what members see and change, and what everybody else gets."""

import datetime
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.deadlines import add_months
from contracts.models import (
    Contract,
    ContractDocument,
    EscalationLevel,
    ExitPlan,
    FollowUpAction,
    KpiRecord,
    LiaisonEntry,
    Metric,
    SentReminder,
    Sla,
)
from contracts.queries import in_house_team
from portal.models import Engagement
from tests.factories import CandidateFactory, EngagementFactory, QuoteFactory, UserFactory
from tests.factories_contracts import (
    ContractFactory,
    FollowUpActionFactory,
    KpiRecordFactory,
    LiaisonEntryFactory,
    SlaFactory,
)


def url(name, engagement, **kwargs):
    return reverse(f"contracts:{name}", kwargs={"engagement_pk": engagement.pk, **kwargs})


CONTRACT_POST = {
    "start_date": "2025-01-31",
    "initial_term_months": "1",
    "auto_renew": "on",
    "renewal_term_months": "12",
    "notice_period_days": "14",
    "termination_fee": "5000",
    "currency": "USD",
    "attorney_review": "not_requested",
}


# --- Contract -------------------------------------------------------------------


def test_anonymous_is_sent_to_login(anon_client, engagement):
    response = anon_client.get(url("contract-detail", engagement))
    assert response.status_code == 302 and "login" in response["Location"]


def test_outsider_gets_404(outsider_client, engagement):
    ContractFactory(engagement=engagement)
    assert outsider_client.get(url("contract-detail", engagement)).status_code == 404
    assert outsider_client.get(url("monitoring", engagement)).status_code == 404


def test_no_contract_before_approval(member_client, engagement):
    response = member_client.get(url("contract-detail", engagement))
    assert "No vendor is approved yet" in response.text
    response = member_client.get(url("contract-edit", engagement))
    assert response.status_code == 302  # sent back with a message


def test_member_records_the_contract_and_sees_its_notice_deadline(member_client, engagement):
    candidate = CandidateFactory(engagement=engagement, status="approved")
    quote = QuoteFactory(candidate=candidate)
    response = member_client.get(url("contract-detail", engagement))
    assert "Record the contract" in response.text
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "quote": quote.pk}, follow=True
    )
    assert response.status_code == 200
    contract = Contract.objects.get()
    assert contract.candidate == candidate and contract.quote == quote
    # 31 Jan 2025 + 1 month ends 28 Feb 2025; 14 days' notice: by 14 Feb 2025.
    assert "Last day to give notice" in response.text
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.LIVE


def test_contract_form_errors_save_nothing(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    bad = {**CONTRACT_POST, "initial_term_months": "0", "attorney_review": "cleared"}
    response = member_client.post(url("contract-edit", engagement), bad)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 1" in response.text
    assert "Name the attorney who cleared the contract" in response.text
    assert Contract.objects.count() == 0


def test_notice_longer_than_the_initial_term_is_refused_and_nothing_saved(
    member_client, engagement
):
    CandidateFactory(engagement=engagement, status="approved")
    # 12 months from 29 Feb 2028 end on 28 Feb 2029; 400 days before is 25 Jan 2028.
    too_long = {
        **CONTRACT_POST,
        "start_date": "2028-02-29",
        "initial_term_months": "12",
        "notice_period_days": "400",
    }
    response = member_client.post(url("contract-edit", engagement), too_long)
    assert response.status_code == 200
    assert (
        "400 days&#x27; notice is longer than the 12-month initial term (2028-02-29 to "
        "2029-02-28): the last day to give notice would be 2028-01-25, before the contract "
        "starts." in response.text
    )
    assert Contract.objects.count() == 0


def test_a_start_date_out_of_range_is_refused_and_nothing_saved(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    typo = {**CONTRACT_POST, "start_date": "9999-12-31", "initial_term_months": "120"}
    response = member_client.post(url("contract-edit", engagement), typo)
    assert (
        "Give a start date between 1990-01-01 and 2100-12-31 (9999-12-31 is out of range)."
        in response.text
    )
    assert Contract.objects.count() == 0


def test_contract_quote_must_be_the_approved_vendors(member_client, engagement):
    CandidateFactory(engagement=engagement, status="approved")
    other = QuoteFactory(candidate=CandidateFactory(engagement=engagement))
    response = member_client.post(
        url("contract-edit", engagement), {**CONTRACT_POST, "quote": other.pk}
    )
    assert "Select a valid choice" in response.text
    assert Contract.objects.count() == 0


def test_contract_detail_shows_dates(member_client, engagement):
    today = timezone.localdate()
    ContractFactory(
        engagement=engagement,
        start_date=today.replace(day=1),
        initial_term_months=12,
        notice_period_days=30,
    )
    response = member_client.get(url("contract-detail", engagement))
    dates = response.context["dates"]
    assert f"{dates.notice.date:%Y-%m-%d}" in response.text
    assert f"{dates.notice_days_left} days left" in response.text


def test_reminder_dates_already_passed_are_marked_as_passed(member_client, engagement):
    today = timezone.localdate()
    # The term ends about 65 days ahead: its 90-day reminder date has passed, the others not.
    ContractFactory(
        engagement=engagement,
        start_date=today - timedelta(days=300),
        initial_term_months=12,
        notice_period_days=0,
    )
    response = member_client.get(url("contract-detail", engagement))
    deadline = response.context["dates"].reminder_dates[0]
    passed, coming = [d for d in deadline[1] if d < today], [d for d in deadline[1] if d >= today]
    assert passed and coming
    for day in passed:
        assert f'{day:%Y-%m-%d}</s><span class="visually-hidden"> (passed)</span>' in response.text
    for day in coming:
        assert f"{day:%Y-%m-%d}</s>" not in response.text


def test_wrong_method_is_405(member_client, engagement):
    assert member_client.post(url("contract-detail", engagement)).status_code == 405
    assert member_client.get(url("document-upload", engagement)).status_code == 405
    assert member_client.delete(url("monitoring", engagement)).status_code == 405


# --- Documents ------------------------------------------------------------------


def test_document_upload_and_private_download(member_client, engagement):
    ContractFactory(engagement=engagement)
    pdf = SimpleUploadedFile("Signed contract.pdf", b"%PDF-1.4\n%contract\n", "application/pdf")
    response = member_client.post(
        url("document-upload", engagement), {"title": "Signed", "file": pdf}, follow=True
    )
    assert "Document “Signed” uploaded" in response.text
    document = ContractDocument.objects.get()
    assert document.storage_name.endswith(".pdf") and "Signed" not in document.storage_name
    download = member_client.get(url("document-download", engagement, pk=document.pk))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("contract.pdf", b"<html><script>alert(1)</script></html>", "markup"),
        ("contract.pdf", b"PK\x03\x04not really a zip", "not accepted"),
        ("contract.pdf", b"", "empty"),
        ("contract.docx", b"%PDF-1.4\n", "named as a Word document"),
    ],
)
def test_hostile_documents_are_refused(member_client, engagement, name, content, message):
    ContractFactory(engagement=engagement)
    upload = SimpleUploadedFile(name, content, "application/pdf")
    response = member_client.post(url("document-upload", engagement), {"file": upload})
    assert response.status_code == 400
    assert message in response.text
    assert "The document was not uploaded; see the reason below." in response.text
    assert ContractDocument.objects.count() == 0


def _stored_files() -> set[str]:
    import os

    from django.core.files.storage import default_storage

    root = default_storage.location
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def test_refused_document_is_called_a_document_not_evidence(member_client, engagement):
    ContractFactory(engagement=engagement)
    before = _stored_files()
    upload = SimpleUploadedFile("contract.pdf", b"<html><body>x</body></html>", "application/pdf")
    response = member_client.post(url("document-upload", engagement), {"file": upload})
    assert response.status_code == 400
    assert "not accepted in a contract document" in response.text
    assert "evidence" not in response.text.lower()
    assert ContractDocument.objects.count() == 0
    assert _stored_files() == before  # no file stored either


def test_kpi_import_refusal_does_not_speak_of_evidence(member_client, engagement):
    SlaFactory(engagement=engagement)
    upload = SimpleUploadedFile("kpis.csv", b"<html><script>x</script></html>", "text/csv")
    response = member_client.post(url("kpi-import", engagement), {"file": upload})
    assert "not accepted in a KPI file" in response.text
    assert "evidence" not in response.text.lower()
    assert KpiRecord.objects.count() == 0


def test_document_help_lists_exactly_the_accepted_types(member_client, engagement):
    ContractFactory(engagement=engagement)
    page = member_client.get(url("contract-detail", engagement)).text
    assert "PDF, PNG, JPEG, DOCX, XLSX, TXT or CSV; at most" in page
    assert "Word document or image" not in page


def test_download_of_a_document_whose_file_is_gone_is_404(member_client, engagement, member):
    from django.core.files.storage import default_storage

    from contracts import actions

    contract = ContractFactory(engagement=engagement)
    document = actions.contract_document_add(
        user=member,
        contract=contract,
        title="Signed contract",
        uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", "application/pdf"),
    )
    default_storage.delete(document.storage_name)
    response = member_client.get(url("document-download", engagement, pk=document.pk))
    assert response.status_code == 404
    assert "The file of “Signed contract” is no longer stored" in response.text


def test_document_of_another_engagement_is_404(member_client, engagement, team, member):
    from contracts import actions

    other = EngagementFactory(team=team, owner=member)
    contract = ContractFactory(engagement=other)
    document = actions.contract_document_add(
        user=member,
        contract=contract,
        title="x",
        uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", "application/pdf"),
    )
    response = member_client.get(url("document-download", engagement, pk=document.pk))
    assert response.status_code == 404


# --- Liaison --------------------------------------------------------------------


def test_liaison_entry_with_follow_up_and_overdue_highlight(member_client, engagement, member):
    response = member_client.post(
        url("liaison-entry-create", engagement),
        {
            "kind": "meeting",
            "date": "2025-03-01",
            "participants": "Maria, vendor",
            "summary": "Kick-off",
        },
    )
    entry = LiaisonEntry.objects.get()
    assert response["Location"] == url("liaison-entry-detail", engagement, pk=entry.pk)
    member_client.post(
        url("followup-create", engagement, pk=entry.pk),
        {"description": "Send scripts", "owner": member.pk, "due_date": "2025-03-05"},
    )
    action = FollowUpAction.objects.get()
    page = member_client.get(url("liaison-list", engagement)).text
    assert "Send scripts" in page and "Overdue" in page
    member_client.post(url("followup-done", engagement, pk=action.pk), {"done": "1"})
    action.refresh_from_db()
    assert action.done and action.done_at is not None


def test_liaison_entry_bad_input(member_client, engagement):
    response = member_client.post(
        url("liaison-entry-create", engagement), {"kind": "gossip", "date": "", "summary": ""}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text and "This field is required" in response.text
    assert LiaisonEntry.objects.count() == 0


def test_follow_up_owner_must_be_in_the_team(member_client, engagement, outsider):
    entry = LiaisonEntryFactory(engagement=engagement)
    response = member_client.post(
        url("followup-create", engagement, pk=entry.pk),
        {"description": "x", "owner": outsider.pk, "due_date": "2025-03-05"},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert FollowUpAction.objects.count() == 0


def test_liaison_search_filter_and_pagination(member_client, engagement):
    for i in range(30):
        LiaisonEntryFactory(
            engagement=engagement,
            kind="training" if i % 3 == 0 else "meeting",
            summary=f"Entry {i} about {'billing' if i == 7 else 'routine'}",
            date=date(2025, 1, 1) + datetime.timedelta(days=i),
        )
    first = member_client.get(url("liaison-list", engagement))
    assert len(first.context["page"].object_list) == 25 and "Page 1 of 2" in first.text
    found = member_client.get(url("liaison-list", engagement), {"q": "billing"})
    assert [e.summary for e in found.context["page"].object_list] == ["Entry 7 about billing"]
    training = member_client.get(url("liaison-list", engagement), {"kind": "training"})
    assert training.context["page"].paginator.count == 10
    empty = member_client.get(url("liaison-list", engagement), {"q": "nothing like this"})
    assert "No entry matches these filters" in empty.text


def test_liaison_list_query_count(member_client, engagement, member, django_assert_max_num_queries):
    for i in range(40):
        entry = LiaisonEntryFactory(
            engagement=engagement, date=date(2025, 1, 1) + datetime.timedelta(days=i)
        )
        FollowUpActionFactory.create_batch(2, entry=entry, owner=member)
    with django_assert_max_num_queries(12):
        response = member_client.get(url("liaison-list", engagement))
    assert response.status_code == 200


# --- Monitoring -----------------------------------------------------------------


def test_sla_create_and_watch_only_handle_time(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "aht", "target": "300", "direction": "lower", "unit": "s"},
    )
    assert response.status_code == 200 and "watched, never a target" in response.text
    assert Sla.objects.count() == 0
    member_client.post(
        url("sla-create", engagement), {"metric": "aht", "direction": "lower", "unit": "s"}
    )
    member_client.post(
        url("sla-create", engagement),
        {
            "metric": "service_level",
            "target": "80",
            "direction": "higher",
            "unit": "%",
            "answer_within_seconds": "20",
        },
    )
    page = member_client.get(url("monitoring", engagement)).text
    assert "watch only" in page and "Service level (20 s)" in page and "≥ 80 %" in page


def test_sla_bad_input(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "service_level", "target": "120", "direction": "higher", "unit": "%"},
    )
    assert "cannot exceed 100" in response.text
    assert "Say within how many seconds" in response.text
    assert Sla.objects.count() == 0


def test_the_metric_of_an_sla_with_kpis_cannot_change(member_client, engagement):
    sla = SlaFactory(engagement=engagement, metric="csat", target=85)
    KpiRecordFactory(sla=sla, value=Decimal("88"))
    response = member_client.post(
        url("sla-edit", engagement, pk=sla.pk),
        {"metric": "abandoned", "target": "5"},
    )
    assert response.status_code == 200
    assert "has KPIs recorded, which would be read as another metric&#x27;s" in response.text
    sla.refresh_from_db()
    assert (sla.metric, sla.target) == ("csat", Decimal("85"))
    # Its target can still change.
    response = member_client.post(
        url("sla-edit", engagement, pk=sla.pk), {"metric": "csat", "target": "90"}
    )
    assert response.status_code == 302
    sla.refresh_from_db()
    assert sla.target == Decimal("90")


def test_record_a_month(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-record", engagement), {"period": "2025-03", f"sla_{sla.pk}": "77.5"}
    )
    assert response.status_code == 302
    record = KpiRecord.objects.get()
    assert record.period == date(2025, 3, 1) and record.value == Decimal("77.5")
    bad = member_client.post(
        url("kpi-record", engagement), {"period": "2025-04", f"sla_{sla.pk}": "130"}
    )
    assert "less than or equal to 100" in bad.text
    assert KpiRecord.objects.count() == 1


def test_a_month_still_to_come_cannot_be_recorded(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    today = timezone.localdate()
    next_month = add_months(today.replace(day=1), 1)
    response = member_client.post(
        url("kpi-record", engagement), {"period": f"{next_month:%Y-%m}", f"sla_{sla.pk}": "75"}
    )
    assert response.status_code == 200
    assert (
        f"No KPIs can be recorded for {next_month:%Y-%m} has not started yet "
        f"(latest month: {today:%Y-%m})." in response.text
    )
    assert KpiRecord.objects.count() == 0


def test_a_month_before_1990_cannot_be_recorded_by_form_as_in_the_csv(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-record", engagement), {"period": "0001-01", f"sla_{sla.pk}": "75"}
    )
    assert "0001-01 is not a valid month (from 1990)." in response.text
    assert KpiRecord.objects.count() == 0


def test_kpi_csv_with_a_month_still_to_come_imports_nothing_and_names_the_line(
    member_client, engagement
):
    SlaFactory(engagement=engagement)
    today = timezone.localdate()
    this_month, next_month = today.replace(day=1), add_months(today.replace(day=1), 1)
    text = (
        f"period,metric,value\n{this_month:%Y-%m},service_level,82\n"
        f"{next_month:%Y-%m},service_level,75\n"
    )
    response = member_client.post(url("kpi-import", engagement), {"file": _csv(text)})
    assert "Nothing was imported: 1 problem to fix." in response.text
    assert f"Line 3, column period: {next_month:%Y-%m} has not started yet" in response.text
    assert KpiRecord.objects.count() == 0


def _csv(text, name="kpis.csv"):
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def test_kpi_csv_import_shows_breaches(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement),
        {"file": _csv("period,metric,value\n2025-01,service_level,82\n2025-02,service_level,75\n")},
        follow=True,
    )
    assert "2 KPI value(s) imported" in response.text
    series = response.context["table"].series[0]
    assert series.breaches == 1 and series.consecutive == 1


def test_kpi_csv_with_a_bad_line_imports_nothing_and_names_it(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement),
        {"file": _csv("period,metric,value\n2025-01,service_level,82\n2025-02,nps,40\n")},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "Line 3, column metric: &#x27;nps&#x27; is not one of this contract&#x27;s SLAs" in (
        response.text
    )
    assert KpiRecord.objects.count() == 0


def test_kpi_csv_lists_every_problem_and_keeps_the_good_rows_out_too(member_client, engagement):
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2025, 1, 1), value=Decimal("70"))
    response = member_client.post(
        url("kpi-import", engagement),
        {
            "file": _csv(
                "period,metric,value\n"
                "2025-01,service_level,90\n"  # good, but the file has errors: not applied
                "2025-02,service_level,81\n"  # good
                "2025-13,service_level,abc\n"  # two problems on one line
            )
        },
    )
    assert "Nothing was imported: 2 problems to fix." in response.text
    assert "Line 4, column period: &#x27;2025-13&#x27; is not a valid month." in response.text
    assert "Line 4, column value: &#x27;abc&#x27; is not a number." in response.text
    assert list(KpiRecord.objects.values_list("period", "value")) == [
        (date(2025, 1, 1), Decimal("70"))
    ]


def test_kpi_import_refuses_a_disguised_file(member_client, engagement):
    SlaFactory(engagement=engagement)
    response = member_client.post(
        url("kpi-import", engagement), {"file": _csv("<html><body>x</body></html>")}
    )
    assert "markup" in response.text and KpiRecord.objects.count() == 0


def test_kpi_page_query_count_with_36_months_of_8_metrics(
    member_client, engagement, member, django_assert_max_num_queries
):
    units = {"asa": "s", "aht": "s"}
    slas = [
        SlaFactory(
            engagement=engagement,
            metric=metric,
            target=None if metric == "aht" else Decimal("50"),
            unit=units.get(metric, "%"),
            answer_within_seconds=20 if metric == "service_level" else None,
        )
        for metric in Metric.values
    ]
    assert len(slas) == 8
    KpiRecord.objects.bulk_create(
        KpiRecord(
            sla=sla,
            period=date(2023 + m // 12, m % 12 + 1, 1),
            value=Decimal(40 + (m * 7 + i) % 20),
            recorded_by=member,
        )
        for i, sla in enumerate(slas)
        for m in range(36)
    )
    with django_assert_max_num_queries(10):
        response = member_client.get(url("monitoring", engagement))
    assert response.status_code == 200
    assert len(response.context["table"].rows) == 36
    assert response.text.count("<svg") == 8


def test_governance_roles_raci_and_escalation(member_client, engagement, member, manager):
    member_client.post(
        url("governance-edit", engagement),
        {"liaison": member.pk, "monitor": manager.pk, "procedures": "Monthly review."},
    )
    member_client.post(
        url("raci-create", engagement),
        {"activity": "KPI review", "responsible": "Monitor", "accountable": "Manager"},
    )
    member_client.post(
        url("escalation-create", engagement),
        {"level": "1", "who": "Liaison", "trigger": "Missed KPI", "response_hours": "24"},
    )
    duplicate = member_client.post(
        url("escalation-create", engagement),
        {"level": "1", "who": "Manager", "trigger": "Again", "response_hours": "48"},
    )
    assert "Level 1 is already on the escalation path" in duplicate.text
    assert EscalationLevel.objects.count() == 1
    page = member_client.get(url("monitoring", engagement)).text
    assert "KPI review" in page and "Missed KPI" in page and "Monthly review." in page
    assert manager.get_full_name() in page


# --- Exit plan ------------------------------------------------------------------


def test_exit_plan_warns_when_notice_is_too_short(member_client, engagement):
    ContractFactory(engagement=engagement, notice_period_days=30)
    response = member_client.post(
        url("exit-plan-edit", engagement),
        {
            "hiring_lead_days": "45",
            "training_lead_days": "30",
            "ramp_up_cost": "20000",
            "readiness": "not_ready",
        },
        follow=True,
    )
    assert ExitPlan.objects.count() == 1
    assert "the notice period is shorter than the time to bring the work back" in response.text
    assert "30,000.00 USD" in response.text  # 10,000 fee + 20,000 ramp-up


def test_exit_plan_bad_input(member_client, engagement):
    response = member_client.post(url("exit-plan-edit", engagement), {"hiring_lead_days": "-1"})
    assert response.status_code == 200 and "This field is required" in response.text
    assert ExitPlan.objects.count() == 0


def test_exit_trigger_from_kpis_and_transition_steps(member_client, engagement, member):
    sla = SlaFactory(engagement=engagement)
    for month, value in [(1, 70), (2, 70), (3, 70)]:
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(value))
    missing = member_client.post(
        url("exit-trigger-create", engagement), {"kind": "sla_breach_run", "months": "3"}
    )
    assert "Choose the SLA" in missing.text
    member_client.post(
        url("exit-trigger-create", engagement),
        {"kind": "sla_breach_run", "sla": sla.pk, "months": "3"},
    )
    member_client.post(
        url("transition-step-create", engagement),
        {"description": "Hire agents", "owner": member.pk, "due_date": "2025-09-01"},
    )
    page = member_client.get(url("exit-plan", engagement)).text
    assert "breached 3 month(s) running" in page and "Hire agents" in page
    assert "1 of 1 met" in page


# --- Dashboard panels and navigator ---------------------------------------------


def test_dashboard_panels_show_only_my_teams_deadlines_and_overdue_actions(
    member_client, engagement, member, other_team, django_assert_max_num_queries
):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    ContractFactory(
        engagement=engagement, start_date=start, initial_term_months=12, notice_period_days=90
    )
    entry = LiaisonEntryFactory(engagement=engagement)
    FollowUpActionFactory(
        entry=entry,
        owner=member,
        description="Chase the recovery plan",
        due_date=today - datetime.timedelta(days=3),
    )
    FollowUpActionFactory(
        entry=entry,
        owner=member,
        description="Not due yet",
        due_date=today + datetime.timedelta(days=3),
    )
    hidden = EngagementFactory(team=other_team, title="Finance secret outsourcing")
    ContractFactory(engagement=hidden, start_date=start, initial_term_months=12)
    FollowUpActionFactory(
        entry=LiaisonEntryFactory(engagement=hidden),
        description="Secret action",
        due_date=today - datetime.timedelta(days=3),
    )
    for _ in range(15):  # more engagements with contracts: the panels stay a fixed cost
        e = EngagementFactory(team=engagement.team, owner=member)
        ContractFactory(engagement=e, start_date=start)
        FollowUpActionFactory(
            entry=LiaisonEntryFactory(engagement=e),
            owner=member,
            due_date=today - datetime.timedelta(days=1),
        )
    with django_assert_max_num_queries(12):
        response = member_client.get("/")
    assert "Contract deadlines in the next 120 days" in response.text
    assert "Last day to give notice" in response.text
    assert "Chase the recovery plan" in response.text and "Not due yet" not in response.text
    assert "Finance secret" not in response.text and "Secret action" not in response.text


def test_navigator_shows_steps_5_to_7(member_client, engagement, member):
    ContractFactory(engagement=engagement, notice_period_days=30)
    ExitPlan.objects.create(engagement=engagement, hiring_lead_days=60, training_lead_days=30)
    LiaisonEntryFactory(engagement=engagement)
    page = member_client.get(engagement.get_absolute_url()).text
    assert "1 log entry" in page
    assert (
        "Notice 30 days · exit plan: not ready · notice shorter than the in-house lead time" in page
    )
    assert url("monitoring", engagement) in page


def test_reminder_task_sends_mail_from_the_demo_like_contract(engagement, member):
    today = timezone.localdate()
    ContractFactory(
        engagement=engagement,
        start_date=today.replace(day=1),
        initial_term_months=1,
        notice_period_days=0,
    )
    from contracts.tasks import send_contract_reminders_task

    send_contract_reminders_task()
    send_contract_reminders_task()
    kinds = [m.subject for m in mail.outbox]
    assert len(kinds) == len(set(kinds)) >= 1


# --- SLA direction and unit follow the metric -----------------------------------


def test_new_sla_takes_the_metrics_usual_direction_and_unit(member_client, engagement):
    form_page = member_client.get(url("sla-create", engagement)).text
    assert "The metric&#x27;s usual" in form_page or "The metric's usual" in form_page
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "abandoned", "target": "5", "direction": "", "unit": ""},
    )
    assert response.status_code == 302
    sla = Sla.objects.get()
    assert (sla.direction, sla.unit) == ("lower", "%")
    page = member_client.get(url("monitoring", engagement)).text
    assert "≤ 5 %" in page and "Lower is better" in page


@pytest.mark.parametrize(
    "post, field_message",
    [
        (
            {"metric": "abandoned", "target": "5", "direction": "higher", "unit": "%"},
            "For abandoned / dropped calls, lower is better",
        ),
        (
            {
                "metric": "service_level",
                "target": "80",
                "direction": "higher",
                "unit": "s",
                "answer_within_seconds": "20",
            },
            "Service level is measured in a percentage, not seconds.",
        ),
        (
            {"metric": "asa", "target": "30", "direction": "", "unit": "%"},
            "Average speed of answer is measured in seconds, not a percentage.",
        ),
        (
            {"metric": "csat", "target": "80", "direction": "lower", "unit": "pts"},
            "For customer satisfaction, higher is better",
        ),
    ],
)
def test_sla_contradicting_its_metric_is_refused(member_client, engagement, post, field_message):
    response = member_client.post(url("sla-create", engagement), post)
    assert response.status_code == 200
    assert field_message in response.text
    assert Sla.objects.count() == 0


def test_satisfaction_may_be_a_points_score(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement),
        {"metric": "csat", "target": "4.2", "direction": "", "unit": "pts"},
    )
    assert response.status_code == 302
    assert member_client.get(url("monitoring", engagement)).text.count("≥ 4.2 pts") >= 1


def test_handle_time_stays_watch_only_whatever_the_direction(member_client, engagement):
    response = member_client.post(
        url("sla-create", engagement), {"metric": "aht", "target": "300", "direction": ""}
    )
    assert "watched, never a target" in response.text
    assert Sla.objects.count() == 0
    response = member_client.post(url("sla-create", engagement), {"metric": "aht"})
    assert response.status_code == 302
    assert "watch only" in member_client.get(url("monitoring", engagement)).text


def test_exit_plan_headline_is_the_headcount_to_hire_with_the_peak_agents_beside(
    member_client, engagement
):
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    team = in_house_team(engagement)
    page = member_client.get(url("exit-plan", engagement)).text
    assert "Full-time agents to hire" in page
    assert f'<strong class="fs-5">{team.full_time_agents}</strong> full-time agents to hire' in page
    assert "Agents on the phones at the peak hour" in page
    assert f"{team.agents_on_phones} at once" in page
    assert team.full_time_agents > team.agents_on_phones


# --- Engagement page: what needs attention now -----------------------------------


def test_engagement_page_flags_overdue_actions_and_the_next_notice_deadline(
    member_client, engagement, member
):
    today = timezone.localdate()
    # A 12-month term from 300 days ago with 30 days' notice: the deadline is ~35 days away.
    ContractFactory(
        engagement=engagement,
        start_date=today - datetime.timedelta(days=300),
        initial_term_months=12,
        notice_period_days=30,
    )
    entry = LiaisonEntryFactory(engagement=engagement)
    for days in (2, 9):
        FollowUpActionFactory(
            entry=entry, owner=member, due_date=today - datetime.timedelta(days=days)
        )
    FollowUpActionFactory(entry=entry, owner=member, due_date=today + datetime.timedelta(days=5))
    page = member_client.get(engagement.get_absolute_url()).text
    liaison = url("liaison-list", engagement)
    assert f'href="{liaison}?open=on">2 follow-up actions overdue</a>' in page
    from contracts.deadlines import days_left, next_notice_deadline

    contract = Contract.objects.get()
    notice = next_notice_deadline(contract.terms, today)
    expected = (
        f"Next notice deadline {notice.date:%Y-%m-%d} ({days_left(notice.date, today)} days left)"
    )
    assert expected in page
    assert url("contract-detail", engagement) in page


def test_engagement_page_has_no_flags_when_nothing_is_due(member_client, engagement, member):
    entry = LiaisonEntryFactory(engagement=engagement)
    FollowUpActionFactory(
        entry=entry, owner=member, due_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    page = member_client.get(engagement.get_absolute_url()).text
    assert "overdue</a>" not in page and "Next notice deadline" not in page


def test_dashboard_panels_leave_out_closed_engagements(member_client, team, member):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=200)
    open_one = EngagementFactory(team=team, owner=member, title="Open phone support")
    closed = EngagementFactory(
        team=team, owner=member, title="Closed chat pilot", status=Engagement.Status.CLOSED
    )
    for engagement, action in ((open_one, "Chase the open vendor"), (closed, "Chase the old one")):
        ContractFactory(engagement=engagement, start_date=start, initial_term_months=12)
        FollowUpActionFactory(
            entry=LiaisonEntryFactory(engagement=engagement),
            owner=member,
            description=action,
            due_date=today - datetime.timedelta(days=4),
        )
    page = member_client.get("/").text
    deadlines_panel = page[page.index('id="panel-deadlines"') : page.index('id="panel-overdue"')]
    overdue_panel = page[page.index('id="panel-overdue"') :]
    assert "Open phone support" in deadlines_panel
    assert "Closed chat pilot" not in deadlines_panel
    assert "Chase the open vendor" in overdue_panel
    assert "Chase the old one" not in overdue_panel


# --- Deleting asks first ----------------------------------------------------------


def _delete_cases(engagement, member):
    from contracts import actions
    from tests.factories_contracts import (
        EscalationLevelFactory,
        ExitTriggerFactory,
        RaciRowFactory,
        TransitionStepFactory,
    )

    contract = ContractFactory(engagement=engagement)
    document = actions.contract_document_add(
        user=member,
        contract=contract,
        title="Signed contract",
        uploaded=SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n", "application/pdf"),
    )
    sla = SlaFactory(engagement=engagement)
    KpiRecordFactory(sla=sla, period=date(2025, 1, 1))
    KpiRecordFactory(sla=sla, period=date(2025, 2, 1))
    return [
        ("contract-detail", "document-delete", document, "Delete document?", "Signed contract"),
        ("monitoring", "sla-delete", sla, "Its 2 KPI records will be deleted", "Service level"),
        (
            "monitoring",
            "raci-delete",
            RaciRowFactory(engagement=engagement),
            "Delete RACI row?",
            "",
        ),
        (
            "monitoring",
            "escalation-delete",
            EscalationLevelFactory(engagement=engagement),
            "Delete escalation level?",
            "",
        ),
        (
            "exit-plan",
            "exit-trigger-delete",
            ExitTriggerFactory(engagement=engagement),
            "Delete trigger condition?",
            "",
        ),
        (
            "exit-plan",
            "transition-step-delete",
            TransitionStepFactory(engagement=engagement, owner=member),
            "Delete transition step?",
            "",
        ),
    ]


def test_every_delete_button_leads_to_a_confirmation_that_deletes_nothing(
    member_client, engagement, member
):
    for page_name, delete_name, obj, question, name in _delete_cases(engagement, member):
        delete_url = url(delete_name, engagement, pk=obj.pk)
        page = member_client.get(url(page_name, engagement)).text
        assert f'href="{delete_url}">Delete</a>' in page  # a link, not a one-click form
        confirm = member_client.get(delete_url)
        assert confirm.status_code == 200
        assert question in confirm.text and name in confirm.text
        assert '<button class="btn btn-danger" type="submit">Delete' in confirm.text
        assert "Cancel, keep it" in confirm.text
        assert type(obj).objects.filter(pk=obj.pk).exists()
        response = member_client.post(delete_url)
        assert response.status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()


def test_outsider_cannot_see_a_delete_confirmation(outsider_client, engagement):
    sla = SlaFactory(engagement=engagement)
    assert outsider_client.get(url("sla-delete", engagement, pk=sla.pk)).status_code == 404
    assert Sla.objects.filter(pk=sla.pk).exists()


def test_exit_page_shows_each_trigger_as_met_not_met_or_why_it_cannot_be_checked(
    member_client, engagement
):
    from tests.factories_contracts import ExitTriggerFactory

    sla = SlaFactory(engagement=engagement)
    for month in (1, 2, 3):
        KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(70))
    ContractFactory(engagement=engagement)
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=3)
    ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=sla, months=4)
    ExitTriggerFactory(engagement=engagement, kind="cost_above_benefit", assessed_met=True)
    page = member_client.get(url("exit-plan", engagement)).text
    assert page.count('<span class="badge text-bg-danger">Met</span>') == 1
    assert page.count('<span class="badge text-bg-success">Not met</span>') == 1
    assert "Can&#x27;t be checked: the contract has no quote linked as its price schedule." in page
    assert "Team's assessment: <strong>met</strong>" in page
    assert "2 of 3 met" in page


def test_exit_page_query_count_with_every_kind_of_trigger(
    member_client, engagement, member, django_assert_max_num_queries
):
    from tests.factories_contracts import ExitTriggerFactory, TransitionStepFactory
    from tests.factories_planning import scoped_engagement

    scoped_engagement(engagement)
    contract = ContractFactory(engagement=engagement)
    contract.quote = QuoteFactory(candidate=contract.candidate, minimum_monthly=Decimal(500))
    contract.save()
    slas = [
        SlaFactory(engagement=engagement),
        SlaFactory(engagement=engagement, metric="csat", answer_within_seconds=None),
        SlaFactory(engagement=engagement, metric="quality", answer_within_seconds=None),
    ]
    for sla in slas:
        for month in range(1, 13):
            KpiRecordFactory(sla=sla, period=date(2025, month, 1), value=Decimal(70))
    for _ in range(5):
        for kind in ("cost_above_benefit", "poor_reviews", "low_volume", "poor_work", "other"):
            ExitTriggerFactory(engagement=engagement, kind=kind)
        ExitTriggerFactory(engagement=engagement, kind="sla_breach_run", sla=slas[0])
        TransitionStepFactory(engagement=engagement, owner=member)
    with django_assert_max_num_queries(13):
        response = member_client.get(url("exit-plan", engagement))
    assert response.text.count("Can&#x27;t be checked") == 5  # the five "other" conditions
    assert "30 of 30 met" not in response.text


def test_trigger_form_labels_the_sla_field_as_sla(member_client, engagement):
    response = member_client.get(url("exit-trigger-create", engagement))
    label = response.text.split('for="id_sla"', 1)[1].split("</label>", 1)[0]
    assert label.split(">", 1)[1].strip() == "SLA"


def test_a_chart_without_kpis_says_so_instead_of_describing_a_target_line(
    member_client, engagement
):
    with_data = SlaFactory(engagement=engagement)
    SlaFactory(engagement=engagement, metric="abandoned", direction="lower", target=5)
    KpiRecordFactory(sla=with_data)
    response = member_client.get(url("monitoring", engagement))
    assert response.text.count("Target line dashed; breached months in red.") == 1
    assert response.text.count("No KPI recorded for this SLA yet.") == 1


def test_kpi_csv_value_too_large_to_store_imports_nothing_and_the_page_still_opens(
    member_client, engagement
):
    SlaFactory(engagement=engagement, metric="aht", target=None, direction="lower", unit="s")
    text = "period,metric,value\n2025-01,aht,300.555\n2025-02,aht,123456789012\n"
    response = member_client.post(url("kpi-import", engagement), {"file": _csv(text)})
    assert "Line 3, column value: &#x27;123456789012&#x27; is too large" in response.text
    assert KpiRecord.objects.count() == 0
    response = member_client.post(
        url("kpi-import", engagement), {"file": _csv("period,metric,value\n2025-01,aht,300.555\n")}
    )
    assert KpiRecord.objects.get().value == Decimal("300.56")
    assert member_client.get(url("monitoring", engagement)).status_code == 200


def test_contract_page_query_count_with_many_documents_and_reminders(
    member_client, engagement, member, django_assert_max_num_queries
):
    contract = ContractFactory(engagement=engagement)
    for i in range(30):
        ContractDocument.objects.create(
            contract=contract,
            title=f"Schedule {i}",
            storage_name=f"contracts/x/{i}.pdf",
            original_name=f"{i}.pdf",
            content_type="application/pdf",
            kind="PDF document",
            size=100,
            uploaded_by=member if i % 2 else UserFactory(),
        )
        SentReminder.objects.create(
            contract=contract,
            kind="notice",
            deadline=date(2025, 1, 1) + timedelta(days=i),
            days_before=30,
        )
    with django_assert_max_num_queries(8):
        response = member_client.get(url("contract-detail", engagement))
    assert response.text.count("Schedule ") == 30
