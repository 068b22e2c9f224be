"""Decision reports: the team's members and managers; other teams and admins get 404."""

from portal.reports.models import Report
from tests.access_matrix import engagement_kwargs, manager_only, member_only


def _report(status=Report.Status.QUEUED, **extra):
    def kwargs(world):
        report = Report.objects.create(
            engagement=world.engagement, requested_by=world.member, status=status, **extra
        )
        return {"engagement_pk": world.engagement.pk, "public_id": report.public_id}

    return kwargs


def _done_report(world):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    report = Report.objects.create(
        engagement=world.engagement, requested_by=world.member, status=Report.Status.DONE
    )
    stored = default_storage.save(
        f"reports/{report.public_id}.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n")
    )
    Report.objects.filter(pk=report.pk).update(file=stored, size=15)
    return {"engagement_pk": world.engagement.pk, "public_id": report.public_id}


ENTRIES = {
    "reports:report-list": member_only(kwargs=engagement_kwargs),
    "reports:report-request": member_only(302, method="post", kwargs=engagement_kwargs),
    # Managers only: last month's scorecard now (the row is made, rendered after commit).
    "reports:scorecard-request": manager_only(kwargs=engagement_kwargs),
    "reports:report-latest-status": member_only(kwargs=engagement_kwargs),
    "reports:report-status": member_only(kwargs=_report()),
    "reports:report-download": member_only(kwargs=_done_report),
    "reports:report-retry": member_only(
        302, method="post", kwargs=_report(Report.Status.FAILED, error="Boom")
    ),
}
