from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import health, views
from portal.journey import views as journey_views

portal_patterns = [
    path("", journey_views.dashboard, name="dashboard"),
    path("engagements/new/", journey_views.engagement_create, name="engagement-create"),
    path("engagements/<int:pk>/", journey_views.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", journey_views.engagement_edit, name="engagement-edit"),
    path("engagements/<int:pk>/close/", journey_views.engagement_close, name="engagement-close"),
    path("engagements/<int:pk>/reopen/", journey_views.engagement_reopen, name="engagement-reopen"),
    path(
        "engagements/<int:pk>/history/", journey_views.engagement_history, name="engagement-history"
    ),
]

handler404 = "portal.views.page_not_found"

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("engagements/<int:engagement_pk>/", include("portal.planning.urls")),
    path("engagements/<int:engagement_pk>/", include("vendors.shortlist_urls")),
    path("engagements/<int:engagement_pk>/", include("vendors.diligence.urls")),
    path("engagements/<int:engagement_pk>/", include("vendors.invitations.urls")),
    path("engagements/<int:engagement_pk>/", include("contracts.urls")),
    path("engagements/<int:engagement_pk>/", include("portal.reports.urls")),
    path("vendors/", include("vendors.urls")),
    path("respond/", include("vendors.invitations.respond_urls")),
    path("api/v1/", include("portal.api.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("csp-report/", views.csp_report, name="csp-report"),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", views.PortalLogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/api-tokens/", views.api_tokens, name="api-tokens"),
    path("accounts/api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("admin/", admin.site.urls),
]
