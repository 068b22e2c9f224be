"""The accounts pages (login with the demo logins, logout, personal API tokens), the 404
page and the endpoint browsers report Content-Security-Policy violations to."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from portal import tokens
from portal.errors import DomainError, add_to_form
from portal.forms import ApiTokenForm
from portal.http import posted

csp_log = logging.getLogger("portal.csp")
CSP_REPORT_MAX_BYTES = 16 * 1024

DEMO_LOGINS = [
    ("member", "fills in the steps (team Customer Care)"),
    ("manager", "approves vendors (team Customer Care)"),
    ("outsider", "member of another team"),
    ("admin", "site administrator"),
]
DEMO_PASSWORD = "portal-demo"


class PortalLoginView(LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.PORTAL_SHOW_DEMO_LOGINS:
            usernames = [name for name, _ in DEMO_LOGINS]
            seeded = get_user_model().objects.filter(username__in=usernames).count()
            if seeded == len(usernames):
                context["demo_logins"] = DEMO_LOGINS
                context["demo_password"] = DEMO_PASSWORD
        return context


class PortalLogoutView(LogoutView):
    """Log out and say so on the login page the user lands on."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are logged out.")
        return response


@require_http_methods(["GET", "POST"])
@login_required
def api_tokens(request):
    """The user's personal API tokens; a new one is shown on this page once, never again."""
    form = ApiTokenForm(posted(request))
    created = None
    if form.is_valid():
        try:
            token, raw = tokens.api_token_create(user=request.user, data=form.to_input())
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            created = {"token": token, "raw": raw}
            form = ApiTokenForm()
    return render(
        request,
        "registration/api_tokens.html",
        {
            "form": form,
            "created": created,
            "tokens": tokens.user_tokens(request.user),
            "now": timezone.now(),
        },
    )


@require_POST
@login_required
def api_token_revoke(request, pk: int):
    token = tokens.user_tokens(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token.")
    tokens.api_token_revoke(user=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked: calls with it are refused now.")
    return redirect("api-tokens")


def page_not_found(request, exception):
    """The 404 page. Django's own view shows the exception's class name ("Resolver404")
    for an address that matches no URL; show only a message written for people."""
    message = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    if request.path.startswith("/api/"):
        # An address no API route matches (a negative id, a typo) answers like the API does.
        error = {"code": "not_found", "message": "No such API route.", "fields": {}}
        return JsonResponse({"error": error}, status=404)
    return render(request, "404.html", {"exception": message}, status=404)


@csrf_exempt  # browsers send reports without the page's token
@require_POST
def csp_report(request):
    """Log a browser's Content-Security-Policy violation report at WARNING (204).

    Anyone can post here, so a report larger than CSP_REPORT_MAX_BYTES is refused
    unread and what is logged is cut short."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = CSP_REPORT_MAX_BYTES + 1
    if length > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    body = request.read(CSP_REPORT_MAX_BYTES)
    try:
        report = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." nested past the limit
        report = None
    if isinstance(report, dict) and isinstance(report.get("csp-report"), dict):
        report = report["csp-report"]
    if isinstance(report, dict):
        fields = ("document-uri", "violated-directive", "effective-directive", "blocked-uri")
        summary = " ".join(f"{key}={str(report.get(key, ''))[:300]!r}" for key in fields)
    else:
        summary = f"unreadable report {body[:300]!r}"
    csp_log.warning("Content-Security-Policy violation: %s", summary)
    return HttpResponse(status=204)
