from django.urls import path

from portal.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_request, name="report-request"),
    path("reports/scorecards/new/", views.scorecard_request, name="scorecard-request"),
    path("reports/latest/status/", views.report_latest_status, name="report-latest-status"),
    path("reports/<uuid:public_id>/status/", views.report_status, name="report-status"),
    path("reports/<uuid:public_id>/download/", views.report_download, name="report-download"),
    path("reports/<uuid:public_id>/retry/", views.report_retry, name="report-retry"),
]
