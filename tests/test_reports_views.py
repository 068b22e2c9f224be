"""The report pages: ask for a report, follow it live, download it, retry it.

Tasks run inline here (test settings); tests/test_reports_worker.py goes through a
real broker and worker.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.timezone import localtime

from portal.reports.models import Report
from tests.factories import MembershipFactory, UserFactory


def _list_url(engagement):
    return reverse("reports:report-list", args=[engagement.pk])


def _url(name, report):
    return reverse(f"reports:{name}", args=[report.engagement_id, report.public_id])


def _done_report(engagement, user, pdf=b"%PDF-1.7\n% a report\n%%EOF\n"):
    report = Report.objects.create(engagement=engagement, requested_by=user)
    stored = default_storage.save(f"reports/{report.public_id}.pdf", ContentFile(pdf))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        file=stored,
        size=len(pdf),
        sha256="ab" * 32,
        page_count=3,
    )
    report.refresh_from_db()
    return report


def test_member_generates_a_report_and_sees_it_ready_with_its_fingerprint(
    member_client, member, engagement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("reports:report-request", args=[engagement.pk]))
    assert response.status_code == 302
    page = member_client.get(response["Location"]).content.decode()
    report = Report.objects.get(engagement=engagement)
    assert report.status == Report.Status.DONE
    assert "Report requested" in page
    assert "Download" in page
    assert report.sha256 in page
    assert member.get_full_name() in page  # who asked for it
    assert report.size and report.page_count >= 1


def test_engagement_page_offers_generate_report_to_members(member_client, engagement):
    page = member_client.get(engagement.get_absolute_url()).content.decode()
    assert ">Generate report</button>" in page
    assert reverse("reports:report-list", args=[engagement.pk]) in page


def test_generate_report_needs_a_post(member_client, engagement):
    response = member_client.get(reverse("reports:report-request", args=[engagement.pk]))
    assert response.status_code == 405
    assert not Report.objects.exists()


def test_download_is_an_attachment_the_browser_will_not_sniff(member_client, engagement, member):
    report = _done_report(engagement, member, pdf=b"%PDF-1.7\n% the decision\n%%EOF\n")
    response = member_client.get(_url("report-download", report))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n% the decision\n%%EOF\n"


def test_a_report_of_another_engagement_is_404_under_this_one(
    member_client, engagement, member, team
):
    from tests.factories import EngagementFactory

    other = EngagementFactory(team=team, owner=member)
    report = _done_report(other, member)
    url = reverse("reports:report-download", args=[engagement.pk, report.public_id])
    assert member_client.get(url).status_code == 404


def test_a_report_not_ready_has_nothing_to_download(member_client, engagement, member):
    report = Report.objects.create(engagement=engagement, requested_by=member)
    assert member_client.get(_url("report-download", report)).status_code == 404


def test_status_row_polls_while_queued_and_stops_once_done(member_client, engagement, member):
    report = Report.objects.create(engagement=engagement, requested_by=member)
    queued = member_client.get(_url("report-status", report)).content.decode()
    assert 'hx-trigger="every' in queued and "Queued" in queued

    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    running = member_client.get(_url("report-status", report)).content.decode()
    assert 'hx-trigger="every' in running and "Rendering" in running

    done = _done_report(engagement, member)
    row = member_client.get(_url("report-status", done)).content.decode()
    assert "hx-trigger" not in row
    assert "Download" in row


def test_engagement_page_status_polls_until_the_latest_report_finishes(
    member_client, engagement, member
):
    url = reverse("reports:report-latest-status", args=[engagement.pk])
    assert "hx-trigger" not in member_client.get(url).content.decode()  # no report yet
    Report.objects.create(engagement=engagement, requested_by=member)
    assert 'hx-trigger="every' in member_client.get(url).content.decode()
    _done_report(engagement, member)
    latest = member_client.get(url).content.decode()
    assert "hx-trigger" not in latest and "Download" in latest


def test_failed_report_shows_its_error_and_retry_renders_it(
    member_client, engagement, member, django_capture_on_commit_callbacks
):
    report = Report.objects.create(
        engagement=engagement,
        requested_by=member,
        status=Report.Status.FAILED,
        attempts=4,
        error="OSError: No space left on device",
    )
    page = member_client.get(_list_url(engagement)).content.decode()
    assert "No space left on device" in page
    assert ">Retry<" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(_url("report-retry", report))
    page = member_client.get(response["Location"]).content.decode()
    assert "Report sent to be rendered again." in page
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.error == "" and report.attempts == 1


def test_retry_of_a_report_that_did_not_fail_is_refused(member_client, engagement, member):
    report = _done_report(engagement, member)
    response = member_client.post(_url("report-retry", report), follow=True)
    assert "Only a report that failed can be retried." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


def test_report_history_runs_a_fixed_number_of_queries(
    member_client, engagement, team, django_assert_max_num_queries
):
    for number in range(25):
        user = UserFactory(username=f"requester{number}")
        MembershipFactory(team=team, user=user)
        if number % 2:
            _done_report(engagement, user)
        else:
            Report.objects.create(
                engagement=engagement, requested_by=user, status=Report.Status.FAILED, error="x"
            )
    with django_assert_max_num_queries(8):
        response = member_client.get(_list_url(engagement))
    assert response.content.decode().count('<tr id="report-') == 20  # one page
    with django_assert_max_num_queries(8):
        member_client.get(_list_url(engagement) + "?page=2")


@pytest.mark.parametrize("name", ["report-status", "report-download"])
def test_report_pages_of_one_report_run_a_fixed_number_of_queries(
    name, member_client, engagement, member, django_assert_max_num_queries
):
    report = _done_report(engagement, member)
    with django_assert_max_num_queries(6):
        assert member_client.get(_url(name, report)).status_code == 200


def test_no_report_yet_says_so_and_offers_to_generate_one(member_client, engagement):
    page = member_client.get(_list_url(engagement)).content.decode()
    assert "No report has been generated for this engagement yet." in page
    assert ">Generate report</button>" in page
    assert "<table" not in page


def test_older_reports_are_on_the_next_page_of_the_history(member_client, engagement, member):
    for _ in range(23):
        Report.objects.create(engagement=engagement, requested_by=member)
    first = member_client.get(_list_url(engagement)).content.decode()
    assert first.count('<tr id="report-') == 20
    assert "Page 1 of 2" in first and "page=2" in first

    second = member_client.get(_list_url(engagement) + "?page=2").content.decode()
    assert second.count('<tr id="report-') == 3
    assert "Page 2 of 2" in second and "Previous" in second


def test_download_and_retry_name_their_report_for_screen_readers(member_client, engagement, member):
    done = _done_report(engagement, member)
    Report.objects.create(
        engagement=engagement, requested_by=member, status=Report.Status.FAILED, error="x"
    )
    page = member_client.get(_list_url(engagement)).content.decode()
    requested = localtime(done.created_at).strftime("%Y-%m-%d %H:%M")
    hidden = f'<span class="visually-hidden"> the decision report requested {requested}</span>'
    assert f"Download{hidden}</a>" in page
    assert f"Retry{hidden}</button>" in page


def test_a_poll_without_news_swaps_nothing(member_client, engagement, member):
    report = Report.objects.create(engagement=engagement, requested_by=member)
    response = member_client.get(_url("report-status", report) + "?status=queued")
    assert response.status_code == 204
    assert response.content == b""


def test_a_poll_with_news_brings_the_new_row_and_tells_the_live_region(
    member_client, engagement, member
):
    page = member_client.get(_list_url(engagement)).content.decode()
    assert 'id="report-announcer" class="visually-hidden" role="status"' in page
    report = _done_report(engagement, member)

    row = member_client.get(_url("report-status", report) + "?status=running").content.decode()
    assert "Download" in row and "hx-trigger" not in row
    assert '<div id="report-announcer" hx-swap-oob="innerHTML">' in row
    assert ": Ready</div>" in row


def test_engagement_page_status_is_a_live_region_that_polls_only_its_line(
    member_client, engagement, member
):
    url = reverse("reports:report-latest-status", args=[engagement.pk])
    report = Report.objects.create(engagement=engagement, requested_by=member)
    loaded = member_client.get(url).content.decode()
    assert re.search(r'<div id="latest-report"[^>]* role="status" aria-live="polite">', loaded)
    poll = f"?report={report.public_id}&status=queued"
    assert f"{url}?report={report.public_id}&amp;status=queued" in loaded

    assert member_client.get(url + poll).status_code == 204  # nothing new
    Report.objects.filter(pk=report.pk).update(status=Report.Status.RUNNING)
    line = member_client.get(url + poll).content.decode()
    assert "Rendering" in line
    assert 'id="latest-report"' not in line  # the live region itself stays in place
