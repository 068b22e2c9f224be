"""Reports in the admin: read-only, and deleting one (or its engagement) removes its PDF."""

from django.core.files.storage import default_storage
from django.urls import reverse

from portal import uploads
from portal.reports import actions
from portal.reports.models import Report


def _rendered(engagement, member) -> Report:
    report = actions.report_request(user=member, engagement=engagement)
    claimed = actions.report_claim(report_id=report.pk)
    assert actions.report_finish(report=claimed, pdf=b"%PDF-1.7\n%%EOF\n", pages=1)
    report.refresh_from_db()
    assert report.file.name == f"reports/{report.public_id}.pdf"
    assert default_storage.exists(report.file.name)
    return report


def test_admin_sees_a_report_but_cannot_change_it(admin_client_, engagement, member):
    report = _rendered(engagement, member)
    page = admin_client_.get(reverse("admin:reports_report_change", args=[report.pk]))
    assert page.status_code == 200
    assert str(report.public_id) in page.text
    assert 'name="_save"' not in page.text
    assert admin_client_.get(reverse("admin:reports_report_add")).status_code == 403


def test_deleting_a_report_in_the_admin_deletes_its_pdf(
    admin_client_, engagement, member, django_capture_on_commit_callbacks
):
    report = _rendered(engagement, member)
    url = reverse("admin:reports_report_delete", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert "was deleted successfully" in response.text
    assert not Report.objects.exists()
    assert not default_storage.exists(report.file.name)


def test_deleting_an_engagement_in_the_admin_deletes_its_reports_pdfs(
    admin_client_, engagement, member, django_capture_on_commit_callbacks
):
    reports = [_rendered(engagement, member), _rendered(engagement, member)]
    url = reverse("admin:portal_engagement_delete", args=[engagement.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert "was deleted successfully" in response.text
    assert not Report.objects.exists()
    assert [r.file.name for r in reports if default_storage.exists(r.file.name)] == []


def test_a_deleted_report_row_takes_its_pdf_along_once_committed(
    engagement, member, django_capture_on_commit_callbacks
):
    report = _rendered(engagement, member)
    kept = _rendered(engagement, member)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        uploads.delete_with_stored_files(report)
    assert default_storage.exists(report.file.name)  # not before the commit
    for callback in callbacks:
        callback()
    assert not default_storage.exists(report.file.name)
    assert default_storage.exists(kept.file.name)
